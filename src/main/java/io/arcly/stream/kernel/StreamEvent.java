package io.arcly.stream.kernel;

import io.arcly.stream.media.StreamKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A lifecycle event of a stream, as delivered by the {@link EventBus}.
 *
 * @param type what happened
 * @param key the stream
 * @param at when
 * @param detail string values that describe it (protocol, remote address, reason, subscriber id)
 */
public record StreamEvent(Type type, StreamKey key, Instant at, Map<String, String> detail) {
  /** Event types. */
  public enum Type {
    PUBLISH_START,
    PUBLISH_END,
    SUBSCRIBER_JOIN,
    SUBSCRIBER_LEAVE,
    METADATA;

    /** The lowercase label used in JSON, such as {@code publish_start}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates and copies. */
  public StreamEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    detail = Map.copyOf(detail);
  }
}
