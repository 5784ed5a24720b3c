package io.arcly.stream.kernel.spi;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which stream, and when.
 *
 * @param at when it happened
 * @param action what happened
 * @param key the stream concerned
 * @param client who did it
 * @param detail a short lowercase detail (end reason, rejection reason), or empty
 */
public record AuditRecord(
    Instant at, Action action, StreamKey key, ClientInfo client, String detail) {
  /** Audited actions. */
  public enum Action {
    PUBLISH_START,
    PUBLISH_END,
    PLAY_START,
    PLAY_END,
    REJECTED;

    /** The lowercase label written to the trail. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Validates the record. */
  public AuditRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(client, "client");
    detail = detail == null ? "" : detail;
  }
}
