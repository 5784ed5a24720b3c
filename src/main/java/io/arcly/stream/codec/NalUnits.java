package io.arcly.stream.codec;

import io.arcly.stream.media.Payload;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Conversions between the two framings of H.264 / H.265 access units: the Annex B byte stream
 * (ITU-T H.264 Annex B, H.265 Annex B: start codes {@code 00 00 01} / {@code 00 00 00 01}) and the
 * length-prefixed sample format of ISO/IEC 14496-15 (each NAL unit preceded by its big-endian
 * length), which is what {@link io.arcly.stream.media.Frame} payloads carry with 4-byte lengths.
 *
 * <p>To visit the NAL units of a length-prefixed access unit without copying, use {@link NalWalker}
 * (an iterator over offsets and lengths) or {@link #forEach}.
 */
public final class NalUnits {
  private NalUnits() {}

  /** Receives one NAL unit of an access unit as its offset and length within the payload. */
  @FunctionalInterface
  public interface Visitor {
    /** Called for each NAL unit, in order; {@code offset} is that of the NAL unit header. */
    void visit(int offset, int length);
  }

  /**
   * Calls {@code visitor} for every NAL unit of a 4-byte-length-prefixed access unit, in order,
   * without allocating (ISO/IEC 14496-15 NALUnitLength framing).
   *
   * @throws CodecException when a length prefix overruns the access unit (NAL units before it have
   *     been visited)
   */
  public static void forEach(Payload au, Visitor visitor) {
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      visitor.visit(w.offset(), w.length());
    }
  }

  /**
   * The number of NAL units in a 4-byte-length-prefixed access unit (ISO/IEC 14496-15).
   *
   * @throws CodecException when a length prefix overruns the access unit
   */
  public static int count(Payload au) {
    NalWalker w = new NalWalker(au);
    int n = 0;
    while (w.next()) {
      n++;
    }
    return n;
  }

  /**
   * Converts an Annex B byte stream region (ITU-T H.264 B.1 / H.265 B.2) into NAL units each
   * prefixed by a 4-byte big-endian length.
   *
   * <p>Both 3- and 4-byte start codes are accepted; bytes before the first start code, the trailing
   * zero bytes of every NAL unit (trailing_zero_8bits and the leading zero of a 4-byte start code)
   * and empty NAL units are dropped. A region holding only zero bytes (or nothing) gives an empty
   * array.
   *
   * @throws CodecException when the region holds non-zero bytes but no start code
   */
  public static byte[] annexBToLengthPrefixed(byte[] b, int off, int len) {
    return annexBToLengthPrefixed(b, off, len, null);
  }

  /**
   * Like {@link #annexBToLengthPrefixed(byte[], int, int)}, keeping only the NAL units whose header
   * byte passes {@code keep} (all when null), so access unit delimiters or filler data can be left
   * out without a second copy.
   *
   * @throws CodecException when the region holds non-zero bytes but no start code
   */
  public static byte[] annexBToLengthPrefixed(byte[] b, int off, int len, IntPredicate keep) {
    Objects.checkFromIndexSize(off, len, b.length);
    int end = off + len;
    int first = findStartCode(b, off, end);
    if (first < 0) {
      for (int i = off; i < end; i++) {
        if (b[i] != 0) {
          throw new CodecException("annex-b data has no start code");
        }
      }
      return new byte[0];
    }
    byte[] out = new byte[convert(b, first, end, keep, null)];
    convert(b, first, end, keep, out);
    return out;
  }

  /**
   * Writes the NAL units after the start code at {@code first} into {@code out} (when not null) and
   * returns the size they take.
   */
  private static int convert(byte[] b, int first, int end, IntPredicate keep, byte[] out) {
    int w = 0;
    int start = first + 3;
    while (true) {
      int next = findStartCode(b, start, end);
      int stop = next < 0 ? end : next;
      while (stop > start && b[stop - 1] == 0) {
        stop--;
      }
      int n = stop - start;
      if (n > 0 && (keep == null || keep.test(b[start] & 0xFF))) {
        if (out != null) {
          writeLength(out, w, n);
          System.arraycopy(b, start, out, w + 4, n);
        }
        w += 4 + n;
      }
      if (next < 0) {
        return w;
      }
      start = next + 3;
    }
  }

  /**
   * Converts an Annex B payload (ITU-T H.264 B.1 / H.265 B.2) into a new payload of 4-byte
   * length-prefixed NAL units; see {@link #annexBToLengthPrefixed(byte[], int, int)}.
   */
  public static Payload annexBToLengthPrefixed(Payload annexB) {
    byte[] b = annexB.toByteArray();
    return Payload.wrap(annexBToLengthPrefixed(b, 0, b.length));
  }

  /**
   * Whether a payload starts with an Annex B start code ({@code 00 00 01} or {@code 00 00 00 01},
   * ITU-T H.264 B.1), as some encoders send over framings that expect length prefixes.
   */
  public static boolean startsWithStartCode(Payload p) {
    int n = p.length();
    if (n >= 3 && p.get(0) == 0 && p.get(1) == 0) {
      return p.get(2) == 1 || (n >= 4 && p.get(2) == 0 && p.get(3) == 1);
    }
    return false;
  }

  /** The index of the first {@code 00 00 01} at or after {@code from} and before {@code end}. */
  private static int findStartCode(byte[] b, int from, int end) {
    int i = from;
    while (i + 2 < end) {
      int third = b[i + 2];
      if (third > 1 || third < 0) {
        i += 3; // no start code can begin at i, i + 1 or i + 2
      } else if (third == 1 && b[i] == 0 && b[i + 1] == 0) {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * Rewrites an access unit whose NAL units have {@code srcLengthSize}-byte length prefixes (1 to
   * 4, the configuration record's lengthSizeMinusOne + 1, ISO/IEC 14496-15) with 4-byte prefixes.
   *
   * <p>With {@code srcLengthSize == 4} the payload is returned as it is, unchecked; otherwise a new
   * payload is built, dropping NAL units of length 0.
   *
   * @throws CodecException when a length prefix overruns the access unit
   * @throws IllegalArgumentException when {@code srcLengthSize} is not 1 to 4
   */
  public static Payload toLengthPrefixed4(Payload src, int srcLengthSize) {
    if (srcLengthSize == 4) {
      return src;
    }
    NalWalker w = new NalWalker(src, srcLengthSize);
    long size = 0;
    while (w.next()) {
      if (w.length() > 0) {
        size += 4L + w.length();
      }
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new CodecException("access unit too large");
    }
    byte[] out = new byte[(int) size];
    int pos = 0;
    w.reset(src, srcLengthSize);
    while (w.next()) {
      int n = w.length();
      if (n > 0) {
        writeLength(out, pos, n);
        src.slice(w.offset(), w.offset() + n).copyTo(out, pos + 4);
        pos += 4 + n;
      }
    }
    return Payload.wrap(out);
  }

  /**
   * Converts a 4-byte-length-prefixed access unit (ISO/IEC 14496-15) into an Annex B byte stream
   * with a 4-byte start code before every NAL unit (ITU-T H.264 B.1), for MPEG-TS and RTSP
   * fallbacks; the result has the same size as the input.
   *
   * @throws CodecException when a length prefix overruns the access unit
   */
  public static byte[] lengthPrefixedToAnnexB(Payload au) {
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      // validate the whole access unit before copying
    }
    byte[] out = au.toByteArray();
    w.reset(au, 4);
    while (w.next()) {
      int p = w.offset() - 4;
      out[p] = 0;
      out[p + 1] = 0;
      out[p + 2] = 0;
      out[p + 3] = 1;
    }
    return out;
  }

  /**
   * Whether an access unit is a well-formed sequence of {@code lengthSize}-byte length-prefixed NAL
   * units (ISO/IEC 14496-15): at least one NAL unit, none empty, lengths tiling the payload
   * exactly. Never throws for malformed data.
   *
   * @throws IllegalArgumentException when {@code lengthSize} is not 1 to 4
   */
  public static boolean isValidLengthPrefixed(Payload au, int lengthSize) {
    NalWalker w = new NalWalker(au, lengthSize);
    int count = 0;
    try {
      while (w.next()) {
        if (w.length() == 0) {
          return false;
        }
        count++;
      }
    } catch (CodecException e) {
      return false;
    }
    return count > 0;
  }

  private static void writeLength(byte[] out, int pos, int n) {
    out[pos] = (byte) (n >>> 24);
    out[pos + 1] = (byte) (n >>> 16);
    out[pos + 2] = (byte) (n >>> 8);
    out[pos + 3] = (byte) n;
  }
}
