package io.arcly.stream.kernel.spi;

/**
 * Receives the audit trail of publish and play sessions. Called on session boundaries (never per
 * frame); an implementation must not throw, and should not block for long.
 */
public interface AuditSink extends AutoCloseable {
  /** Discards everything. */
  AuditSink NONE = r -> {};

  /** Records one entry. */
  void record(AuditRecord record);

  /** Flushes and releases resources; the default does nothing. */
  @Override
  default void close() {}
}
