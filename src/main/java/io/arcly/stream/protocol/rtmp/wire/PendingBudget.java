package io.arcly.stream.protocol.rtmp.wire;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of a server together may hold in unfinished inbound messages, shared by
 * their {@link ChunkDecoder}s. Each decoder already bounds itself (twice the message limit), but a
 * few dozen peers each holding two unfinished messages of the largest size would still exhaust the
 * heap; this is the bound across them.
 *
 * <p>A decoder reserves a message buffer's bytes as it grows and releases them when the message
 * completes, is aborted or replaced, the decoder fails, or its connection ends. Thread-safe.
 */
public final class PendingBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** A budget of {@code limit} bytes. */
  public PendingBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
  }

  /** A budget that never refuses (a decoder on its own, in tests and tools). */
  public static PendingBudget unlimited() {
    return new PendingBudget(Long.MAX_VALUE);
  }

  /** The most bytes that may be reserved at once. */
  public long limit() {
    return limit;
  }

  /** The bytes reserved now. */
  public long used() {
    return used.get();
  }

  /** Reserves {@code bytes} unless that would pass the limit; returns whether it did. */
  public boolean tryReserve(long bytes) {
    long now;
    do {
      now = used.get();
      if (bytes > limit - now) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /**
   * Gives back {@code bytes} reserved earlier.
   *
   * @throws IllegalStateException when more is released than was reserved (an accounting bug)
   */
  public void release(long bytes) {
    if (used.addAndGet(-bytes) < 0) {
      used.addAndGet(bytes);
      throw new IllegalStateException("released more than was reserved");
    }
  }
}
