package io.arcly.stream.kernel.spi;

import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackKind;

/**
 * Telemetry hook of the kernel. Methods are called on hot paths (per frame in and per frame sent
 * per subscriber), so implementations must be cheap and non-blocking; every method has a no-op
 * default.
 */
public interface Observer {
  /** Observes nothing. */
  Observer NOOP = new Observer() {};

  /** A publisher started on {@code key} over {@code protocol}. */
  default void publishStarted(StreamKey key, String protocol) {}

  /** A publisher on {@code key} ended, for {@code reason}. */
  default void publishEnded(StreamKey key, String protocol, String reason) {}

  /** A frame of {@code bytes} arrived from a publisher. */
  default void frameIn(String protocol, TrackKind kind, int bytes) {}

  /** A subscriber sent {@code frames} frames totalling {@code bytes} to its client. */
  default void framesOut(String protocol, int frames, long bytes) {}

  /** A subscriber joined a stream. */
  default void subscriberJoined(StreamKey key, String protocol) {}

  /** A subscriber left a stream. */
  default void subscriberLeft(StreamKey key, String protocol) {}

  /** A slow subscriber skipped {@code frames} frames to catch up. */
  default void subscriberDropped(String protocol, long frames) {}

  /** A publish or play attempt was refused for {@code reason} (a stable lowercase code). */
  default void sessionRejected(String protocol, String reason) {}
}
