package io.arcly.stream.format.mpegts;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;

/**
 * MPEG audio (stream types 0x03 and 0x04, ISO/IEC 11172-3 and 13818-3): the PES packet is split at
 * its frame headers (2.4.2.3), each frame keeping its header as MP3 frames do, timed 1152 samples
 * (576 for MPEG-2 and 2.5) after the one before.
 *
 * <p>Only Layer III is carried (as {@link CodecId#MP3}, which has no configuration frame); frames
 * of Layers I and II, free-format frames and bytes that are no frame header are errors.
 */
final class MpegAudioEs implements EsReader {
  private static final int[] BITRATE_V1 = {
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0
  };
  private static final int[] BITRATE_V2 = {
    0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0
  };
  private static final int[] RATE_V1 = {44_100, 48_000, 32_000, 0};

  private long next = PesHeader.NONE;

  @Override
  public CodecId codec() {
    return CodecId.MP3;
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
    while (end - p >= 4) {
      int h1 = b[p + 1] & 0xFF;
      int h2 = b[p + 2] & 0xFF;
      int version = (h1 >>> 3) & 3; // 0 MPEG-2.5, 1 reserved, 2 MPEG-2, 3 MPEG-1
      int layer = (h1 >>> 1) & 3; // 1 Layer III
      int rateIndex = (h2 >>> 2) & 3;
      int bitrateIndex = h2 >>> 4;
      if ((b[p] & 0xFF) != 0xFF
          || (h1 & 0xE0) != 0xE0
          || version == 1
          || layer != 1
          || rateIndex == 3
          || bitrateIndex == 0
          || bitrateIndex == 15) {
        out.error();
        break;
      }
      int rate = RATE_V1[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
      int kbps = (version == 3 ? BITRATE_V1 : BITRATE_V2)[bitrateIndex];
      int samples = version == 3 ? 1152 : 576;
      int size = samples / 8 * kbps * 1000 / rate + ((h2 >>> 1) & 1);
      if (size > end - p) {
        out.error();
        break;
      }
      out.frame(ts, ts, 0, Payload.wrap(b, p, size));
      ts += EsReader.ticks(samples, rate);
      p += size;
    }
    if (end - p > 0 && end - p < 4) {
      out.error();
    }
    next = ts;
  }
}
