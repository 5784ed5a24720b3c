package io.arcly.stream.codec;

import java.util.Objects;

/**
 * Reads bits most significant first from a region of a byte array, as the descriptors {@code u(n)},
 * {@code ue(v)} and {@code se(v)} of ITU-T H.264 7.2 / H.265 7.2 and {@code f(n)}, {@code leb128()}
 * and {@code uvlc()} of the AV1 specification 4.10 do.
 *
 * <p>Reading past the end of the region throws a {@link CodecException} whose message is the
 * reader's context followed by {@code " truncated"} (for example {@code "h264 sps truncated"}); no
 * method ever throws an {@link IndexOutOfBoundsException}. The reader does not remove emulation
 * prevention bytes: hand it the output of {@link Nal#unescape} for H.264 / H.265 RBSP data.
 */
public final class BitReader {
  private final byte[] bytes;
  private final int offset;
  private final long limit;
  private final String context;
  private long position;

  /** A reader over {@code len} bytes of {@code b} from {@code off}, with context "bitstream". */
  public BitReader(byte[] b, int off, int len) {
    this(b, off, len, "bitstream");
  }

  /**
   * A reader over {@code len} bytes of {@code b} from {@code off}; {@code context} starts every
   * exception message, for example {@code "h264 sps"}.
   */
  public BitReader(byte[] b, int off, int len, String context) {
    Objects.checkFromIndexSize(off, len, b.length);
    this.bytes = b;
    this.offset = off;
    this.limit = (long) len * 8;
    this.context = Objects.requireNonNull(context, "context");
  }

  /** A reader over the whole array, with context "bitstream". */
  public BitReader(byte[] b) {
    this(b, 0, b.length);
  }

  /**
   * Reads {@code n} bits (0 to 32) as an unsigned number, H.264 7.2 {@code u(n)}; with {@code n ==
   * 32} the result is the bit pattern, use {@link Integer#toUnsignedLong} for its value.
   */
  public int u(int n) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("bit count must be 0 to 32: " + n);
    }
    return (int) read(n);
  }

  /** Reads {@code n} bits (0 to 64) as an unsigned number, for wide fields such as 48-bit flags. */
  public long uLong(int n) {
    if (n < 0 || n > 64) {
      throw new IllegalArgumentException("bit count must be 0 to 64: " + n);
    }
    return read(n);
  }

  /** Reads one bit as a boolean, H.264 7.2 {@code u(1)}. */
  public boolean flag() {
    return read(1) != 0;
  }

  /**
   * Reads an unsigned Exp-Golomb code, ITU-T H.264 9.1 {@code ue(v)}; values above {@link
   * Integer#MAX_VALUE} throw a {@link CodecException} ("... exp-golomb value out of range").
   */
  public int ue() {
    long value = ueLong();
    if (value > Integer.MAX_VALUE) {
      throw new CodecException(context + " exp-golomb value out of range");
    }
    return (int) value;
  }

  /**
   * Reads a signed Exp-Golomb code, ITU-T H.264 9.1.1 {@code se(v)}, over the whole range -2^31 + 1
   * to 2^31 - 1.
   */
  public int se() {
    long k = ueLong();
    return (int) ((k & 1) != 0 ? (k + 1) / 2 : -(k / 2));
  }

  /** An Exp-Golomb code of at most 31 leading zero bits: 0 to 2^32 - 2. */
  private long ueLong() {
    int zeros = 0;
    while (read(1) == 0) {
      zeros++;
      if (zeros > 31) {
        throw new CodecException(context + " exp-golomb value out of range");
      }
    }
    return (1L << zeros) - 1 + read(zeros);
  }

  /**
   * Reads an unsigned LEB128 number of at most 8 bytes, AV1 specification 4.10.5 {@code leb128()};
   * the reader must be byte aligned.
   */
  public long leb128() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int b = (int) read(8);
      value |= (long) (b & 0x7F) << (i * 7);
      if ((b & 0x80) == 0) {
        if (value > 0xFFFF_FFFFL) {
          throw new CodecException(context + " leb128 value out of range");
        }
        return value;
      }
    }
    throw new CodecException(context + " leb128 value out of range");
  }

  /** Reads a variable length unsigned number, AV1 specification 4.10.3 {@code uvlc()}. */
  public long uvlc() {
    int zeros = 0;
    while (read(1) == 0) {
      zeros++;
    }
    if (zeros >= 32) {
      return 0xFFFF_FFFFL;
    }
    return read(zeros) + (1L << zeros) - 1;
  }

  /** Skips {@code n} bits, throwing a {@link CodecException} when fewer are left. */
  public void skip(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot skip backwards: " + n);
    }
    if (n > limit - position) {
      position = limit;
      throw truncated();
    }
    position += n;
  }

  /** Skips to the next byte boundary (relative to the start of the region). */
  public void byteAlign() {
    skip((8 - (position & 7)) & 7);
  }

  /** Whether the position is on a byte boundary of the region. */
  public boolean byteAligned() {
    return (position & 7) == 0;
  }

  /** The number of bits not read yet, at most {@link Integer#MAX_VALUE}. */
  public int bitsLeft() {
    return (int) Math.min(limit - position, Integer.MAX_VALUE);
  }

  /** The number of bits read (or skipped) since the start of the region. */
  public long position() {
    return position;
  }

  private long read(int n) {
    if (n == 0) {
      return 0;
    }
    if (n > limit - position) {
      position = limit;
      throw truncated();
    }
    long value = 0;
    int need = n;
    while (need > 0) {
      int index = offset + (int) (position >>> 3);
      int used = (int) (position & 7);
      int avail = 8 - used;
      int take = Math.min(avail, need);
      int bits = ((bytes[index] & 0xFF) >>> (avail - take)) & ((1 << take) - 1);
      value = (value << take) | bits;
      need -= take;
      position += take;
    }
    return value;
  }

  private CodecException truncated() {
    return new CodecException(context + " truncated");
  }
}
