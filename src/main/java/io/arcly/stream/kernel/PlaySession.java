package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One remote player watching a stream, whatever the protocol (an RTMP connection, an HLS client):
 * who it is, since when, and how many bytes it was sent. Listed by {@link PlaySessions}.
 */
public final class PlaySession implements AutoCloseable {
  private final PlaySessions owner;
  private final String id;
  private final StreamKey key;
  private final ClientInfo client;
  private final Instant since;
  private final LongAdder bytesSent = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

  PlaySession(PlaySessions owner, String id, StreamKey key, ClientInfo client, Instant since) {
    this.owner = owner;
    this.id = id;
    this.key = key;
    this.client = client;
    this.since = since;
  }

  /** A short identifier unique within the engine. */
  public String id() {
    return id;
  }

  /** The stream watched. */
  public StreamKey key() {
    return key;
  }

  /** The player. */
  public ClientInfo client() {
    return client;
  }

  /** When the session started. */
  public Instant since() {
    return since;
  }

  /** Bytes sent to the player so far. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** Whether the session has ended. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Adds to the bytes sent. */
  public void addBytes(long n) {
    bytesSent.add(n);
  }

  /** Ends the session and removes it from the list. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owner.remove(this);
    }
  }
}
