package io.arcly.stream.kernel;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock shared by readers that write in batches: a {@link Subscription#linger lingering} reader
 * is woken at its next tick, together with the other readers of its cohort. One thread sleeps
 * between ticks, so a thousand lingering readers cost a few timer wake-ups per period instead of a
 * thousand, and a frame waits at most one period.
 *
 * <p>The period is divided among {@code cohorts}: the clock ticks {@code cohorts} times per period
 * and each tick releases one cohort. Readers are spread over the cohorts (by subscription id), so
 * the work after a tick comes in several small bursts rather than one large one, and a new client
 * arriving meanwhile is not queued behind every reader at once.
 *
 * <p>{@link #run()} drives the clock on a thread of its own until {@link #stop()}; after that,
 * lingering never waits.
 */
public final class Ticker {
  private final long stepNanos;
  private final int cohorts;

  /**
   * Per cohort, the readers waiting for its next tick; each tick takes one queue, leaving a new
   * one.
   */
  private final AtomicReferenceArray<ConcurrentLinkedQueue<Thread>> waiting;

  private volatile long ticks;
  private volatile boolean stopped;
  private volatile Thread runner;

  /** Whether the clock sleeps because nobody is enrolled. */
  private volatile boolean idle;

  /** A clock with a positive {@code period} shared out among {@code cohorts} (at least one). */
  public Ticker(Duration period, int cohorts) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the period must be positive: " + period);
    }
    if (cohorts < 1) {
      throw new IllegalArgumentException("at least one cohort: " + cohorts);
    }
    this.cohorts = cohorts;
    this.stepNanos = Math.max(1, period.toNanos() / cohorts);
    this.waiting = new AtomicReferenceArray<>(cohorts);
    for (int i = 0; i < cohorts; i++) {
      waiting.set(i, new ConcurrentLinkedQueue<>());
    }
  }

  /**
   * Ticks until {@link #stop()}; run it on a thread of its own. While no reader is enrolled it
   * sleeps until one is, rather than ticking for nobody.
   */
  public void run() {
    runner = Thread.currentThread();
    try {
      while (!stopped) {
        if (nobodyWaiting()) {
          idle = true;
          // An enrol after this check sees idle and wakes the clock; one before it is seen here.
          while (!stopped && nobodyWaiting()) {
            LockSupport.park(this);
          }
          idle = false;
          continue;
        }
        long next = (Math.floorDiv(System.nanoTime(), stepNanos) + 1) * stepNanos;
        long left;
        while (!stopped && (left = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(this, left);
        }
        if (!stopped) {
          long t = ticks + 1;
          ticks = t;
          release((int) (t % cohorts));
        }
      }
    } finally {
      runner = null;
      for (int i = 0; i < cohorts; i++) {
        release(i);
      }
    }
  }

  /** Stops the clock and releases every lingering reader, now and later. Idempotent. */
  public void stop() {
    stopped = true;
    Thread t = runner;
    if (t != null) {
      LockSupport.unpark(t);
    }
    for (int i = 0; i < cohorts; i++) {
      release(i);
    }
  }

  /**
   * Enrols {@code t} in cohort {@code key mod cohorts} for that cohort's next tick, and returns the
   * tick count it waits for. The count is read before the queue is joined: if the tick comes in
   * between, the count has already reached the target and the reader does not wait, whichever queue
   * it joined.
   */
  long enrol(Thread t, long key) {
    int cohort = (int) Math.floorMod(key, (long) cohorts);
    long next = ticks + 1;
    long target = next + Math.floorMod(cohort - next, (long) cohorts);
    waiting.get(cohort).add(t);
    if (idle) {
      Thread r = runner;
      if (r != null) {
        LockSupport.unpark(r);
      }
    }
    return target;
  }

  private boolean nobodyWaiting() {
    for (int i = 0; i < cohorts; i++) {
      if (!waiting.get(i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Whether tick {@code target} has come (or the clock stopped). */
  boolean reached(long target) {
    return stopped || ticks >= target;
  }

  /** Wakes the readers of {@code cohort} enrolled so far; later ones wait for its next tick. */
  private void release(int cohort) {
    for (Thread t : waiting.getAndSet(cohort, new ConcurrentLinkedQueue<>())) {
      LockSupport.unpark(t);
    }
  }
}
