package io.arcly.stream.kernel;

import io.arcly.stream.media.StreamKey;
import java.time.Duration;

/**
 * Brings publishers on demand: told when a player wants a stream that is not live, it may start one
 * (an on-demand camera pull) and says how long the player should wait for it.
 */
@FunctionalInterface
public interface StreamDemand {
  /** Nothing starts on demand. */
  StreamDemand NONE = key -> Duration.ZERO;

  /**
   * A player wants {@code key}, which is not live. Starts its publisher if one can be brought, and
   * returns how long to wait for it; zero when none is coming. Must not block.
   */
  Duration request(StreamKey key);
}
