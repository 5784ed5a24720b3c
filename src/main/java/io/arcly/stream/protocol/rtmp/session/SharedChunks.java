package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.format.flv.FlvMuxer;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The RTMP form of a stream's frames, made once and written to every player: per frame, the FLV tag
 * body split into chunks with the type-3 headers in place. Each player adds only its own type-0
 * header (its own timestamp). Kept as a {@link StreamHandle} attachment, indexed like the stream's
 * ring by the frame's sequence number; a slot is computed by the first player that needs it (two
 * players racing compute the same bytes, one copy wins).
 *
 * <p>The cache covers the newest {@value #MAX_CAPACITY} frames at most (fewer if the ring is
 * smaller): players near the live edge and new players starting from a usual GOP share it, while a
 * player lagging further behind (or starting from a longer GOP) gets private copies of the older
 * frames, which never displace newer ones. So an RTMP-played stream keeps a fraction of its ring in
 * chunked form rather than all of it.
 *
 * <p>Cached frames live in {@link DirectBuffers direct memory}, so a socket write takes them as
 * they are, and each is counted: one reference for the cache while the frame is in it, one for each
 * player writing it. The last release returns the memory for reuse, when the frame has left the
 * cache (a newer frame took its slot, or the stream ended) and no player is writing it. Private
 * copies stay on the heap.
 */
final class SharedChunks {
  static final int CSID_AUDIO = 4;
  static final int CSID_VIDEO = 6;

  /** Most frames cached (a power of two): about 7 s of a 30 fps stream with audio. */
  static final int MAX_CAPACITY = 512;

  /** One frame in RTMP form; {@link #release} it after writing. */
  static final class Entry {
    private static final VarHandle REFS;

    static {
      try {
        REFS = MethodHandles.lookup().findVarHandle(Entry.class, "refs", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long seq;
    final Frame frame;
    final int csid;
    final int typeId;
    final int length;
    private final ByteBuffer chunked;
    private final DirectBuffers pool;

    @SuppressWarnings("unused") // through REFS
    private volatile int refs;

    private Entry(
        long seq,
        Frame frame,
        int csid,
        int typeId,
        int length,
        ByteBuffer chunked,
        DirectBuffers pool,
        int refs) {
      this.seq = seq;
      this.frame = frame;
      this.csid = csid;
      this.typeId = typeId;
      this.length = length;
      this.chunked = chunked;
      this.pool = pool;
      this.refs = refs;
    }

    /** The chunked bytes, as a buffer of the caller's own (position 0). */
    ByteBuffer chunked() {
      return chunked.duplicate();
    }

    /** Bytes of {@link #chunked}. */
    int size() {
      return chunked.limit();
    }

    /** Whether the bytes are in pooled memory (a cached frame) rather than a private copy. */
    boolean pooled() {
      return pool != null;
    }

    /** Takes a reference, unless the memory has been released already. */
    boolean retain() {
      int r = refs;
      while (r > 0) {
        int seen = (int) REFS.compareAndExchange(this, r, r + 1);
        if (seen == r) {
          return true;
        }
        r = seen;
      }
      return pool == null;
    }

    /** Gives a reference back; the last one returns the memory to the pool. */
    void release() {
      if (pool != null && (int) REFS.getAndAdd(this, -1) == 1) {
        pool.give(chunked);
      }
    }
  }

  private final AtomicReferenceArray<Entry> slots;
  private final int mask;
  private final int chunkSize;
  private final DirectBuffers pool;
  private volatile boolean closed;

  private SharedChunks(int capacity, int chunkSize, DirectBuffers pool) {
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
    this.chunkSize = chunkSize;
    this.pool = pool;
  }

  /** The stream's cache for chunk size {@code chunkSize} (one server-wide setting). */
  static SharedChunks of(StreamHandle handle, int chunkSize) {
    return of(handle, chunkSize, DirectBuffers.SHARED);
  }

  /** As {@link #of(StreamHandle, int)}, with memory from {@code pool} for a new cache. */
  static SharedChunks of(StreamHandle handle, int chunkSize, DirectBuffers pool) {
    SharedChunks c =
        handle.attachment(
            SharedChunks.class,
            h -> {
              SharedChunks made =
                  new SharedChunks(Math.min(h.capacity(), MAX_CAPACITY), chunkSize, pool);
              h.onEnd(reason -> made.close());
              return made;
            });
    return c.chunkSize == chunkSize ? c : new SharedChunks(16, chunkSize, null);
  }

  /**
   * The frame at {@code seq} in RTMP form, with a reference taken for the caller; {@code seq < 0}
   * builds a private one.
   */
  Entry get(long seq, Frame f) {
    if (seq < 0 || pool == null || closed) {
      return build(seq, f, chunkSize, null);
    }
    int i = (int) (seq & mask);
    Entry e = slots.getAcquire(i);
    if (e != null && e.seq == seq && e.frame == f && e.retain()) {
      return e;
    }
    if (e != null && e.seq >= seq) { // a newer frame holds the slot: never displace it
      return build(seq, f, chunkSize, null);
    }
    Entry built = build(seq, f, chunkSize, pool); // two references: the cache's and the caller's
    while (e == null || e.seq < seq) {
      Entry seen = slots.compareAndExchangeRelease(i, e, built);
      if (seen == e) {
        if (e != null) {
          e.release(); // the cache's reference to the frame it held
        }
        if (closed && slots.compareAndSet(i, built, null)) {
          built.release(); // the stream ended meanwhile
        }
        return built;
      }
      e = seen;
      if (e != null && e.seq == seq && e.frame == f && e.retain()) {
        built.release();
        built.release();
        return e; // another player stored it first
      }
    }
    built.release(); // not cached after all: only the caller's reference is left
    return built;
  }

  /** Drops the cache's references (the stream ended); later frames are built privately. */
  void close() {
    closed = true;
    for (int i = 0; i < slots.length(); i++) {
      Entry e = slots.getAndSet(i, null);
      if (e != null) {
        e.release();
      }
    }
  }

  /**
   * A frame in RTMP form: in memory from {@code pool} with two references (for the cache and the
   * caller), or privately on the heap when {@code pool} is null or the frame is too large for it.
   */
  static Entry build(long seq, Frame f, int chunkSize, DirectBuffers pool) {
    FlvMuxer.Tag tag = FlvMuxer.tag(f);
    boolean video = f.kind() == TrackKind.VIDEO;
    int csid = video ? CSID_VIDEO : CSID_AUDIO;
    int type = (video ? MessageType.VIDEO : MessageType.AUDIO).code();
    int size = ChunkEncoder.continuationLength(csid, tag.length(), chunkSize);
    ByteBuffer out = pool == null ? null : pool.take(size);
    if (out == null) {
      out = ByteBuffer.allocate(size);
      pool = null;
    }
    ChunkEncoder.continuationBody(csid, tag.header(), tag.data(), chunkSize, out);
    return new Entry(seq, f, csid, type, tag.length(), out, pool, pool == null ? 1 : 2);
  }

  /** The whole message for one player whose timestamp needs the extended field. */
  static byte[] message(Entry e, long timestamp, int streamId, int chunkSize) {
    FlvMuxer.Tag tag = FlvMuxer.tag(e.frame);
    Payload body = tag.toPayload();
    return ChunkEncoder.message(e.csid, e.typeId, timestamp, streamId, body, chunkSize);
  }
}
