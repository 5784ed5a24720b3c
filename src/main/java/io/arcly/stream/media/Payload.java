package io.arcly.stream.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable view of bytes, shared by every reader without copying.
 *
 * <p>A payload owns a region of an array that nobody writes again: {@link #wrap} hands the array
 * over (the caller promises not to touch it afterwards), {@link #copyOf} makes a private copy.
 * Slices share the array. Equality compares content.
 */
public final class Payload {
  /** The empty payload. */
  public static final Payload EMPTY = new Payload(new byte[0], 0, 0);

  private final byte[] bytes;
  private final int offset;
  private final int length;

  private Payload(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** Takes ownership of {@code bytes}: the caller must never modify the array again. */
  public static Payload wrap(byte[] bytes) {
    return new Payload(bytes, 0, bytes.length);
  }

  /** Takes ownership of a region of {@code bytes}: the caller must never modify it again. */
  public static Payload wrap(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    return new Payload(bytes, offset, length);
  }

  /** A payload holding a private copy of {@code bytes}. */
  public static Payload copyOf(byte[] bytes) {
    return new Payload(bytes.clone(), 0, bytes.length);
  }

  /** Number of bytes. */
  public int length() {
    return length;
  }

  /** Whether the payload holds no bytes. */
  public boolean isEmpty() {
    return length == 0;
  }

  /** The byte at {@code index} as an unsigned value 0-255. */
  public int get(int index) {
    java.util.Objects.checkIndex(index, length);
    return bytes[offset + index] & 0xFF;
  }

  /** A payload sharing this one's bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  public Payload slice(int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, length);
    return new Payload(bytes, offset + from, to - from);
  }

  /** A new read-only buffer over the bytes, positioned at 0; each call returns its own buffer. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
  }

  /** Writes the bytes to {@code out} without copying them first. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, offset, length);
  }

  /** Copies the bytes into {@code dst} at {@code dstOffset}. */
  public void copyTo(byte[] dst, int dstOffset) {
    System.arraycopy(bytes, offset, dst, dstOffset, length);
  }

  /** Copies the bytes into {@code dst} at index {@code at}, leaving its position as it is. */
  public void copyTo(ByteBuffer dst, int at) {
    dst.put(at, bytes, offset, length);
  }

  /** A fresh array holding a copy of the bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload p
        && Arrays.equals(bytes, offset, offset + length, p.bytes, p.offset, p.offset + p.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "Payload[" + length + " bytes]";
  }
}
