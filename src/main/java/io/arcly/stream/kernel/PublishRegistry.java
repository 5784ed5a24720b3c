package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;

/**
 * The publish side of the stream registry: one active publisher per stream key. Ingest code depends
 * on this (through {@link IngestContext}), never on the engine class.
 */
public interface PublishRegistry {
  /**
   * Claims {@code key} for {@code publisher} and returns the new stream's handle.
   *
   * @throws StreamException {@code ALREADY_PUBLISHING} when the key is live (unless the application
   *     takes over), {@code PUBLISHER_LIMIT} at capacity, {@code UNKNOWN_APPLICATION}, {@code
   *     SHUTTING_DOWN}
   */
  StreamHandle startPublish(StreamKey key, ClientInfo publisher);

  /**
   * Ends the stream of {@code handle} for {@code reason} and frees its key. Idempotent; the first
   * reason wins. Ending a handle that was already replaced leaves the new publisher alone.
   */
  void endPublish(StreamHandle handle, EndReason reason);
}
