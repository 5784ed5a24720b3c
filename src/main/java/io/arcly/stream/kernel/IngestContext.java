package io.arcly.stream.kernel;

import io.arcly.stream.kernel.spi.AuthDecision;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * What a protocol worker gets from its host: publish and play sessions (authorized, counted and
 * audited), the playback registry, the play-session tracker, managed threads for its connections,
 * and a way to report that it listens.
 */
public final class IngestContext {
  private final Engine engine;
  private final String protocol;
  private final ThreadFactory threads;
  private final Consumer<String> readyHook;

  IngestContext(Engine engine, String protocol, ThreadFactory threads, Consumer<String> readyHook) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.readyHook = Objects.requireNonNull(readyHook, "readyHook");
  }

  /** A context outside any host (tests, the conformance runner); {@link #ready} is ignored. */
  public static IngestContext standalone(Engine engine, String protocol, ThreadFactory threads) {
    return new IngestContext(engine, protocol, threads, endpoint -> {});
  }

  /** The worker's protocol name. */
  public String protocol() {
    return protocol;
  }

  /**
   * Authorizes {@code client} and claims {@code key} for it.
   *
   * @throws StreamException {@code UNAUTHORIZED}, {@code ALREADY_PUBLISHING}, {@code
   *     PUBLISHER_LIMIT}, {@code UNKNOWN_APPLICATION} or {@code SHUTTING_DOWN}; each is counted and
   *     audited as a rejection
   */
  public PublishSession openPublish(StreamKey key, ClientInfo client, Credentials credentials) {
    require(
        engine.authenticator().authorizePublish(key, credentials, client),
        key,
        client,
        "publish to ");
    try {
      return new PublishSession(engine, engine.startPublish(key, client));
    } catch (StreamException e) {
      throw engine.rejected(key, client, e);
    }
  }

  /**
   * Authorizes {@code client} to play {@code key}, opens its play session and subscribes it: the
   * subscription starts with the cached configurations and GOP. Closing the subscription ends the
   * play session.
   *
   * @throws StreamException {@code UNAUTHORIZED}, {@code STREAM_NOT_FOUND} or {@code
   *     SUBSCRIBER_LIMIT}
   */
  public Subscription openPlay(StreamKey key, ClientInfo client, Credentials credentials) {
    require(
        engine.authenticator().authorizePlay(key, credentials, client), key, client, "play of ");
    PlaySession session = null;
    try {
      StreamHandle handle = engine.getStream(key);
      session = engine.sessions().open(key, client);
      return handle.subscribe(client, session);
    } catch (StreamException e) {
      if (session != null) {
        session.close();
      }
      throw engine.rejected(key, client, e);
    }
  }

  /**
   * Authorizes {@code client} to play {@code key} without opening anything: for a player that waits
   * for a publisher that has not started yet.
   *
   * @throws StreamException {@code UNAUTHORIZED}, counted and audited as a rejection
   */
  public void authorizePlay(StreamKey key, ClientInfo client, Credentials credentials) {
    require(
        engine.authenticator().authorizePlay(key, credentials, client), key, client, "play of ");
  }

  /**
   * Authorizes {@code client} to publish {@code key} without claiming it yet: for protocols that
   * announce a stream before they start it (RTSP ANNOUNCE, then RECORD).
   *
   * @throws StreamException {@code UNAUTHORIZED}, counted and audited as a rejection
   */
  public void authorizePublish(StreamKey key, ClientInfo client, Credentials credentials) {
    require(
        engine.authenticator().authorizePublish(key, credentials, client),
        key,
        client,
        "publish to ");
  }

  private void require(AuthDecision d, StreamKey key, ClientInfo client, String action) {
    if (!d.allowed()) {
      throw engine.rejected(
          key,
          client,
          new StreamException(
              StreamException.Reason.UNAUTHORIZED, action + key + " refused: " + d.reason()));
    }
  }

  /** Counts and audits a session refused by the protocol itself (bad request, bad input). */
  public void rejected(StreamKey key, ClientInfo client, String reasonCode) {
    engine.rejected(key, client, reasonCode, reasonCode);
  }

  /**
   * Counts a connection closed for bad input from its peer (malformed or hostile bytes) as a
   * rejection with reason {@code bad_input}; the protocol logs the reason itself.
   */
  public void protocolError(ClientInfo client) {
    engine.observer().sessionRejected(client.protocol(), "bad_input");
  }

  /**
   * A player wants {@code key}, which is not live: starts its on-demand publisher if it has one and
   * returns how long to wait for it (zero: none is coming).
   */
  public java.time.Duration demand(StreamKey key) {
    return engine.demand(key);
  }

  /**
   * Makes {@code d} the engine's way to bring publishers on demand ({@link StreamDemand#NONE} to
   * remove it): for the worker that manages on-demand sources.
   */
  public void provideDemand(StreamDemand d) {
    engine.setDemand(d);
  }

  /** Live streams, to play or relay. */
  public PlaybackRegistry playback() {
    return engine;
  }

  /** The stream lifecycle feed. */
  public EventBus events() {
    return engine;
  }

  /** The tracker of remote players. */
  public PlaySessions sessions() {
    return engine.sessions();
  }

  /** Managed threads for connection handlers; the host joins them at shutdown. */
  public ThreadFactory threads() {
    return threads;
  }

  /** Reports that the worker listens on {@code endpoint} (such as {@code 0.0.0.0:1935}). */
  public void ready(String endpoint) {
    readyHook.accept(endpoint);
  }
}
