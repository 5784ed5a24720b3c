package io.arcly.stream.forward;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PlaySession;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.StreamDemand;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The sources the server pulls: each runs on a managed thread of its own, connecting, publishing
 * what it receives under its key, and reconnecting with a growing back-off (1 s doubling up to the
 * configured maximum, started over once media flows) for as long as it is configured. An on-demand
 * source starts when a viewer of any protocol wants its stream and stops once its last viewer has
 * been gone for its {@link SourceSpec#closeAfter()}.
 *
 * <p>It runs as a worker of its own ({@code sources}) so the host starts it with the others and
 * stops every pull at shutdown.
 */
public final class Sources implements InboundProtocol {
  private static final System.Logger LOG = System.getLogger(Sources.class.getName());

  /** The first wait after a failed attempt; it doubles up to the maximum. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  private static final Duration CHECK = Duration.ofMillis(500);

  /** A name or stream key already taken. */
  public static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message);
    }
  }

  /** The state of a source. */
  public enum State {
    /** On demand, and nobody watches. */
    IDLE,
    CONNECTING,
    PULLING,
    /** Waiting before the next attempt. */
    BACKOFF,
    /** Removed, or the server stops. */
    STOPPED;

    /** The lowercase name used in JSON. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final List<SourceSpec> configured;
  private final Map<String, PullClient> clients;
  private final Duration maxBackoff;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final CompletableFuture<IngestContext> context = new CompletableFuture<>();
  private volatile boolean closing;

  /**
   * Sources {@code configured} at start, pulled by the client of their URL's scheme among {@code
   * clients}, waiting at most {@code maxBackoff} between attempts.
   *
   * @throws IllegalArgumentException when a source's scheme has no client, or two sources share a
   *     name or key
   */
  public Sources(List<SourceSpec> configured, List<PullClient> clients, Duration maxBackoff) {
    Map<String, PullClient> byScheme = new HashMap<>();
    for (PullClient c : clients) {
      byScheme.put(c.scheme(), c);
    }
    this.clients = Map.copyOf(byScheme);
    this.maxBackoff = maxBackoff;
    this.configured = List.copyOf(configured);
    Map<String, SourceSpec> names = new HashMap<>();
    Map<StreamKey, SourceSpec> keys = new HashMap<>();
    for (SourceSpec s : configured) {
      client(s);
      if (names.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two sources are named " + s.name());
      }
      SourceSpec other = keys.put(s.key(), s);
      if (other != null) {
        throw new IllegalArgumentException(
            "sources " + other.name() + " and " + s.name() + " both publish " + s.key());
      }
    }
  }

  private PullClient client(SourceSpec s) {
    PullClient c = clients.get(s.scheme());
    if (c == null && clients.isEmpty()) {
      throw new IllegalArgumentException(
          "source " + s.name() + ": no protocol that can pull sources is enabled");
    }
    if (c == null) {
      throw new IllegalArgumentException(
          "source "
              + s.name()
              + ": cannot pull "
              + s.scheme()
              + "://, only "
              + String.join(", ", clients.keySet().stream().sorted().map(x -> x + "://").toList()));
    }
    return c;
  }

  @Override
  public String name() {
    return "sources";
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
    context.complete(ctx);
    ctx.provideDemand(this::demand);
    try {
      for (SourceSpec s : configured) {
        add(s);
      }
      ctx.ready(configured.size() + " configured");
      while (!shutdown.await(CHECK)) {
        stopUnwatched(ctx);
      }
    } finally {
      closing = true;
      ctx.provideDemand(StreamDemand.NONE);
      List<Source> all;
      synchronized (sources) {
        all = new ArrayList<>(sources.values());
      }
      for (Source s : all) {
        s.stop(State.STOPPED);
      }
      for (Source s : all) {
        s.join(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * Adds and starts (unless on demand) a source.
   *
   * @throws IllegalArgumentException for a scheme nobody pulls
   * @throws ConflictException when its name or key is taken
   * @throws IllegalStateException before the worker runs or while it stops
   */
  public SourceStatus add(SourceSpec spec) {
    IngestContext ctx = context.getNow(null);
    if (ctx == null || closing) {
      throw new IllegalStateException("the sources worker is not running");
    }
    PullClient client = client(spec);
    Source s;
    synchronized (sources) {
      if (sources.containsKey(spec.name())) {
        throw new ConflictException("a source named " + spec.name() + " exists");
      }
      for (Source o : sources.values()) {
        if (o.spec.key().equals(spec.key())) {
          throw new ConflictException(
              "source " + o.spec.name() + " already publishes " + spec.key());
        }
      }
      s = new Source(spec, client, ctx);
      sources.put(spec.name(), s);
    }
    if (!spec.onDemand()) {
      s.want();
    }
    return s.status();
  }

  /** Stops and removes a source; false when there is none of that name. */
  public boolean remove(String name) {
    Source s;
    synchronized (sources) {
      s = sources.remove(name);
    }
    if (s == null) {
      return false;
    }
    s.stop(State.STOPPED);
    return true;
  }

  /** Every source, in the order added. */
  public List<SourceStatus> list() {
    synchronized (sources) {
      return sources.values().stream().map(Source::status).toList();
    }
  }

  /** One source. */
  public Optional<SourceStatus> get(String name) {
    synchronized (sources) {
      return Optional.ofNullable(sources.get(name)).map(Source::status);
    }
  }

  /** A viewer wants {@code key}: start its on-demand source, if it has one. */
  private Duration demand(StreamKey key) {
    Source s;
    synchronized (sources) {
      s = sources.values().stream().filter(x -> x.spec.key().equals(key)).findFirst().orElse(null);
    }
    if (s == null || !s.spec.onDemand() || closing) {
      return Duration.ZERO;
    }
    s.want();
    return s.spec.startTimeout();
  }

  /** Stops on-demand pulls whose last viewer left more than their close-after ago. */
  private void stopUnwatched(IngestContext ctx) {
    List<Source> onDemand;
    synchronized (sources) {
      onDemand = sources.values().stream().filter(s -> s.spec.onDemand() && s.running()).toList();
    }
    if (onDemand.isEmpty()) {
      return;
    }
    Map<StreamKey, Integer> viewers = new HashMap<>();
    for (PlaySession p : ctx.sessions().list()) {
      viewers.merge(p.key(), 1, Integer::sum);
    }
    long now = System.nanoTime();
    for (Source s : onDemand) {
      s.checkViewers(viewers.getOrDefault(s.spec.key(), 0), now);
    }
  }

  /** One source and the thread that pulls it. */
  private final class Source {
    final SourceSpec spec;
    final PullClient client;
    final IngestContext ctx;
    private volatile State state;
    private volatile String error;
    private volatile Instant since = Instant.now();
    private volatile int attempts;
    private volatile Thread thread;
    private volatile Pull current;
    private volatile boolean wanted;
    private volatile boolean removed;
    private long unwatchedSince;

    Source(SourceSpec spec, PullClient client, IngestContext ctx) {
      this.spec = spec;
      this.client = client;
      this.ctx = ctx;
      this.state = spec.onDemand() ? State.IDLE : State.CONNECTING;
    }

    synchronized void want() {
      unwatchedSince = 0;
      if (removed || closing) {
        return;
      }
      wanted = true;
      if (thread == null) {
        Thread t = ctx.threads().newThread(this::run);
        thread = t;
        t.start();
      }
    }

    boolean running() {
      return thread != null;
    }

    synchronized void checkViewers(int viewers, long now) {
      if (viewers > 0 || thread == null) {
        unwatchedSince = 0;
        return;
      }
      if (unwatchedSince == 0) {
        unwatchedSince = now | 1;
      } else if (now - unwatchedSince >= spec.closeAfter().toNanos()) {
        LOG.log(
            System.Logger.Level.INFO,
            "source " + spec.name() + ": no viewers for " + spec.closeAfter().toSeconds() + " s");
        wanted = false;
        unwatchedSince = 0;
        Pull p = current;
        if (p != null) {
          p.stop();
        }
        wake();
      }
    }

    void stop(State end) {
      synchronized (this) {
        removed = true;
        wanted = false;
      }
      Pull p = current;
      if (p != null) {
        p.stop();
      }
      wake();
      if (thread == null) {
        set(end, null);
      }
    }

    void join(Duration max) {
      Thread t = thread;
      if (t != null) {
        try {
          t.join(max.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void wake() {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }

    private void set(State s, String err) {
      state = s;
      error = err;
      since = Instant.now();
    }

    private void run() {
      Duration backoff = FIRST_BACKOFF;
      try {
        while (wanted && !closing) {
          attempts++;
          set(State.CONNECTING, error);
          Pull pull =
              new Pull(
                  spec,
                  ctx,
                  () -> {
                    attempts = 0;
                    set(State.PULLING, null);
                  });
          current = pull;
          String failure;
          try {
            client.pull(pull);
            failure = pull.stopped() ? null : "the source ended the stream";
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (Exception e) {
            failure = pull.stopped() ? null : Text.printable(String.valueOf(e.getMessage()), 300);
          } finally {
            current = null;
          }
          if (state == State.PULLING || attempts == 0) {
            backoff = FIRST_BACKOFF;
          }
          if (!wanted || closing) {
            break;
          }
          LOG.log(
              System.Logger.Level.INFO,
              "source "
                  + spec.name()
                  + " ("
                  + spec.redactedUrl()
                  + "): "
                  + failure
                  + "; again in "
                  + backoff.toSeconds()
                  + " s");
          set(State.BACKOFF, failure);
          long until = System.nanoTime() + backoff.toNanos();
          while (wanted && !closing && until - System.nanoTime() > 0) {
            LockSupport.parkNanos(this, until - System.nanoTime());
          }
          backoff =
              backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                  ? maxBackoff
                  : backoff.multipliedBy(2);
        }
      } finally {
        synchronized (this) {
          thread = null;
          set(removed || closing ? State.STOPPED : State.IDLE, error);
          if (wanted && !removed && !closing) {
            want(); // a viewer came back while the last pull was winding down
          }
        }
      }
    }

    SourceStatus status() {
      return new SourceStatus(
          spec.name(),
          spec.redactedUrl(),
          spec.hasCredentials(),
          spec.key().toString(),
          spec.transport().label(),
          spec.onDemand(),
          state.label(),
          error,
          since,
          attempts);
    }
  }
}
