package io.arcly.stream.kernel;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock shared by readers that write in batches: each {@link Subscription#linger lingering}
 * reader is woken at the next tick, and all of them together. One thread sleeps between ticks, so a
 * thousand lingering readers cost one timer wake-up per period instead of a thousand, and a frame
 * waits at most one period.
 *
 * <p>{@link #run()} drives the clock on a thread of its own until {@link #stop()}; after that,
 * lingering never waits.
 */
public final class Ticker {
  private final long periodNanos;

  /** Readers waiting for the next tick; each tick takes the queue and leaves a fresh one. */
  private final AtomicReference<ConcurrentLinkedQueue<Thread>> waiting =
      new AtomicReference<>(new ConcurrentLinkedQueue<>());

  private volatile long ticks;
  private volatile boolean stopped;
  private volatile Thread runner;

  /** A clock ticking every {@code period} (positive). */
  public Ticker(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the period must be positive: " + period);
    }
    this.periodNanos = period.toNanos();
  }

  /** The time between ticks. */
  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  /** Ticks until {@link #stop()}; run it on a thread of its own. */
  public void run() {
    runner = Thread.currentThread();
    try {
      while (!stopped) {
        long now = System.nanoTime();
        long next = (Math.floorDiv(now, periodNanos) + 1) * periodNanos;
        while (!stopped && next - System.nanoTime() > 0) {
          LockSupport.parkNanos(this, next - System.nanoTime());
        }
        if (!stopped) {
          ticks++;
          release();
        }
      }
    } finally {
      runner = null;
      release();
    }
  }

  /** Stops the clock and releases every lingering reader, now and later. Idempotent. */
  public void stop() {
    stopped = true;
    Thread t = runner;
    if (t != null) {
      LockSupport.unpark(t);
    }
    release();
  }

  /**
   * Enrols {@code t} for the next tick; returns the tick count it waits for. The count is read
   * before the queue: if a tick comes in between, the count has already moved past the target and
   * the reader does not wait, whichever queue it joined.
   */
  long enrol(Thread t) {
    long target = ticks + 1;
    waiting.get().add(t);
    return target;
  }

  /** Whether tick {@code target} has come (or the clock stopped). */
  boolean reached(long target) {
    return stopped || ticks >= target;
  }

  /** Wakes the readers enrolled so far; readers enrolling meanwhile wait for the next tick. */
  private void release() {
    for (Thread t : waiting.getAndSet(new ConcurrentLinkedQueue<>())) {
      LockSupport.unpark(t);
    }
  }
}
