package io.arcly.stream.kernel.play;

import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PlaySession;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Opens a player's subscription, waiting for the stream's publisher when it has not started yet
 * (players often connect a moment before the encoder, and on-demand sources start at the first
 * player).
 *
 * <p>{@link #open} decides at once: a subscription when the stream is live; a refusal (not found,
 * unauthorized, ...); or, when waiting is allowed or an on-demand source is being started for it
 * ({@link IngestContext#demand}), an authorized wait that {@link #await} carries out, on whatever
 * thread suits the protocol. While it waits the player is listed as a session.
 */
public final class PublisherWait {
  /** Work a waiting player does between wake-ups, such as sending queued control messages. */
  @FunctionalInterface
  public interface Idle {
    /** Runs while waiting. */
    void run() throws IOException;
  }

  private final IngestContext ctx;
  private final StreamKey key;
  private final ClientInfo client;
  private final Credentials credentials;
  private volatile Thread waiter;
  private volatile Duration demandWait = Duration.ZERO;
  private volatile boolean woken;

  /** A wait for {@code client} to play {@code key}. */
  public PublisherWait(
      IngestContext ctx, StreamKey key, ClientInfo client, Credentials credentials) {
    this.ctx = ctx;
    this.key = key;
    this.client = client;
    this.credentials = credentials;
  }

  /**
   * The subscription when the stream is live; null when it is not but the player may wait (up to
   * {@code wait}, not zero; the authenticator has allowed it).
   *
   * @throws StreamException {@code STREAM_NOT_FOUND} when it is not live and {@code wait} is zero,
   *     or whatever the engine refuses the player for
   */
  public Subscription open(Duration wait) {
    if (ctx.playback().findStream(key).isPresent()) {
      try {
        return ctx.openPlay(key, client, credentials);
      } catch (StreamException e) {
        if (e.reason() != StreamException.Reason.STREAM_NOT_FOUND || wait.isZero()) {
          throw e; // ended in between: wait for the next publisher like any other player
        }
      }
    }
    Duration coming = ctx.demand(key);
    if (coming.compareTo(wait) > 0) {
      demandWait = coming; // an on-demand source is starting: wait for it at least this long
    }
    if (wait.isZero() && coming.isZero()) {
      throw new StreamException(
          StreamException.Reason.STREAM_NOT_FOUND, "stream " + key + " is not live");
    }
    ctx.authorizePlay(key, client, credentials);
    return null;
  }

  /**
   * Waits up to {@code wait} for the publisher and subscribes; runs {@code idle} between wake-ups.
   *
   * @return the subscription, or null when {@code stopped} said so first
   * @throws StreamException {@code STREAM_NOT_FOUND} "no publisher for KEY within N s", or what the
   *     engine refused the player for once the publisher came
   */
  public Subscription await(Duration wait, BooleanSupplier stopped, Idle idle) throws IOException {
    if (demandWait.compareTo(wait) > 0) {
      wait = demandWait;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    waiter = Thread.currentThread();
    try (PlaySession waiting = ctx.sessions().open(key, client);
        EventBus.Registration r =
            ctx.events()
                .subscribeEvents(
                    key.app(),
                    e -> {
                      if (e.type() == StreamEvent.Type.PUBLISH_START && e.key().equals(key)) {
                        wake();
                      }
                    })) {
      while (!stopped.getAsBoolean()) {
        woken = false;
        if (ctx.playback().findStream(key).isPresent()) {
          try {
            return ctx.openPlay(key, client, credentials);
          } catch (StreamException e) {
            if (e.reason() != StreamException.Reason.STREAM_NOT_FOUND) {
              throw e;
            }
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StreamException(
              StreamException.Reason.STREAM_NOT_FOUND,
              "no publisher for " + key + " within " + wait.toSeconds() + " s");
        }
        idle.run();
        if (!woken) {
          LockSupport.parkNanos(this, left);
        }
      }
      return null;
    } finally {
      waiter = null;
    }
  }

  /** Makes a waiting {@link #await} look again (a publisher started, or the player stops). */
  public void wake() {
    woken = true;
    Thread t = waiter;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
