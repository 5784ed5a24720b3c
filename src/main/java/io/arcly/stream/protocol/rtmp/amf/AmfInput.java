package io.arcly.stream.protocol.rtmp.amf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A bounds-checked cursor over the region being decoded, shared by the AMF0 and AMF3 readers of one
 * decode run: it carries the nesting depth and the expanded-size budget across both formats.
 */
final class AmfInput {
  private final byte[] buf;
  private final int start;
  private final int end;
  private int pos;
  private int depth;
  private long expanded;

  /** The weight of the value read last: see {@link #checkWeight}. */
  long weight;

  AmfInput(byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    this.buf = buf;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  /** Bytes left in the region. */
  int remaining() {
    return end - pos;
  }

  /** The current position, counted from the start of the region. */
  int offset() {
    return pos - start;
  }

  /** The byte at the current position plus {@code ahead}, without consuming it; -1 past the end. */
  int peek(int ahead) {
    return ahead < end - pos ? buf[pos + ahead] & 0xFF : -1;
  }

  void skip(int n) {
    pos += n;
  }

  /** Throws unless {@code n} more bytes are available for {@code what}. */
  void require(long n, String format, String what) {
    if (n > end - pos) {
      throw new AmfException(format + " truncated " + what + " at offset " + offset());
    }
  }

  int u8(String format, String what) {
    require(1, format, what);
    return buf[pos++] & 0xFF;
  }

  int u16(String format, String what) {
    require(2, format, what);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  long u32(String format, String what) {
    require(4, format, what);
    long v =
        ((long) (buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long u64(String format, String what) {
    require(8, format, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  double f64(String format, String what) {
    return Double.longBitsToDouble(u64(format, what));
  }

  /** Reads {@code length} bytes as UTF-8; malformed sequences become U+FFFD. */
  String utf8(long length, String format, String what) {
    require(length, format, what);
    String s = new String(buf, pos, (int) length, StandardCharsets.UTF_8);
    pos += (int) length;
    return s;
  }

  byte[] bytes(long length, String format, String what) {
    require(length, format, what);
    byte[] b = new byte[(int) length];
    System.arraycopy(buf, pos, b, 0, b.length);
    pos += b.length;
    return b;
  }

  /** Enters a container; throws past {@link AmfLimits#MAX_DEPTH}. */
  void enter() {
    if (++depth > AmfLimits.MAX_DEPTH) {
      throw new AmfException("amf nesting deeper than " + AmfLimits.MAX_DEPTH);
    }
  }

  void leave() {
    depth--;
  }

  /**
   * Checks a weight against {@link AmfLimits#MAX_EXPANDED_SIZE} and returns it. A weight is the
   * size of a value with every reference written out in full: one per value plus one per character
   * of each string, property name and class name and one per byte of each byte array.
   */
  static long checkWeight(long weight) {
    if (weight > AmfLimits.MAX_EXPANDED_SIZE) {
      throw expandedTooLarge();
    }
    return weight;
  }

  /** Adds a top-level value's weight to the run's total. */
  void addTopLevel(long weight) {
    expanded += weight;
    if (expanded > AmfLimits.MAX_EXPANDED_SIZE) {
      throw expandedTooLarge();
    }
  }

  private static AmfException expandedTooLarge() {
    return new AmfException(
        "amf value expands to more than "
            + AmfLimits.MAX_EXPANDED_SIZE
            + " units through references");
  }

  /** Throws if a container already holds {@link AmfLimits#MAX_ENTRIES}. */
  static void checkEntries(int count, String format, String what) {
    if (count >= AmfLimits.MAX_ENTRIES) {
      throw new AmfException(
          format + " " + what + " has more than " + AmfLimits.MAX_ENTRIES + " entries");
    }
  }
}
