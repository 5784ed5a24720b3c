package io.arcly.stream.codec;

import java.util.Arrays;

/** Writes bits most significant first into a growing array; the inverse of {@link BitReader}. */
final class BitWriter {
  private byte[] bytes = new byte[32];
  private long position;

  /** Appends the low {@code n} bits (0 to 64) of {@code value}. */
  BitWriter u(int n, long value) {
    for (int i = n - 1; i >= 0; i--) {
      bit((int) (value >>> i) & 1);
    }
    return this;
  }

  /** Appends one bit. */
  BitWriter flag(boolean b) {
    return bit(b ? 1 : 0);
  }

  /** Appends an unsigned Exp-Golomb code, ITU-T H.264 9.1. */
  BitWriter ue(long value) {
    long v = value + 1;
    int bits = 64 - Long.numberOfLeadingZeros(v);
    u(bits - 1, 0);
    return u(bits, v);
  }

  /** Appends a signed Exp-Golomb code, ITU-T H.264 9.1.1. */
  BitWriter se(long value) {
    return ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** Appends whole bytes. */
  BitWriter bytes(byte[] b) {
    for (byte x : b) {
      u(8, x & 0xFF);
    }
    return this;
  }

  /** Pads with zero bits to the next byte boundary. */
  BitWriter align() {
    while ((position & 7) != 0) {
      bit(0);
    }
    return this;
  }

  /**
   * Appends rbsp_trailing_bits: a one bit, then zero bits to the byte boundary (H.264 7.3.2.11).
   */
  BitWriter trailingBits() {
    bit(1);
    return align();
  }

  /** The number of bits written. */
  long position() {
    return position;
  }

  /** The bytes written so far, the last one padded with zero bits. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, (int) ((position + 7) >>> 3));
  }

  private BitWriter bit(int b) {
    int index = (int) (position >>> 3);
    if (index == bytes.length) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2);
    }
    if (b != 0) {
      bytes[index] |= (byte) (0x80 >>> (position & 7));
    }
    position++;
    return this;
  }
}
