package io.arcly.stream.format.mpegts;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import java.util.Arrays;

/**
 * One elementary stream PID: reassembles its PES packets (ISO/IEC 13818-1 2.4.3.6) from transport
 * packet payloads and hands each complete one to its {@link EsReader}.
 *
 * <p>A PES packet with a PES_packet_length is complete when that many bytes have arrived; one
 * without (length 0, video) when the next one starts or at {@link #flush}. A packet damaged by a
 * lost transport packet, cut short by the next start, larger than the limit or with a malformed
 * header is dropped and counted.
 */
final class PesStream extends PidInput implements EsReader.Out {
  final int pid;
  final int track;
  final Psi.Stream declared;
  final EsReader reader;
  private final int maxSize;
  private final TsDemuxer owner;

  /** Set by discontinuity_indicator: the next media frame carries {@link Frame#DISCONTINUITY}. */
  boolean discontinuity;

  private byte[] buf;
  private int size;
  private int expected; // whole PES packet size; 0 not known yet, -1 unbounded
  private boolean active;
  private boolean damaged;
  private boolean oversize;

  PesStream(int pid, int track, Psi.Stream declared, EsReader reader, TsDemuxer owner) {
    this.pid = pid;
    this.track = track;
    this.declared = declared;
    this.reader = reader;
    this.owner = owner;
    this.maxSize =
        reader.codec().kind() == io.arcly.stream.media.TrackKind.VIDEO
            ? TsDemuxer.MAX_VIDEO_PES
            : TsDemuxer.MAX_AUDIO_PES;
  }

  /** The codec of the frames. */
  CodecId codec() {
    return reader.codec();
  }

  @Override
  void payload(byte[] b, int off, int len, boolean unitStart) {
    if (unitStart) {
      if (active) {
        end();
      }
      active = true;
      damaged = false;
      oversize = false;
      size = 0;
      expected = 0;
    }
    if (!active || oversize) {
      return;
    }
    if (len > maxSize - size) {
      tooLarge();
      return;
    }
    if (buf == null || size + len > buf.length) {
      int want = Math.max(size + len, buf == null ? 4096 : 2 * buf.length);
      buf = Arrays.copyOf(buf == null ? new byte[0] : buf, Math.min(want, maxSize));
    }
    System.arraycopy(b, off, buf, size, len);
    size += len;
    if (expected == 0 && size >= 6) {
      int length = ((buf[4] & 0xFF) << 8) | (buf[5] & 0xFF);
      expected = length == 0 ? -1 : 6 + length;
      if (expected > maxSize) {
        tooLarge();
        return;
      }
      if (expected > buf.length) {
        buf = Arrays.copyOf(buf, expected);
      }
    }
    if (expected > 0 && size >= expected) {
      complete();
    }
  }

  private void tooLarge() {
    oversize = true;
    owner.pesOversize();
    if (buf != null && buf.length > 65536) {
      buf = null; // do not keep the memory of a hostile packet
    }
  }

  @Override
  void damage() {
    if (active) {
      damaged = true;
    }
  }

  /** Hands out the PES packet being assembled, as if the next one had started. */
  void flush() {
    if (active) {
      end();
    }
  }

  private void end() {
    if (!oversize && !damaged && expected > 0 && size < expected) {
      active = false;
      owner.pesDropped(); // cut short by the next start
      return;
    }
    complete();
  }

  private void complete() {
    active = false;
    if (oversize) {
      return;
    }
    if (damaged) {
      owner.pesDropped();
      return;
    }
    int total = expected > 0 ? expected : size;
    PesHeader h = PesHeader.parse(buf, 0, total);
    if (h == null) {
      owner.pesDropped();
      return;
    }
    long pts = PesHeader.NONE;
    long dts = PesHeader.NONE;
    if (h.pts() != PesHeader.NONE) {
      dts = owner.clock().unwrap(h.dts());
      pts = owner.clock().unwrap(h.pts());
    }
    byte[] data = buf;
    if (reader.retainsBuffer()) {
      buf = null; // the frames share it
    }
    reader.read(data, h.payloadOffset(), total - h.payloadOffset(), pts, dts, this);
  }

  @Override
  public void frame(long pts, long dts, int flags, Payload payload) {
    int f = flags;
    if (discontinuity && (flags & Frame.CONFIG) == 0) {
      f |= Frame.DISCONTINUITY;
      discontinuity = false;
    }
    CodecId c = reader.codec();
    owner.emit(
        new Frame(
            track,
            c.kind(),
            c,
            MediaTime.fromRate(pts, 90_000),
            MediaTime.fromRate(dts, 90_000),
            f,
            payload));
  }

  @Override
  public void error() {
    owner.esError();
  }

  @Override
  public void beforeConfig() {
    owner.beforeConfig();
  }
}
