package io.arcly.stream.protocol.rtmp.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds wire bytes for the AMF tests from readable pieces. */
final class Wire {
  private Wire() {}

  /**
   * Concatenates pieces: an {@code Integer} is one byte (0-255), a {@code String} its UTF-8 bytes,
   * a {@code byte[]} itself.
   */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      switch (part) {
        case Integer i -> {
          if (i < 0 || i > 0xFF) {
            throw new IllegalArgumentException("not a byte: " + i);
          }
          out.write(i);
        }
        case String s -> out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        case byte[] b -> out.writeBytes(b);
        default -> throw new IllegalArgumentException("unknown piece " + part);
      }
    }
    return out.toByteArray();
  }

  /**
   * Bytes from a readable listing: hex digits, {@code 'text'} as UTF-8, {@code #} comments to the
   * end of the line; whitespace is ignored.
   */
  static byte[] wire(String listing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder digits = new StringBuilder();
    int i = 0;
    while (i < listing.length()) {
      char ch = listing.charAt(i);
      if (ch == '#') {
        int eol = listing.indexOf('\n', i);
        i = eol < 0 ? listing.length() : eol;
      } else if (ch == '\'') {
        int close = listing.indexOf('\'', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed text at " + i);
        }
        flush(digits, out);
        out.writeBytes(listing.substring(i + 1, close).getBytes(StandardCharsets.UTF_8));
        i = close + 1;
      } else {
        if (!Character.isWhitespace(ch)) {
          digits.append(ch);
        }
        i++;
      }
    }
    flush(digits, out);
    return out.toByteArray();
  }

  private static void flush(StringBuilder digits, ByteArrayOutputStream out) {
    out.writeBytes(HexFormat.of().parseHex(digits));
    digits.setLength(0);
  }

  /** Bytes from hex digits; spaces are ignored. */
  static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replace(" ", ""));
  }

  /** A big-endian IEEE 754 double. */
  static byte[] f64(double v) {
    long bits = Double.doubleToLongBits(v);
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (bits >>> (56 - 8 * i));
    }
    return b;
  }

  /** A big-endian unsigned 16-bit integer. */
  static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  /** A big-endian unsigned 32-bit integer. */
  static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** An AMF0 string body: u16 length and UTF-8 bytes. */
  static byte[] utf(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return bytes(u16(b.length), b);
  }

  /** A repeated byte. */
  static byte[] fill(int count, int value) {
    byte[] b = new byte[count];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
