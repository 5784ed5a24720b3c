package io.arcly.stream.format.mpegts;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.Opus;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;

/**
 * Opus in a private PES stream (stream type 0x06 with registration descriptor {@code 'Opus'}, as
 * the Opus in MPEG-2 transport stream specification (ETSI TS draft, opus-codec.org) maps it): a PES
 * packet holds Opus packets, each behind a control header.
 *
 * <pre>
 * 0111 1111 111      opus_control_header_prefix (0x7FF0 with the flags below under mask 0xFFE0)
 * s e c rr           start_trim_flag, end_trim_flag, control_extension_flag, reserved
 * FF .. xx           au_size: 0xFF bytes add 255 each, the last byte (below 0xFF) adds itself
 * [16] [16]          start_trim, end_trim when flagged
 * [len, bytes]       control extension when flagged
 * packet             au_size bytes
 * </pre>
 *
 * <p>Each packet becomes a frame timed by the durations its TOC bytes announce. The OpusHead comes
 * from the channel_config_code of the Opus audio descriptor (0 dual mono, 1 to 8 channels; absent
 * or explicit mappings give stereo) and is handed out before the first frame.
 */
final class OpusEs implements EsReader {
  private final byte[] head;
  private boolean headSent;
  private long next = PesHeader.NONE;

  /** A reader for the descriptor's {@code channel_config_code}, -1 when absent. */
  OpusEs(int channelConfig) {
    if (channelConfig == 0) {
      head = Opus.dualMonoHead();
    } else if (channelConfig >= 1 && channelConfig <= 8) {
      head = Opus.head(channelConfig);
    } else {
      head = Opus.head(2);
    }
  }

  @Override
  public CodecId codec() {
    return CodecId.OPUS;
  }

  @Override
  public boolean retainsBuffer() {
    return true;
  }

  @Override
  public void read(byte[] b, int off, int len, long pts, long dts, Out out) {
    long ts = pts != PesHeader.NONE ? pts : next;
    if (ts == PesHeader.NONE) {
      out.error();
      return;
    }
    int p = off;
    int end = off + len;
    while (end - p >= 2) {
      int prefix = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      if ((prefix & 0xFFE0) != 0x7FE0) {
        out.error();
        break;
      }
      p += 2;
      int size = 0;
      int x;
      do {
        if (p >= end) {
          out.error();
          next = ts;
          return;
        }
        x = b[p++] & 0xFF;
        size += x;
      } while (x == 0xFF);
      int skip = ((prefix & 0x10) != 0 ? 2 : 0) + ((prefix & 0x08) != 0 ? 2 : 0);
      if ((prefix & 0x04) != 0) {
        if (p + skip >= end) {
          out.error();
          break;
        }
        skip += 1 + (b[p + skip] & 0xFF);
      }
      p += skip;
      if (size > end - p || size == 0) {
        out.error();
        break;
      }
      int samples;
      try {
        samples = Opus.packetSamples(b, p, size);
      } catch (CodecException e) {
        out.error();
        break;
      }
      if (!headSent) {
        headSent = true;
        out.frame(ts, ts, Frame.CONFIG, Payload.wrap(head));
      }
      out.frame(ts, ts, 0, Payload.wrap(b, p, size));
      ts += EsReader.ticks(samples, Opus.RATE);
      p += size;
    }
    next = ts;
  }
}
