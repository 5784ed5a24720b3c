package io.arcly.stream.forward;

import io.arcly.stream.kernel.IngestContext;
import java.util.concurrent.CopyOnWriteArrayList;

/** One run of a source's pull, as its {@link PullClient} sees it. */
public final class Pull {
  private final SourceSpec spec;
  private final IngestContext ctx;
  private final Runnable onPulling;
  private final CopyOnWriteArrayList<Runnable> stopHooks = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  Pull(SourceSpec spec, IngestContext ctx, Runnable onPulling) {
    this.spec = spec;
    this.ctx = ctx;
    this.onPulling = onPulling;
  }

  /** The source. */
  public SourceSpec spec() {
    return spec;
  }

  /** Where the pulled stream is published, and the threads to use. */
  public IngestContext context() {
    return ctx;
  }

  /** Reports that media flows: the source counts as pulling, and its back-off starts over. */
  public void pulling() {
    onPulling.run();
  }

  /** Whether the pull must end. */
  public boolean stopped() {
    return stopped;
  }

  /**
   * Runs {@code hook} (such as closing a socket, to end a blocking read) when the pull is stopped;
   * at once if it is already.
   */
  public void onStop(Runnable hook) {
    stopHooks.add(hook);
    if (stopped && stopHooks.remove(hook)) {
      hook.run();
    }
  }

  void stop() {
    stopped = true;
    for (Runnable r : stopHooks) {
      if (stopHooks.remove(r)) {
        try {
          r.run();
        } catch (RuntimeException ignored) {
          // stopping anyway
        }
      }
    }
  }
}
