package io.arcly.stream.protocol.srt;

import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.srt.session.Caller;
import io.arcly.stream.protocol.srt.session.Rejected;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The applications' {@code srt://} pushes: when a stream of an application with push destinations
 * starts, each destination is called as a publisher ({@code publish:{app}/{stream}} unless the URL
 * names its own stream id) and sent the stream's MPEG-TS until the stream ends. A destination that
 * cannot be reached or drops the connection is called again, after 1, 2, 4 ... up to 10 seconds,
 * while the stream is live.
 */
final class SrtPushes implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SrtPushes.class.getName());
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final IngestContext ctx;
  private final SrtSettings settings;
  private final Ticker ticker;
  private final Map<Long, Caller> active = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final EventBus.Registration events;
  private volatile boolean closed;

  SrtPushes(IngestContext ctx, SrtSettings settings, Ticker ticker) {
    this.ctx = ctx;
    this.settings = settings;
    this.ticker = ticker;
    this.events =
        settings.push().isEmpty() ? () -> {} : ctx.events().subscribeEvents(null, this::onEvent);
  }

  private void onEvent(StreamEvent e) {
    if (e.type() != StreamEvent.Type.PUBLISH_START || closed) {
      return;
    }
    List<SrtUrl> urls = settings.push().get(e.key().app());
    if (urls == null) {
      return;
    }
    ctx.playback()
        .findStream(e.key())
        .ifPresent(
            h -> {
              for (SrtUrl url : urls) {
                ctx.threads().newThread(() -> push(h, url)).start();
              }
            });
  }

  private void push(StreamHandle h, SrtUrl url) {
    StreamKey key = h.key();
    String dest = url.host() + ":" + url.port();
    String label = "srt push " + key + " to " + dest;
    long backoff = 1_000;
    while (!closed && !h.isEnded()) {
      long id = ids.incrementAndGet();
      try {
        Caller c =
            Caller.connect(
                SrtPullClient.target(settings, url, url.streamIdFor(key.app(), key.stream())),
                SrtKeys.offer(url.passphrase(), url.keyLength(), settings),
                ctx.threads(),
                label);
        try (c) {
          active.put(id, c);
          LOG.log(System.Logger.Level.INFO, label + ": connected");
          backoff = 1_000;
          Subscription s = h.subscribe(new ClientInfo("srt-push", dest, label));
          TsPlay play = new TsPlay(s, null, settings, ticker);
          c.send(play, reason -> play.end());
          LOG.log(System.Logger.Level.INFO, label + ": ended: " + c.connection().endReason());
        } finally {
          active.remove(id);
        }
      } catch (IOException | Rejected e) {
        LOG.log(System.Logger.Level.WARNING, label + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (closed || h.isEnded()) {
        return;
      }
      try {
        Thread.sleep(backoff); // the destination went away: call again while the stream is live
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  /** Pushes connected now. */
  int active() {
    return active.size();
  }

  @Override
  public void close() {
    closed = true;
    events.close();
    active.values().forEach(c -> c.close("server stopping"));
  }
}
