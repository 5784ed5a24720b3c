package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reassembles RTMP messages from chunks (RTMP specification 1.0 section 5.3), incrementally: feed
 * it whatever bytes arrived and it emits every message completed by them, keeping partial headers
 * in the caller's buffer and partial bodies in its own state.
 *
 * <p>Handled: basic headers of 1-3 bytes (chunk stream ids 2-65599), message headers of types 0-3,
 * extended timestamps on every type including type-3 chunks, Set Chunk Size (applied at once, to
 * the very next chunk) and Abort. A type-3 continuation chunk after an extended-timestamp header
 * carries the 4-byte extended timestamp again per the specification; some encoders omit it, so the
 * field is consumed only when it repeats the message's value.
 *
 * <p>Limits, each breach a {@link RtmpException} after which the decoder stays failed:
 *
 * <ul>
 *   <li>a message longer than the configured maximum (default {@value #DEFAULT_MAX_MESSAGE} bytes),
 *       checked when its header arrives, before any allocation;
 *   <li>a chunk size outside 1 to {@value #MAX_CHUNK_SIZE};
 *   <li>more than {@value #MAX_CHUNK_STREAMS} chunk streams in use;
 *   <li>more than twice the maximum message size held in unfinished messages;
 *   <li>a message buffer that would take the {@link PendingBudget} shared with other connections
 *       past its limit;
 *   <li>messages dropped unfinished (replaced by a new header on their chunk stream, or aborted)
 *       whose buffers add up to more than the bytes received plus {@value #DROPPED_ALLOWANCE};
 *   <li>chunk stream id 0 or 1 expanded, or a type 1-3 header on a chunk stream without a previous
 *       header.
 * </ul>
 *
 * <p>Message bodies are allocated as bytes arrive (at most 64 KiB ahead), so a header announcing a
 * large message costs nothing until its bytes are sent. Each buffer's size is reserved from the
 * shared budget as it grows and given back when its message completes, is aborted or replaced, when
 * the decoder fails, and on {@link #release()}, which the connection calls when it ends; a peer
 * that drops messages after their first bytes over and over is refused before it makes the decoder
 * allocate much more than it sent.
 */
public final class ChunkDecoder {
  /** The chunk size every connection starts with (5.4.1). */
  public static final int INITIAL_CHUNK_SIZE = 128;

  /** The largest chunk size accepted from a peer: 16 MiB - 1, the largest message. */
  public static final int MAX_CHUNK_SIZE = 0xFFFFFF;

  /** The default cap on one message's length. */
  public static final int DEFAULT_MAX_MESSAGE = 8 * 1024 * 1024;

  /** The most chunk streams a peer may use at once. */
  public static final int MAX_CHUNK_STREAMS = 64;

  /** The longest chunk header: 3-byte basic header, 11-byte message header, extended timestamp. */
  static final int MAX_HEADER = 18;

  private static final int GROW_STEP = 64 * 1024;

  /** Buffer bytes of dropped messages tolerated beyond the bytes received. */
  static final int DROPPED_ALLOWANCE = 1024 * 1024;

  private final int maxMessage;
  private final PendingBudget budget;
  private long reserved;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private int chunkSize = INITIAL_CHUNK_SIZE;
  private ChunkStream current;
  private int chunkRemaining;
  private long bytesIn;
  private long pendingBytes;
  private long droppedBuffers;
  private RtmpException failure;

  /** A decoder with the default message cap. */
  public ChunkDecoder() {
    this(DEFAULT_MAX_MESSAGE);
  }

  /** A decoder refusing messages longer than {@code maxMessage} bytes. */
  public ChunkDecoder(int maxMessage) {
    this(maxMessage, PendingBudget.unlimited());
  }

  /**
   * A decoder refusing messages longer than {@code maxMessage} bytes and holding unfinished ones
   * within {@code budget}, shared with other decoders.
   */
  public ChunkDecoder(int maxMessage, PendingBudget budget) {
    if (maxMessage < 1 || maxMessage > 0xFFFFFF) {
      throw new IllegalArgumentException("max message must be 1 to 16777215 bytes");
    }
    this.maxMessage = maxMessage;
    this.budget = java.util.Objects.requireNonNull(budget, "budget");
  }

  /** The peer's current chunk size. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Whether a message is partly received (its remaining bytes never came if the peer left). */
  public boolean midMessage() {
    return pendingBytes > 0 || chunkRemaining > 0;
  }

  /** Bytes consumed so far (for acknowledgements). */
  public long bytesIn() {
    return bytesIn;
  }

  /** Bytes this decoder holds in message buffers, reserved from its budget. */
  public long reserved() {
    return reserved;
  }

  /**
   * Drops every unfinished message and gives its bytes back to the budget; the decoder is failed
   * afterwards. Idempotent. Call once the connection ends, on the thread that decodes.
   */
  public void release() {
    resetAll();
    if (failure == null) {
      failure = new RtmpException("decoder released");
    }
  }

  /**
   * Consumes complete chunks (and the available part of a chunk's data) from {@code in}, emitting
   * each completed message to {@code sink} in order. On return {@code in}'s position is at the
   * first byte not consumed: an incomplete header, to be completed by the next read.
   *
   * @throws RtmpException on malformed or hostile input; every later call throws it again
   */
  public void decode(ByteBuffer in, Consumer<RawMessage> sink) {
    if (failure != null) {
      throw failure;
    }
    try {
      while (in.hasRemaining()) {
        if (chunkRemaining > 0) {
          if (!copyData(in, sink)) {
            return;
          }
          continue;
        }
        if (!readHeader(in, sink)) {
          return;
        }
      }
    } catch (RtmpException e) {
      failure = e;
      resetAll(); // a failed decoder never completes another message
      throw e;
    }
  }

  /** Copies chunk data; returns false when the input ran out first. */
  private boolean copyData(ByteBuffer in, Consumer<RawMessage> sink) {
    ChunkStream s = current;
    int n = Math.min(chunkRemaining, in.remaining());
    s.ensure(n);
    in.get(s.buf, s.filled, n);
    s.filled += n;
    pendingBytes += n;
    bytesIn += n;
    chunkRemaining -= n;
    if (chunkRemaining > 0) {
      return false;
    }
    if (s.filled == s.length) {
      complete(s, sink);
    }
    return true;
  }

  /** Parses one chunk header; returns false (consuming nothing) when it is not all there yet. */
  private boolean readHeader(ByteBuffer in, Consumer<RawMessage> sink) {
    int start = in.position();
    int avail = in.remaining();
    int b0 = in.get(start) & 0xFF;
    int fmt = b0 >>> 6;
    int csid = b0 & 0x3F;
    int p = start + 1;
    if (csid == 0) {
      if (avail < 2) {
        return false;
      }
      csid = 64 + (in.get(p) & 0xFF);
      p++;
    } else if (csid == 1) {
      if (avail < 3) {
        return false;
      }
      csid = 64 + (in.get(p) & 0xFF) + ((in.get(p + 1) & 0xFF) << 8);
      p += 2;
    }
    int headerLen =
        switch (fmt) {
          case 0 -> 11;
          case 1 -> 7;
          case 2 -> 3;
          default -> 0;
        };
    if (start + avail < p + headerLen) {
      return false;
    }
    ChunkStream s = streams.get(csid);
    if (s == null) {
      if (fmt != 0) {
        throw new RtmpException(
            "chunk stream " + csid + " starts with a type " + fmt + " header, not type 0");
      }
      if (streams.size() >= MAX_CHUNK_STREAMS) {
        throw new RtmpException("more than " + MAX_CHUNK_STREAMS + " chunk streams in use");
      }
      s = new ChunkStream(csid);
      streams.put(csid, s);
    }
    boolean continuation = fmt == 3 && s.filled > 0;
    long field = 0;
    if (fmt < 3) {
      field = u24(in, p);
    }
    int q = p + headerLen;
    boolean extended = fmt < 3 ? field == 0xFFFFFF : s.extended;
    long ext = -1;
    if (extended) {
      if (start + avail < q + 4) {
        return false;
      }
      long value = in.getInt(q) & 0xFFFFFFFFL;
      if (!continuation || value == s.extendedValue) {
        ext = value;
        q += 4;
      }
    }
    // The whole header is present: commit.
    bytesIn += q - start;
    in.position(q);
    if (fmt < 3 && s.filled > 0) {
      // A new header replaces an unfinished message on this chunk stream.
      drop(s);
    }
    switch (fmt) {
      case 0 -> {
        long ts = extended ? ext : field;
        s.timestamp = ts;
        s.delta = ts;
        s.length = u24(in, p + 3);
        s.typeId = in.get(p + 6) & 0xFF;
        s.streamId = Integer.reverseBytes(in.getInt(p + 7));
      }
      case 1 -> {
        s.delta = extended ? ext : field;
        s.timestamp += s.delta;
        s.length = u24(in, p + 3);
        s.typeId = in.get(p + 6) & 0xFF;
      }
      case 2 -> {
        s.delta = extended ? ext : field;
        s.timestamp += s.delta;
      }
      default -> {
        if (!continuation) {
          if (extended && ext >= 0) {
            s.delta = ext;
          }
          s.timestamp += s.delta;
        }
      }
    }
    s.timestamp &= 0xFFFFFFFFL;
    if (fmt < 3) {
      s.extended = extended;
      s.extendedValue = ext;
    }
    if (!continuation) {
      if (s.length > maxMessage) {
        throw new RtmpException(
            "message of "
                + s.length
                + " bytes on chunk stream "
                + csid
                + " exceeds the limit of "
                + maxMessage);
      }
      if (pendingBytes + Math.min(s.length, GROW_STEP) > 2L * maxMessage) {
        throw new RtmpException("too much unfinished message data");
      }
      s.begin();
      if (s.length == 0) {
        complete(s, sink);
        return true;
      }
    }
    current = s;
    chunkRemaining = Math.min(chunkSize, s.length - s.filled);
    return true;
  }

  private void complete(ChunkStream s, Consumer<RawMessage> sink) {
    RawMessage m =
        new RawMessage(s.csid, s.typeId, s.timestamp, s.streamId, Payload.wrap(s.buf, 0, s.length));
    pendingBytes -= s.filled;
    s.reset(); // the buffer now belongs to the message; its bytes go back to the budget
    current = null;
    chunkRemaining = 0;
    if (m.typeId() == MessageType.SET_CHUNK_SIZE.code()) {
      applyChunkSize(m);
    } else if (m.typeId() == MessageType.ABORT.code() && m.body().length() >= 4) {
      abort((int) ControlMessages.u32(m.body(), 0));
    }
    sink.accept(m);
  }

  private void applyChunkSize(RawMessage m) {
    if (m.body().length() < 4) {
      throw new RtmpException("set chunk size message is " + m.body().length() + " bytes, not 4");
    }
    long size = ControlMessages.u32(m.body(), 0) & 0x7FFFFFFFL;
    if (size < 1 || size > MAX_CHUNK_SIZE) {
      throw new RtmpException("chunk size " + size + " outside 1 to " + MAX_CHUNK_SIZE + " bytes");
    }
    chunkSize = (int) size;
  }

  private void abort(int csid) {
    ChunkStream s = streams.get(csid);
    if (s != null && s.filled > 0) {
      drop(s);
    } else if (s != null) {
      s.reset();
    }
  }

  /** Drops the unfinished message on {@code s}, counting its buffer against the peer. */
  private void drop(ChunkStream s) {
    pendingBytes -= s.filled;
    droppedBuffers += s.buf.length;
    s.reset();
    if (droppedBuffers > bytesIn + DROPPED_ALLOWANCE) {
      throw new RtmpException("messages dropped unfinished hold more memory than their peer sent");
    }
  }

  private void resetAll() {
    for (ChunkStream s : streams.values()) {
      s.reset();
    }
    pendingBytes = 0;
    current = null;
    chunkRemaining = 0;
  }

  private void reserve(int bytes, ChunkStream s) {
    if (!budget.tryReserve(bytes)) {
      throw new RtmpException(
          "message of "
              + s.length
              + " bytes on chunk stream "
              + s.csid
              + " refused: unfinished messages of all connections would exceed "
              + budget.limit()
              + " bytes");
    }
    reserved += bytes;
  }

  private static int u24(ByteBuffer b, int at) {
    return ((b.get(at) & 0xFF) << 16) | ((b.get(at + 1) & 0xFF) << 8) | (b.get(at + 2) & 0xFF);
  }

  /**
   * The state of one chunk stream: the last header's values and the message being assembled, whose
   * buffer's size is reserved from the decoder's budget.
   */
  private final class ChunkStream {
    final int csid;
    long timestamp;
    long delta;
    int length;
    int typeId;
    int streamId;
    boolean extended;
    long extendedValue = -1;
    byte[] buf;
    int filled;

    ChunkStream(int csid) {
      this.csid = csid;
    }

    void begin() {
      reset();
      int size = Math.min(length, GROW_STEP);
      reserve(size, this);
      buf = new byte[size];
    }

    void ensure(int more) {
      int need = filled + more;
      if (need > buf.length) {
        int cap = (int) Math.min((long) length, Math.max(need, (long) buf.length * 2));
        reserve(cap - buf.length, this);
        buf = java.util.Arrays.copyOf(buf, cap);
      }
    }

    /** Drops the buffer (or leaves it to a completed message) and gives its bytes back. */
    void reset() {
      if (buf != null) {
        budget.release(buf.length);
        reserved -= buf.length;
      }
      buf = null;
      filled = 0;
    }
  }
}
