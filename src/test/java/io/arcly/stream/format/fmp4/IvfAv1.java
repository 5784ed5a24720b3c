package io.arcly.stream.format.fmp4;

import io.arcly.stream.codec.Av1;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny IVF reader for the tests: AV1 temporal units as kernel frames without their temporal
 * delimiters, after a configuration frame built from the first sequence header.
 */
final class IvfAv1 {
  private IvfAv1() {}

  /** The configuration frame, then one frame per temporal unit. */
  static List<Frame> read(byte[] ivf) {
    if (ivf.length < 32 || ivf[0] != 'D' || ivf[1] != 'K' || ivf[2] != 'I' || ivf[3] != 'F') {
      throw new IllegalArgumentException("not an ivf file");
    }
    long rate = le(ivf, 16, 4);
    long scale = le(ivf, 20, 4);
    List<Frame> frames = new ArrayList<>();
    byte[] record = null;
    int at = le16(ivf, 6);
    while (at + 12 <= ivf.length) {
      int size = (int) le(ivf, at, 4);
      long pts = le(ivf, at + 4, 8);
      int from = at + 12;
      ByteArrayOutputStream tu = new ByteArrayOutputStream();
      boolean key = false;
      int p = from;
      while (p < from + size) {
        int header = ivf[p] & 0xFF;
        int type = Av1.obuType(header);
        int q = p + 1 + ((header & 0x04) != 0 ? 1 : 0);
        long obuSize = 0;
        for (int shift = 0; ; shift += 7) {
          int b = ivf[q++] & 0xFF;
          obuSize |= (long) (b & 0x7F) << shift;
          if (b < 0x80) {
            break;
          }
        }
        int end = q + (int) obuSize;
        if (type == Av1.OBU_SEQUENCE_HEADER) {
          key = true;
          if (record == null) {
            record = Av1.fromSequenceHeader(ivf, p, end - p).toRecord();
          }
        }
        if (type != Av1.OBU_TEMPORAL_DELIMITER) {
          tu.write(ivf, p, end - p);
        }
        p = end;
      }
      long micros = MediaTime.fromRate(pts * scale, rate);
      frames.add(Frame.video(CodecId.AV1, micros, micros, key, Payload.wrap(tu.toByteArray())));
      at = from + size;
    }
    if (record == null) {
      throw new IllegalArgumentException("no av1 sequence header");
    }
    frames.add(0, Frame.config(CodecId.AV1, frames.get(0).dts(), Payload.wrap(record)));
    return frames;
  }

  private static int le16(byte[] b, int at) {
    return (int) le(b, at, 2);
  }

  private static long le(byte[] b, int at, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = v << 8 | (b[at + i] & 0xFF);
    }
    return v;
  }
}
