package io.arcly.stream.format.mpegts;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.Latm;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;

/**
 * AAC in LATM with LOAS framing (stream type 0x11, ISO/IEC 14496-3 1.7.2 AudioSyncStream): each
 * LOAS frame is {@code 0x2B7} (11 bits), a 13-bit length and an AudioMuxElement with its
 * StreamMuxConfig in band; every subframe becomes a frame, 1024 samples after the one before. The
 * AudioSpecificConfig is handed out as a configuration frame when it first appears and when it
 * changes; elements before the first StreamMuxConfig are dropped.
 */
final class LatmEs implements EsReader, Latm.Sink {
  private Latm.MuxConfig mux;
  private int rate;
  private long next = PesHeader.NONE;

  // the timeline of the PES packet being read: base plus counted samples at rate
  private long base;
  private long counted;
  private Out out;

  @Override
  public CodecId codec() {
    return CodecId.AAC;
  }

  @Override
  public boolean retainsBuffer() {
    return true;
  }

  @Override
  public void read(byte[] b, int off, int len, long pts, long dts, Out out) {
    long start = pts != PesHeader.NONE ? pts : next;
    if (start == PesHeader.NONE) {
      out.error();
      return;
    }
    this.out = out;
    base = start;
    counted = 0;
    int p = off;
    int end = off + len;
    while (end - p >= 3) {
      int sync = ((b[p] & 0xFF) << 3) | ((b[p + 1] & 0xFF) >>> 5);
      int length = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
      if (sync != Latm.LOAS_SYNC || length > end - p - 3) {
        out.error();
        break;
      }
      try {
        if (Latm.audioMuxElement(b, p + 3, length, true, mux, this) == null) {
          out.beforeConfig();
        }
      } catch (CodecException e) {
        out.error();
      }
      p += 3 + length;
    }
    this.out = null;
    if (rate != 0) {
      next = now();
    }
  }

  private long now() {
    return base + (rate == 0 ? 0 : EsReader.ticks(counted, rate));
  }

  @Override
  public void config(Latm.MuxConfig c) {
    boolean changed = mux == null || !c.asc().equals(mux.asc());
    mux = c;
    if (changed) {
      int newRate = c.audioConfig().coreSampleRate();
      if (rate != 0 && newRate != rate) {
        base = now();
        counted = 0;
      }
      rate = newRate;
      long ts = now();
      out.frame(ts, ts, Frame.CONFIG, c.asc());
    }
  }

  @Override
  public void frame(int index, Payload frame) {
    long ts = now();
    out.frame(ts, ts, 0, frame);
    counted += 1024;
  }
}
