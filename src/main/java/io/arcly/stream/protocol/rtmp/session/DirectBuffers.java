package io.arcly.stream.protocol.rtmp.session;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for what RTMP players write: the shared chunked frames and each player's headers.
 * A socket write from a heap buffer makes the JDK copy it into a temporary direct buffer first, for
 * every player; bytes already in direct memory go to the socket as they are.
 *
 * <p>Buffers come in power-of-two sizes from {@value #MIN_SIZE} bytes to {@value #MAX_SIZE} bytes
 * and are recycled: a returned buffer waits, cleared, for the next request of its size, as long as
 * the buffers waiting hold at most {@value #MAX_IDLE_BYTES} bytes in all (beyond that it is left to
 * the garbage collector, which frees its memory). Larger requests get no buffer.
 */
final class DirectBuffers {
  static final int MIN_SIZE = 512;
  static final int MAX_SIZE = 1 << 20;
  static final long MAX_IDLE_BYTES = 64L << 20;

  private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_SIZE);
  private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_SIZE) - MIN_SHIFT + 1;

  /** The server's pool (after the constants its constructor uses). */
  static final DirectBuffers SHARED = new DirectBuffers(MAX_IDLE_BYTES);

  private final long maxIdleBytes;
  private final AtomicLong idleBytes = new AtomicLong();

  @SuppressWarnings("unchecked")
  private final Queue<ByteBuffer>[] idle = new Queue[CLASSES];

  DirectBuffers(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
    for (int i = 0; i < CLASSES; i++) {
      idle[i] = new ConcurrentLinkedQueue<>();
    }
  }

  /**
   * A cleared direct buffer of at least {@code size} bytes with its limit at {@code size}, or null
   * when {@code size} exceeds {@value #MAX_SIZE}.
   */
  ByteBuffer take(int size) {
    if (size > MAX_SIZE) {
      return null;
    }
    int c = sizeClass(size);
    ByteBuffer b = idle[c].poll();
    if (b == null) {
      b = ByteBuffer.allocateDirect(MIN_SIZE << c);
    } else {
      idleBytes.addAndGet(-b.capacity());
    }
    return b.clear().limit(size);
  }

  /** Returns a buffer from {@link #take}; its holder must not touch it again. */
  void give(ByteBuffer b) {
    int c = sizeClass(b.capacity());
    if (!b.isDirect() || b.capacity() != MIN_SIZE << c) {
      throw new IllegalArgumentException("not a pooled buffer: " + b);
    }
    if (idleBytes.addAndGet(b.capacity()) > maxIdleBytes) {
      idleBytes.addAndGet(-b.capacity());
      return;
    }
    idle[c].offer(b);
  }

  /** Bytes in buffers waiting to be reused. */
  long idleBytes() {
    return idleBytes.get();
  }

  private static int sizeClass(int size) {
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(size, MIN_SIZE) - 1);
    return bits - MIN_SHIFT;
  }
}
