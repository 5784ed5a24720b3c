package io.arcly.stream.kernel;

import java.time.Instant;
import java.util.Locale;

/**
 * The state of one protocol worker in the {@link WorkerHost}.
 *
 * @param name the protocol name
 * @param state where the worker is in its life
 * @param detail the endpoint it listens on when ready, the error when failed, else empty
 * @param since when it entered this state
 */
public record WorkerStatus(String name, State state, String detail, Instant since) {
  /** Worker states. */
  public enum State {
    /** Started, not listening yet. */
    STARTING,
    /** Listening. */
    READY,
    /** Could not start or stopped unexpectedly; {@code detail} says why. */
    FAILED,
    /** Stopped by the host. */
    STOPPED;

    /** Lowercase label for health output. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the worker is ready. */
  public boolean isReady() {
    return state == State.READY;
  }
}
