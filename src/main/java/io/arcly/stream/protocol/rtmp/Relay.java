package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.protocol.rtmp.io.ClientConnection;
import io.arcly.stream.protocol.rtmp.session.RelaySession;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * One relay: pushes a live stream to an upstream RTMP server, reconnecting with exponential backoff
 * (1 s doubling to {@link RtmpSettings#relayMaxBackoff()}) while the stream is live, and finishing
 * when it ends or when stopped.
 */
public final class Relay {
  private static final System.Logger LOG = System.getLogger(Relay.class.getName());

  /** Where a relay is in its life. */
  public enum State {
    /** Connecting or waiting for the upstream's answer. */
    CONNECTING,
    /** Publishing to the upstream. */
    PUBLISHING,
    /** Waiting before the next attempt. */
    BACKOFF,
    /** Finished: the stream ended or the relay was stopped. */
    STOPPED
  }

  private final String id;
  private final StreamHandle handle;
  private final RelayTarget target;
  private final RtmpSettings settings;
  private final PendingBudget budget;
  private final ThreadFactory threads;
  private final boolean configured;
  private final Instant since = Instant.now();
  private volatile State state = State.CONNECTING;
  private volatile String lastError = "";
  private volatile int attempts;
  private volatile boolean stopped;
  private volatile Thread thread;
  private volatile ClientConnection connection;

  Relay(
      String id,
      StreamHandle handle,
      RelayTarget target,
      RtmpSettings settings,
      PendingBudget budget,
      ThreadFactory threads,
      boolean configured) {
    this.id = id;
    this.handle = handle;
    this.target = target;
    this.settings = settings;
    this.budget = budget;
    this.threads = threads;
    this.configured = configured;
  }

  /** A short identifier, unique in the server. */
  public String id() {
    return id;
  }

  /** The relayed stream. */
  public StreamHandle stream() {
    return handle;
  }

  /** The upstream. */
  public RelayTarget target() {
    return target;
  }

  /** Whether the relay comes from the application's push list (not the API). */
  public boolean configured() {
    return configured;
  }

  /** The state. */
  public State state() {
    return state;
  }

  /** The last failure, empty if none. */
  public String lastError() {
    return lastError;
  }

  /** Connection attempts so far. */
  public int attempts() {
    return attempts;
  }

  /** When the relay started. */
  public Instant since() {
    return since;
  }

  void start(Runnable onFinish) {
    Thread t =
        threads.newThread(
            () -> {
              try {
                loop();
              } finally {
                state = State.STOPPED;
                onFinish.run();
              }
            });
    thread = t;
    t.start();
  }

  /** Stops the relay and closes its upstream connection. */
  public void stop() {
    stopped = true;
    ClientConnection c = connection;
    if (c != null) {
      c.close(null, false);
    }
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private void loop() {
    int failures = 0;
    while (!stopped && !handle.isEnded()) {
      attempts++;
      state = State.CONNECTING;
      long started = System.nanoTime();
      RelaySession session = null;
      ClientConnection c = null;
      try {
        c =
            ClientConnection.open(
                target, threads, settings.relaySetupTimeout(), settings.maxMessageSize(), budget);
        connection = c;
        if (stopped) {
          break;
        }
        c.setReadTimeout(Duration.ZERO);
        session =
            new RelaySession(
                c,
                handle,
                target.app(),
                target.tcUrl(),
                target.stream(),
                settings.chunkSize(),
                settings.relaySetupTimeout());
        RelaySession s = session;
        s.start();
        state = State.PUBLISHING;
        c.run(s::onMessage, s::afterRead);
      } catch (RtmpException | IOException e) {
        String why =
            e instanceof SocketTimeoutException
                ? "upstream did not answer within "
                    + settings.relaySetupTimeout().toSeconds()
                    + " s"
                : e.getMessage() == null ? e.toString() : e.getMessage();
        if (!stopped && !(session != null && session.streamEnded())) {
          lastError = why;
          LOG.log(
              System.Logger.Level.WARNING, "relay " + handle.key() + " to " + target + ": " + why);
        }
      } finally {
        if (session != null) {
          session.stop();
        }
        if (c != null) {
          c.close(null, false);
        }
        connection = null;
      }
      if (session != null && session.streamEnded()) {
        break;
      }
      if (session != null && session.published()) {
        if (!stopped && !handle.isEnded()) {
          lastError = "upstream closed the connection";
        }
        if (System.nanoTime() - started > 10_000_000_000L) {
          failures = 0;
        }
      }
      failures++;
      if (stopped || handle.isEnded()) {
        break;
      }
      state = State.BACKOFF;
      long pause =
          Math.min(settings.relayMaxBackoff().toMillis(), 1000L << Math.min(failures - 1, 16));
      long until = System.nanoTime() + pause * 1_000_000L;
      while (!stopped && !handle.isEnded() && System.nanoTime() < until) {
        LockSupport.parkNanos(this, Math.min(until - System.nanoTime(), 500_000_000L));
      }
    }
  }
}
