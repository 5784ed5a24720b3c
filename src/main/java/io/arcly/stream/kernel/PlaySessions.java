package io.arcly.stream.kernel;

import io.arcly.stream.kernel.spi.AuditRecord;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The tracker of every remote player, across protocols. */
public final class PlaySessions {
  private final Engine engine;
  private final ConcurrentHashMap<String, PlaySession> sessions = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  PlaySessions(Engine engine) {
    this.engine = engine;
  }

  /**
   * Registers a player of {@code key}. Protocols that stream from a subscription get one through
   * {@link IngestContext#openPlay}; protocols whose viewers are not subscribers (HLS) call this
   * directly and close the session when the viewer goes away.
   */
  public PlaySession open(StreamKey key, ClientInfo client) {
    String id = client.protocol() + "-" + ids.incrementAndGet();
    PlaySession s = new PlaySession(this, id, key, client, engine.wallNow());
    sessions.put(id, s);
    engine.audit(AuditRecord.Action.PLAY_START, key, client, "");
    return s;
  }

  void remove(PlaySession s) {
    if (sessions.remove(s.id(), s)) {
      engine.audit(AuditRecord.Action.PLAY_END, s.key(), s.client(), "bytes=" + s.bytesSent());
    }
  }

  /** Every open session, oldest first. */
  public List<PlaySession> list() {
    return sessions.values().stream()
        .sorted(Comparator.comparing(PlaySession::since).thenComparing(PlaySession::id))
        .toList();
  }

  /** Number of open sessions. */
  public int count() {
    return sessions.size();
  }
}
