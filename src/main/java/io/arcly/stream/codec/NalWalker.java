package io.arcly.stream.codec;

import io.arcly.stream.media.Payload;
import java.util.Objects;

/**
 * Walks the NAL units of a length-prefixed access unit (the ISO/IEC 14496-15 sample format: each
 * NAL unit preceded by its big-endian length) without copying or allocating.
 *
 * <pre>{@code
 * NalWalker w = new NalWalker(frame.payload());   // 4-byte lengths, as in Frame payloads
 * while (w.next()) {
 *   int type = H264.nalType(payload.get(w.offset()));
 *   send(payload, w.offset(), w.length());
 * }
 * }</pre>
 *
 * <p>{@link #next()} throws a {@link CodecException} ("nal length prefix overruns access unit")
 * when a length prefix or the NAL unit it announces runs past the end of the payload; NAL units
 * before it have been reported. A NAL unit of length 0 is reported as such. A walker can be reused
 * for another access unit with {@link #reset}.
 */
public final class NalWalker {
  private Payload au = Payload.EMPTY;
  private int lengthSize = 4;
  private int pos;
  private int offset;
  private int length;

  /** A walker with nothing to walk; call {@link #reset} before use. */
  public NalWalker() {}

  /** A walker over an access unit with 4-byte length prefixes (ISO/IEC 14496-15 NALUnitLength). */
  public NalWalker(Payload au) {
    reset(au, 4);
  }

  /** A walker over an access unit with {@code lengthSize}-byte prefixes (1 to 4). */
  public NalWalker(Payload au, int lengthSize) {
    reset(au, lengthSize);
  }

  /** Starts over on {@code au} with {@code lengthSize}-byte prefixes (1 to 4) and returns this. */
  public NalWalker reset(Payload au, int lengthSize) {
    if (lengthSize < 1 || lengthSize > 4) {
      throw new IllegalArgumentException("nal length size must be 1 to 4: " + lengthSize);
    }
    this.au = Objects.requireNonNull(au, "au");
    this.lengthSize = lengthSize;
    this.pos = 0;
    this.offset = 0;
    this.length = 0;
    return this;
  }

  /**
   * Whether bytes are left after the current NAL unit (the next call to {@link #next()} either
   * reports a NAL unit or throws).
   */
  public boolean hasNext() {
    return pos < au.length();
  }

  /**
   * Advances to the next NAL unit and returns true, or returns false at the end of the access unit.
   *
   * @throws CodecException when a length prefix overruns the access unit
   */
  public boolean next() {
    int size = au.length();
    if (pos >= size) {
      return false;
    }
    if (lengthSize > size - pos) {
      pos = size;
      throw new CodecException("nal length prefix overruns access unit");
    }
    long n = 0;
    for (int i = 0; i < lengthSize; i++) {
      n = (n << 8) | au.get(pos + i);
    }
    int start = pos + lengthSize;
    if (n > size - start) {
      pos = size;
      throw new CodecException("nal length prefix overruns access unit");
    }
    offset = start;
    length = (int) n;
    pos = start + length;
    return true;
  }

  /** The offset of the current NAL unit's first byte (its header) within the access unit. */
  public int offset() {
    return offset;
  }

  /** The length in bytes of the current NAL unit, without its prefix. */
  public int length() {
    return length;
  }

  /** The first byte (NAL unit header) of the current NAL unit, or -1 when it is empty. */
  public int firstByte() {
    return length == 0 ? -1 : au.get(offset);
  }

  /** The current NAL unit as a payload sharing the access unit's bytes (allocates a view). */
  public Payload slice() {
    return au.slice(offset, offset + length);
  }
}
