package io.arcly.stream.forward;

import io.arcly.stream.kernel.IngestContext;

/** Makes {@link Pull}s for tests of pull clients that run without the sources worker. */
public final class TestPulls {
  private TestPulls() {}

  /** A pull of {@code spec} into {@code ctx}; {@code onPulling} runs when media flows. */
  public static Pull pull(SourceSpec spec, IngestContext ctx, Runnable onPulling) {
    return new Pull(spec, ctx, onPulling);
  }

  /** Stops {@code pull} as the sources worker does. */
  public static void stop(Pull pull) {
    pull.stop();
  }
}
