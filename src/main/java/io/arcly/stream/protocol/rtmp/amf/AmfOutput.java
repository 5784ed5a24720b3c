package io.arcly.stream.protocol.rtmp.amf;

import java.io.ByteArrayOutputStream;

/** Big-endian writers and the depth check shared by the AMF0 and AMF3 encoders. */
final class AmfOutput {
  private AmfOutput() {}

  static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  static void u32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }

  static void f64(ByteArrayOutputStream out, double v) {
    long bits = Double.doubleToLongBits(v);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  /** Returns the depth inside a container at {@code depth}, refusing to nest too deep. */
  static int enter(int depth) {
    if (depth + 1 > AmfLimits.MAX_DEPTH) {
      throw new IllegalArgumentException("amf nesting deeper than " + AmfLimits.MAX_DEPTH);
    }
    return depth + 1;
  }
}
