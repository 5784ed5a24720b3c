package io.arcly.stream.kernel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-shot stop request shared by the host and its workers. */
public final class ShutdownSignal {
  private static final System.Logger LOG = System.getLogger(ShutdownSignal.class.getName());

  private final CountDownLatch latch = new CountDownLatch(1);
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();

  /** Whether stop was requested. */
  public boolean isRequested() {
    return latch.getCount() == 0;
  }

  /** Requests stop and runs the registered actions once, in registration order. */
  public void request() {
    synchronized (this) {
      if (isRequested()) {
        return;
      }
      latch.countDown();
    }
    for (Runnable r : actions) {
      run(r);
    }
    actions.clear();
  }

  /**
   * Runs {@code action} when stop is requested (at once if it already was); typically closes a
   * listening socket so a blocked accept returns.
   */
  public void onRequest(Runnable action) {
    synchronized (this) {
      if (!isRequested()) {
        actions.add(action);
        return;
      }
    }
    run(action);
  }

  /** Blocks until stop is requested. */
  public void await() throws InterruptedException {
    latch.await();
  }

  /** Blocks until stop is requested or {@code max} passes; true if requested. */
  public boolean await(Duration max) throws InterruptedException {
    return latch.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "shutdown action failed: " + e);
    }
  }
}
