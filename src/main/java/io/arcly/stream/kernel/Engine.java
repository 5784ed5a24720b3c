package io.arcly.stream.kernel;

import io.arcly.stream.kernel.spi.AuditRecord;
import io.arcly.stream.kernel.spi.AuditSink;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.kernel.spi.StreamAuthenticator;
import io.arcly.stream.kernel.spi.TrackDescriber;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The streaming kernel: the registry of live streams (one publisher per key), their fan-out buses,
 * the play-session tracker and the event feed, with injected authorization, audit and telemetry.
 *
 * <p>Build one with {@link #builder()}; several engines can live in one process. {@link
 * #housekeeping()} (rates and the idle reaper) is meant to be called about once a second by the
 * host; {@link #shutdown()} ends every stream.
 */
public final class Engine implements PublishRegistry, PlaybackRegistry, EventBus {
  private static final System.Logger LOG = System.getLogger(Engine.class.getName());

  private final Map<String, AppSpec> apps;
  private final AppSpec defaults;
  private final boolean strictApps;
  private final int maxPublishers;
  private final StreamAuthenticator authenticator;
  private final AuditSink audit;
  private final Observer observer;
  private final LongSupplier nanoClock;
  private final Clock wallClock;
  private final TrackDescriber describer;

  private final Object publishLock = new Object();
  private final ConcurrentHashMap<StreamKey, StreamHandle> streams = new ConcurrentHashMap<>();
  private final Map<String, Integer> publishersPerApp = new HashMap<>();
  private final AtomicLong streamIds = new AtomicLong();
  private final LocalEventBus events = new LocalEventBus();
  private final PlaySessions sessions = new PlaySessions(this);
  private volatile boolean shuttingDown;
  private volatile StreamDemand demand = StreamDemand.NONE;

  private Engine(Builder b) {
    this.apps = Map.copyOf(b.apps);
    this.defaults = b.defaults;
    this.strictApps = b.strictApps;
    this.maxPublishers = b.maxPublishers;
    this.authenticator = b.authenticator;
    this.audit = b.audit;
    this.observer = b.observer;
    this.nanoClock = b.nanoClock;
    this.wallClock = b.wallClock;
    this.describer = b.describer;
  }

  /**
   * Who brings publishers on demand (on-demand sources); {@link StreamDemand#NONE} removes it. Set
   * by the worker that manages such sources once it runs.
   */
  public void setDemand(StreamDemand d) {
    this.demand = java.util.Objects.requireNonNull(d);
  }

  /**
   * A player wants {@code key}, which is not live: how long it should wait for a publisher that is
   * being brought on demand; zero when none is coming.
   */
  public Duration demand(StreamKey key) {
    try {
      Duration d = demand.request(key);
      return d == null || d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "on-demand start of " + key + " failed: " + e);
      return Duration.ZERO;
    }
  }

  /** Describes tracks from their configuration frames. */
  TrackDescriber describer() {
    return describer;
  }

  /**
   * A builder with safe defaults: any application allowed, allow-all auth, no audit, no-op
   * observer.
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---- applications ----------------------------------------------------------------------

  /**
   * The settings of application {@code app}: its own when configured, else the defaults.
   *
   * @throws StreamException {@code UNKNOWN_APPLICATION} when unlisted applications are refused
   */
  public AppSpec spec(String app) {
    AppSpec s = apps.get(app);
    if (s != null) {
      return s;
    }
    if (strictApps) {
      throw new StreamException(
          StreamException.Reason.UNKNOWN_APPLICATION,
          "application \"" + app + "\" is not configured");
    }
    return defaults.named(app);
  }

  /** The configured applications, by name. */
  public Map<String, AppSpec> applications() {
    return apps;
  }

  // ---- PublishRegistry --------------------------------------------------------------------

  @Override
  public StreamHandle startPublish(StreamKey key, ClientInfo publisher) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(publisher, "publisher");
    AppSpec spec = spec(key.app());
    StreamHandle replaced = null;
    StreamHandle created;
    synchronized (publishLock) {
      if (shuttingDown) {
        throw new StreamException(
            StreamException.Reason.SHUTTING_DOWN, "the server is shutting down");
      }
      StreamHandle existing = streams.get(key);
      if (existing != null) {
        if (!spec.takeover()) {
          throw new StreamException(
              StreamException.Reason.ALREADY_PUBLISHING,
              "stream " + key + " is already publishing");
        }
        streams.remove(key, existing);
        publishersPerApp.merge(key.app(), -1, Integer::sum);
        replaced = existing;
      }
      int inApp = publishersPerApp.getOrDefault(key.app(), 0);
      if (spec.maxPublishers() > 0 && inApp >= spec.maxPublishers()) {
        restore(replaced);
        throw new StreamException(
            StreamException.Reason.PUBLISHER_LIMIT,
            "application "
                + key.app()
                + " has its maximum of "
                + spec.maxPublishers()
                + " publishers");
      }
      if (maxPublishers > 0 && streams.size() >= maxPublishers) {
        restore(replaced);
        throw new StreamException(
            StreamException.Reason.PUBLISHER_LIMIT,
            "the server has its maximum of " + maxPublishers + " publishers");
      }
      created = new StreamHandle(this, key, spec, publisher, streamIds.incrementAndGet());
      streams.put(key, created);
      publishersPerApp.merge(key.app(), 1, Integer::sum);
    }
    if (replaced != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "publisher of "
              + key
              + " from "
              + replaced.publisher().remoteAddress()
              + " taken over by "
              + publisher.remoteAddress());
      announceEnd(replaced, EndReason.TAKEN_OVER);
    }
    observer.publishStarted(key, publisher.protocol());
    audit(AuditRecord.Action.PUBLISH_START, key, publisher, "");
    emit(
        StreamEvent.Type.PUBLISH_START,
        key,
        Map.of(
            "protocol", publisher.protocol(),
            "remote", publisher.remoteAddress(),
            "client", publisher.clientName()));
    return created;
  }

  private void restore(StreamHandle replaced) {
    if (replaced != null) {
      streams.put(replaced.key(), replaced);
      publishersPerApp.merge(replaced.key().app(), 1, Integer::sum);
    }
  }

  @Override
  public void endPublish(StreamHandle handle, EndReason reason) {
    synchronized (publishLock) {
      if (streams.remove(handle.key(), handle)) {
        publishersPerApp.merge(handle.key().app(), -1, Integer::sum);
      }
    }
    announceEnd(handle, reason);
  }

  private void announceEnd(StreamHandle handle, EndReason reason) {
    if (!handle.end(reason)) {
      return;
    }
    ClientInfo p = handle.publisher();
    observer.publishEnded(handle.key(), p.protocol(), reason.code());
    audit(AuditRecord.Action.PUBLISH_END, handle.key(), p, reason.code());
    emit(
        StreamEvent.Type.PUBLISH_END,
        handle.key(),
        Map.of(
            "protocol", p.protocol(),
            "remote", p.remoteAddress(),
            "reason", reason.code()));
  }

  /** Ends the publisher of {@code key} (operator action); false when no stream has that key. */
  public boolean kick(StreamKey key) {
    StreamHandle h = streams.get(key);
    if (h == null) {
      return false;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "kicking publisher of " + key + " from " + h.publisher().remoteAddress());
    endPublish(h, EndReason.KICKED);
    return true;
  }

  // ---- PlaybackRegistry -------------------------------------------------------------------

  @Override
  public Optional<StreamHandle> findStream(StreamKey key) {
    return Optional.ofNullable(streams.get(key));
  }

  @Override
  public List<StreamHandle> listStreams(String app) {
    return streams.values().stream()
        .filter(h -> app == null || h.key().app().equals(app))
        .sorted(Comparator.comparing(StreamHandle::key))
        .toList();
  }

  /** Number of live streams. */
  public int streamCount() {
    return streams.size();
  }

  /** Total subscribers across all live streams. */
  public int subscriberCount() {
    int n = 0;
    for (StreamHandle h : streams.values()) {
      n += h.subscriberCount();
    }
    return n;
  }

  /** The tracker of remote players. */
  public PlaySessions sessions() {
    return sessions;
  }

  // ---- EventBus ---------------------------------------------------------------------------

  @Override
  public Registration subscribeEvents(String app, Consumer<StreamEvent> listener) {
    return events.subscribeEvents(app, listener);
  }

  void emit(StreamEvent.Type type, StreamKey key, Map<String, String> detail) {
    events.emit(new StreamEvent(type, key, wallNow(), detail));
  }

  // ---- ingest seam ------------------------------------------------------------------------

  /**
   * A context for a worker of {@code protocol} whose threads come from {@code threads}; {@code
   * readyHook} hears the worker's listening endpoint.
   */
  public IngestContext ingestContext(
      String protocol, java.util.concurrent.ThreadFactory threads, Consumer<String> readyHook) {
    return new IngestContext(this, protocol, threads, readyHook);
  }

  // ---- housekeeping -----------------------------------------------------------------------

  /**
   * Samples every stream's rates and ends publishers that sent nothing for longer than their
   * application's idle timeout. Returns the number of publishers ended.
   */
  public int housekeeping() {
    long now = nanoClock.getAsLong();
    int reaped = 0;
    for (StreamHandle h : streams.values()) {
      h.sampleRates(now);
      long idleNanos = h.spec().idleTimeout().toNanos();
      if (now - h.lastFrameNanos() > idleNanos) {
        LOG.log(
            System.Logger.Level.INFO,
            "ending idle publisher of "
                + h.key()
                + " from "
                + h.publisher().remoteAddress()
                + ": no frame for "
                + h.spec().idleTimeout().toMillis()
                + " ms");
        endPublish(h, EndReason.IDLE);
        reaped++;
      }
    }
    return reaped;
  }

  /** Refuses new publishers and ends every live stream; subscribers see end of stream. */
  public void shutdown() {
    List<StreamHandle> live;
    synchronized (publishLock) {
      shuttingDown = true;
      live = new ArrayList<>(streams.values());
    }
    for (StreamHandle h : live) {
      endPublish(h, EndReason.SHUTDOWN);
    }
  }

  /** Whether {@link #shutdown()} was called. */
  public boolean isShuttingDown() {
    return shuttingDown;
  }

  // ---- collaborators ----------------------------------------------------------------------

  StreamAuthenticator authenticator() {
    return authenticator;
  }

  Observer observer() {
    return observer;
  }

  long nanoTime() {
    return nanoClock.getAsLong();
  }

  Instant wallNow() {
    return wallClock.instant();
  }

  void audit(AuditRecord.Action action, StreamKey key, ClientInfo client, String detail) {
    try {
      audit.record(new AuditRecord(wallNow(), action, key, client, detail));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "audit sink failed: " + e);
    }
  }

  StreamException rejected(StreamKey key, ClientInfo client, StreamException e) {
    rejected(key, client, e.reason().code(), e.getMessage());
    return e;
  }

  void rejected(StreamKey key, ClientInfo client, String code, String message) {
    observer.sessionRejected(client.protocol(), code);
    audit(AuditRecord.Action.REJECTED, key, client, message);
    LOG.log(
        System.Logger.Level.INFO,
        client.protocol() + " " + client.remoteAddress() + " refused: " + message);
  }

  /** Builds an {@link Engine}. */
  public static final class Builder {
    private final Map<String, AppSpec> apps = new LinkedHashMap<>();
    private AppSpec defaults = AppSpec.defaults("default");
    private boolean strictApps;
    private int maxPublishers;
    private StreamAuthenticator authenticator = StreamAuthenticator.ALLOW_ALL;
    private AuditSink audit = AuditSink.NONE;
    private Observer observer = Observer.NOOP;
    private LongSupplier nanoClock = System::nanoTime;
    private Clock wallClock = Clock.systemUTC();
    private TrackDescriber describer = TrackDescriber.CODEC_ONLY;

    private Builder() {}

    /** Describes tracks from their configuration frames (default: the codec only). */
    public Builder describer(TrackDescriber d) {
      this.describer = Objects.requireNonNull(d);
      return this;
    }

    /** Adds an application with its own settings. */
    public Builder application(AppSpec spec) {
      apps.put(spec.name(), spec);
      return this;
    }

    /** The settings used by applications that are not configured (when allowed). */
    public Builder defaults(AppSpec spec) {
      this.defaults = Objects.requireNonNull(spec);
      return this;
    }

    /** Whether publishing to an application that is not configured is refused. */
    public Builder strictApplications(boolean strict) {
      this.strictApps = strict;
      return this;
    }

    /** The most simultaneous publishers on the whole server, 0 for no limit. */
    public Builder maxPublishers(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max publishers must not be negative");
      }
      this.maxPublishers = max;
      return this;
    }

    /** Who may publish and play. */
    public Builder authenticator(StreamAuthenticator a) {
      this.authenticator = Objects.requireNonNull(a);
      return this;
    }

    /** Where the audit trail goes. */
    public Builder audit(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink);
      return this;
    }

    /** The telemetry hook. */
    public Builder observer(Observer o) {
      this.observer = Objects.requireNonNull(o);
      return this;
    }

    /** The monotonic clock in nanoseconds (tests use a fake one). */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock);
      return this;
    }

    /** The wall clock for timestamps shown to people. */
    public Builder wallClock(Clock clock) {
      this.wallClock = Objects.requireNonNull(clock);
      return this;
    }

    /** The engine. */
    public Engine build() {
      return new Engine(this);
    }
  }
}
