package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;

/**
 * Splits messages into chunks (RTMP specification 1.0 section 5.3). Every message starts with a
 * type-0 header; its continuation chunks carry type-3 headers.
 *
 * <p>For fan-out the split is done once per message and shared: {@link #continuationBody} is the
 * body with the type-3 headers already in place, and each receiver writes only its own type-0
 * header ({@link #header}) before those shared bytes. That works while the timestamp fits in 24
 * bits; above it every chunk repeats the extended timestamp, so {@link #message} builds the whole
 * message for one receiver.
 */
public final class ChunkEncoder {
  /** Room for the longest type-0 header. */
  public static final int MAX_HEADER = ChunkDecoder.MAX_HEADER;

  private ChunkEncoder() {}

  /** Whether a message at {@code timestamp} needs the extended timestamp field. */
  public static boolean extended(long timestamp) {
    return (timestamp & 0xFFFFFFFFL) >= 0xFFFFFF;
  }

  /** Bytes of the basic header for chunk stream {@code csid}. */
  public static int basicHeaderSize(int csid) {
    return csid < 64 ? 1 : csid < 320 ? 2 : 3;
  }

  /** Writes a type-0 chunk header into {@code dst} at {@code at}; returns its length (12 to 18). */
  public static int header(
      byte[] dst, int at, int csid, int typeId, long timestamp, int length, int streamId) {
    int p = basic(dst, at, 0, csid);
    long ts = timestamp & 0xFFFFFFFFL;
    boolean ext = ts >= 0xFFFFFF;
    put24(dst, p, ext ? 0xFFFFFF : (int) ts);
    put24(dst, p + 3, length);
    dst[p + 6] = (byte) typeId;
    dst[p + 7] = (byte) streamId;
    dst[p + 8] = (byte) (streamId >>> 8);
    dst[p + 9] = (byte) (streamId >>> 16);
    dst[p + 10] = (byte) (streamId >>> 24);
    p += 11;
    if (ext) {
      put32(dst, p, ts);
      p += 4;
    }
    return p - at;
  }

  /**
   * The body of a message split at {@code chunkSize}, with a type-3 basic header for {@code csid}
   * before every chunk but the first. Valid after a header whose timestamp is not extended.
   */
  public static byte[] continuationBody(int csid, Payload body, int chunkSize) {
    return continuationBody(csid, new byte[0], body, chunkSize);
  }

  /**
   * As {@link #continuationBody(int, Payload, int)} for the body {@code head} followed by {@code
   * data}, without joining them first.
   */
  public static byte[] continuationBody(int csid, byte[] head, Payload data, int chunkSize) {
    byte[] out = new byte[continuationLength(csid, head.length + data.length(), chunkSize)];
    continuationBody(csid, head, data, chunkSize, ByteBuffer.wrap(out));
    return out;
  }

  /** Bytes of a {@link #continuationBody} for a message body of {@code length} bytes. */
  public static int continuationLength(int csid, int length, int chunkSize) {
    int extra = length <= chunkSize ? 0 : ((length - 1) / chunkSize) * basicHeaderSize(csid);
    return length + extra;
  }

  /**
   * As {@link #continuationBody(int, byte[], Payload, int)}, written into {@code out} from index 0
   * ({@link #continuationLength} bytes; position and limit are left as they are).
   */
  public static void continuationBody(
      int csid, byte[] head, Payload data, int chunkSize, ByteBuffer out) {
    int len = head.length + data.length();
    byte[] basic = new byte[3];
    int basicLength = basic(basic, 0, 3, csid);
    int p = 0;
    for (int from = 0; from < len; from += chunkSize) {
      if (from > 0) {
        out.put(p, basic, 0, basicLength);
        p += basicLength;
      }
      int to = Math.min(from + chunkSize, len);
      if (from < head.length) {
        int n = Math.min(to, head.length) - from;
        out.put(p, head, from, n);
        p += n;
      }
      int dFrom = Math.max(from, head.length) - head.length;
      int dTo = to - head.length;
      if (dTo > dFrom) {
        data.slice(dFrom, dTo).copyTo(out, p);
        p += dTo - dFrom;
      }
    }
  }

  /** A whole message as chunks, for one receiver (any timestamp). */
  public static byte[] message(
      int csid, int typeId, long timestamp, int streamId, Payload body, int chunkSize) {
    boolean ext = extended(timestamp);
    int len = body.length();
    int chunks = Math.max(1, (len + chunkSize - 1) / chunkSize);
    int cont = basicHeaderSize(csid) + (ext ? 4 : 0);
    byte[] out = new byte[MAX_HEADER + len + (chunks - 1) * cont];
    int p = header(out, 0, csid, typeId, timestamp, len, streamId);
    for (int from = 0; from < len || from == 0; from += chunkSize) {
      if (from > 0) {
        p = basic(out, p, 3, csid);
        if (ext) {
          put32(out, p, timestamp & 0xFFFFFFFFL);
          p += 4;
        }
      }
      int n = Math.min(chunkSize, len - from);
      body.slice(from, from + n).copyTo(out, p);
      p += n;
      if (len == 0) {
        break;
      }
    }
    return p == out.length ? out : java.util.Arrays.copyOf(out, p);
  }

  private static int basic(byte[] dst, int at, int fmt, int csid) {
    if (csid < 2 || csid > 65599) {
      throw new IllegalArgumentException("chunk stream id " + csid + " outside 2 to 65599");
    }
    if (csid < 64) {
      dst[at] = (byte) ((fmt << 6) | csid);
      return at + 1;
    }
    if (csid < 320) {
      dst[at] = (byte) (fmt << 6);
      dst[at + 1] = (byte) (csid - 64);
      return at + 2;
    }
    dst[at] = (byte) ((fmt << 6) | 1);
    dst[at + 1] = (byte) (csid - 64);
    dst[at + 2] = (byte) ((csid - 64) >>> 8);
    return at + 3;
  }

  private static void put24(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 16);
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) v;
  }

  private static void put32(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
