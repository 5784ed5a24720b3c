package io.arcly.stream.protocol.hls;

import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PlaySession;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The HLS packager as a worker of the host: it packages every stream that starts publishing
 * (whatever protocol brought it) on a managed thread of its own, keeps ended renditions for the
 * retention time, and tracks HLS viewers as play sessions (one per client, not per request). The
 * HTTP side asks it for renditions and registers viewers.
 */
public final class HlsService implements InboundProtocol {
  private static final System.Logger LOG = System.getLogger(HlsService.class.getName());

  private final HlsSettings settings;
  private final Clock clock;
  private final Map<StreamKey, HlsStream> streams = new ConcurrentHashMap<>();
  private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
  private final AtomicInteger blocked = new AtomicInteger();
  private final java.util.HashMap<String, java.util.ArrayDeque<Slot>> byClient =
      new java.util.HashMap<>();
  private final CompletableFuture<IngestContext> context = new CompletableFuture<>();

  /** A packager with {@code settings}. */
  public HlsService(HlsSettings settings) {
    this(settings, Clock.systemUTC());
  }

  HlsService(HlsSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "hls";
  }

  /** The settings. */
  public HlsSettings settings() {
    return settings;
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
    context.complete(ctx);
    try (EventBus.Registration r =
        ctx.events()
            .subscribeEvents(
                null,
                e -> {
                  if (e.type() == StreamEvent.Type.PUBLISH_START) {
                    // Hand off: subscribing here would announce the packager before the
                    // publish start reached the other listeners.
                    ctx.threads()
                        .newThread(
                            () -> ctx.playback().findStream(e.key()).ifPresent(h -> start(ctx, h)))
                        .start();
                  }
                })) {
      for (StreamHandle h : ctx.playback().listStreams(null)) {
        start(ctx, h);
      }
      ctx.ready("http /hls");
      while (!shutdown.await(Duration.ofSeconds(1))) {
        expire();
      }
    } finally {
      streams.values().forEach(HlsStream::close);
      viewers.values().forEach(v -> v.session.close());
      viewers.clear();
    }
  }

  private void start(IngestContext ctx, StreamHandle h) {
    Subscription sub;
    try {
      sub = h.subscribe(new ClientInfo("hls-packager", "internal", ""));
    } catch (StreamException e) {
      return; // ended already
    }
    HlsStream s =
        streams.compute(
            h.key(), (k, old) -> old == null || old.snapshot().ended() ? create(ctx, k) : old);
    Thread t =
        ctx.threads()
            .newThread(
                () -> {
                  try {
                    s.publish(sub);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    LOG.log(
                        System.Logger.Level.WARNING, "hls packaging of " + h.key() + " failed", e);
                  } finally {
                    sub.close();
                  }
                });
    t.start();
  }

  private HlsStream create(IngestContext ctx, StreamKey k) {
    Variant v = settings.variantOf(k.app());
    HlsStream s = new HlsStream(k, v, settings, clock, formats(v));
    if (!settings.directory().isEmpty()) {
      DiskWriter w = new DiskWriter(s, java.nio.file.Path.of(settings.directory()));
      s.onSnapshot(
          snap -> {
            w.offer(snap);
            if (snap.ended()) {
              w.stop();
            }
          });
      ctx.threads().newThread(w).start();
    }
    return s;
  }

  /** The formats: fragmented MP4 for the fMP4 variants, MPEG-TS otherwise. */
  private static BiFunction<Frame, Frame, MediaFormat> formats(Variant v) {
    return v.fmp4() ? Fmp4Format::new : TsFormat::new;
  }

  /**
   * Authorizes {@code client} to watch {@code key}.
   *
   * @throws StreamException {@code UNAUTHORIZED}, or {@code SHUTTING_DOWN} before the worker runs
   */
  public void authorize(StreamKey key, ClientInfo client, Credentials credentials) {
    IngestContext ctx = context.getNow(null);
    if (ctx == null) {
      throw new StreamException(StreamException.Reason.SHUTTING_DOWN, "hls is not running");
    }
    ctx.authorizePlay(key, client, credentials);
  }

  /**
   * Runs {@code task} on a managed thread of its own (answering a blocked request, so the packaging
   * thread that made the part never waits for a client).
   */
  public void dispatch(Runnable task) {
    IngestContext ctx = context.getNow(null);
    if (ctx == null) {
      task.run();
      return;
    }
    ctx.threads().newThread(task).start();
  }

  /** The rendition of {@code key}, if one is live or retained. */
  public Optional<HlsStream> find(StreamKey key) {
    return Optional.ofNullable(streams.get(key));
  }

  /**
   * Claims a slot for a blocked request of {@code client} (its address and user agent); null when
   * {@link HlsSettings#maxBlocking()} requests are waiting already. When the client has {@link
   * HlsSettings#maxBlockingPerClient()} waiting already, its oldest slot is evicted: released, and
   * its {@code onEvicted} runs (on this thread; it must not block). This bounds what clients that
   * went away without a word leave waiting: the container does not report a reset connection of a
   * request that waits.
   */
  public Slot block(String client, Runnable onEvicted) {
    while (true) {
      int n = blocked.get();
      if (n >= settings.maxBlocking()) {
        return null;
      }
      if (blocked.compareAndSet(n, n + 1)) {
        break;
      }
    }
    Slot slot = new Slot(client, onEvicted);
    Slot evicted = null;
    synchronized (byClient) {
      java.util.ArrayDeque<Slot> mine =
          byClient.computeIfAbsent(client, c -> new java.util.ArrayDeque<>());
      mine.addLast(slot);
      if (mine.size() > settings.maxBlockingPerClient()) {
        evicted = mine.pollFirst();
      }
    }
    if (evicted != null && evicted.release()) {
      evicted.onEvicted.run();
    }
    return slot;
  }

  /** A blocked request's claim on one of the waiting places. */
  public final class Slot {
    private final String client;
    private final Runnable onEvicted;
    private final java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();

    private Slot(String client, Runnable onEvicted) {
      this.client = client;
      this.onEvicted = onEvicted;
    }

    /** Gives the place back; true the first time only. */
    public boolean release() {
      if (!released.compareAndSet(false, true)) {
        return false;
      }
      blocked.decrementAndGet();
      synchronized (byClient) {
        java.util.ArrayDeque<Slot> mine = byClient.get(client);
        if (mine != null) {
          mine.remove(this);
          if (mine.isEmpty()) {
            byClient.remove(client);
          }
        }
      }
      return true;
    }

    /** Whether the place was given back (answered, timed out or evicted). */
    public boolean isReleased() {
      return released.get();
    }
  }

  /** Requests blocked now. */
  public int blockedRequests() {
    return blocked.get();
  }

  /**
   * Notes a request from viewer {@code client} of {@code key}: the first opens a play session,
   * later ones keep it alive; it ends after {@link HlsSettings#viewerTimeout()} without requests.
   */
  public void touch(StreamKey key, ClientInfo client, long bytes) {
    IngestContext ctx = context.getNow(null);
    if (ctx == null) {
      return;
    }
    String id = key + "|" + client.remoteAddress() + "|" + client.clientName();
    Viewer v =
        viewers.computeIfAbsent(
            id, k -> new Viewer(ctx.sessions().open(key, client), clock.instant()));
    v.last = clock.instant();
    v.session.addBytes(bytes);
  }

  /** Ends viewers gone quiet and renditions past their retention. */
  void expire() {
    Instant now = clock.instant();
    viewers
        .entrySet()
        .removeIf(
            e -> {
              boolean gone = e.getValue().last.plus(settings.viewerTimeout()).isBefore(now);
              if (gone) {
                e.getValue().session.close();
              }
              return gone;
            });
    streams
        .entrySet()
        .removeIf(
            e -> {
              Instant ended = e.getValue().endedAt();
              boolean expired = ended != null && ended.plus(settings.retention()).isBefore(now);
              if (expired) {
                e.getValue().close();
              }
              return expired;
            });
  }

  private static final class Viewer {
    final PlaySession session;
    volatile Instant last;

    Viewer(PlaySession session, Instant last) {
      this.session = session;
      this.last = last;
    }
  }
}
