package io.arcly.stream.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Emulation prevention for H.264 / H.265 NAL units: the {@code 0x000003} escapes of ITU-T H.264
 * 7.3.1 / 7.4.1 and H.265 7.3.1.1 / 7.4.2 that keep start codes out of a NAL unit's payload.
 */
public final class Nal {
  private Nal() {}

  /**
   * The raw byte sequence of a NAL unit region with every emulation prevention byte removed ({@code
   * 00 00 03} becomes {@code 00 00}), ITU-T H.264 7.3.1; always a fresh array.
   */
  public static byte[] unescape(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    int end = off + len;
    byte[] out = null;
    int n = 0;
    int zeros = 0;
    for (int i = off; i < end; i++) {
      int x = b[i];
      if (zeros >= 2 && x == 3) {
        if (out == null) {
          out = new byte[len];
          n = i - off;
          System.arraycopy(b, off, out, 0, n);
        }
        zeros = 0;
        continue;
      }
      if (out != null) {
        out[n++] = (byte) x;
      }
      zeros = x == 0 ? zeros + 1 : 0;
    }
    return out == null ? Arrays.copyOfRange(b, off, end) : Arrays.copyOf(out, n);
  }

  /**
   * The NAL unit bytes for a raw byte sequence, inserting an emulation prevention byte wherever two
   * zero bytes are followed by a byte of value 0 to 3 or end the data (a final cabac_zero_word),
   * ITU-T H.264 7.4.1.
   */
  public static byte[] escape(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    byte[] out = new byte[len + len / 2 + 1];
    int n = 0;
    int zeros = 0;
    for (int i = off; i < off + len; i++) {
      int x = b[i] & 0xFF;
      if (zeros >= 2 && x <= 3) {
        out[n++] = 3;
        zeros = 0;
      }
      out[n++] = (byte) x;
      zeros = x == 0 ? zeros + 1 : 0;
    }
    if (zeros >= 2) {
      out[n++] = 3;
    }
    return Arrays.copyOf(out, n);
  }
}
