package io.arcly.stream.format.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer that writes ISO base media file format boxes: {@link #start}
 * leaves a size placeholder, {@link #end} patches it once the box content is written.
 *
 * <p>Sizes are 32-bit; a box larger than 4 GiB - 1 is rejected.
 */
final class BoxWriter {
  private byte[] buf;
  private int pos;

  /** A writer with room for {@code capacity} bytes before it grows. */
  BoxWriter(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  /** The number of bytes written so far, which is also the offset of the next byte. */
  int position() {
    return pos;
  }

  /** Starts a box of four-character {@code type}; returns its offset for {@link #end}. */
  int start(String type) {
    int at = pos;
    u32(0);
    fourcc(type);
    return at;
  }

  /** Starts a full box: type, then the 8-bit version and 24-bit flags. */
  int startFull(String type, int version, int flags) {
    int at = start(type);
    u32(((version & 0xFF) << 24) | (flags & 0xFFFFFF));
    return at;
  }

  /** Ends the box that started at {@code at}, patching its size. */
  void end(int at) {
    patchU32(at, pos - at);
  }

  /** Writes a four-character code. */
  void fourcc(String code) {
    byte[] b = code.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length != 4) {
      throw new IllegalArgumentException("not a four-character code: " + code);
    }
    bytes(b);
  }

  /** Writes one byte. */
  void u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  /** Writes 16 bits. */
  void u16(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  /** Writes 24 bits. */
  void u24(int v) {
    ensure(3);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  /** Writes 32 bits. */
  void u32(long v) {
    ensure(4);
    put32(pos, (int) v);
    pos += 4;
  }

  /** Writes 64 bits. */
  void u64(long v) {
    u32(v >>> 32);
    u32(v);
  }

  /** Writes {@code n} zero bytes. */
  void zeros(int n) {
    ensure(n);
    Arrays.fill(buf, pos, pos + n, (byte) 0);
    pos += n;
  }

  /** Writes {@code b}. */
  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /**
   * Reserves {@code n} bytes for the caller to fill through {@link #array}; returns their offset.
   */
  int reserve(int n) {
    ensure(n);
    int at = pos;
    pos += n;
    return at;
  }

  /**
   * The backing array, valid until the next write; bytes past {@link #position} are unspecified.
   */
  byte[] array() {
    return buf;
  }

  /** Overwrites 32 bits at {@code at}. */
  void patchU32(int at, long v) {
    if (at < 0 || at + 4 > pos) {
      throw new IndexOutOfBoundsException("patch outside the written bytes: " + at);
    }
    put32(at, (int) v);
  }

  /** The written bytes, without copying when the buffer is exactly full. */
  byte[] toByteArray() {
    return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
  }

  private void put32(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void ensure(int n) {
    long need = (long) pos + n;
    if (need > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("box data too large");
    }
    if (need > buf.length) {
      buf =
          Arrays.copyOf(
              buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, buf.length * 2L)));
    }
  }
}
