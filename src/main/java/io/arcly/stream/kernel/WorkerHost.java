package io.arcly.stream.kernel;

import io.arcly.stream.kernel.spi.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs protocol workers like a resource adapter: one start, one coordinated stop.
 *
 * <p>Every thread comes from the factory the container supplies (managed, virtual where offered)
 * and is tracked: each worker's {@link InboundProtocol#serve} call, the connection handlers it
 * starts through {@link IngestContext#threads()}, and the housekeeping loop that calls {@link
 * Engine#housekeeping()} once a second. {@link #stop()} requests shutdown (workers close their
 * listeners), ends every publish session so subscribers are told, then joins every tracked thread
 * within the stop timeout, interrupting the stragglers.
 */
public final class WorkerHost implements HealthCheck {
  private static final System.Logger LOG = System.getLogger(WorkerHost.class.getName());

  private final Engine engine;
  private final ThreadFactory factory;
  private final Duration stopTimeout;
  private final Duration tick;
  private final Clock clock;
  private final ShutdownSignal shutdown = new ShutdownSignal();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Map<String, WorkerStatus> statuses = new ConcurrentHashMap<>();
  private final List<String> order = new ArrayList<>();
  private final AtomicLong threadIds = new AtomicLong();
  private boolean started;
  private volatile long lastHousekeepingNanos = System.nanoTime();

  /**
   * A host for {@code engine} taking threads from {@code factory}.
   *
   * @param stopTimeout how long {@link #stop()} waits for threads to finish
   * @param tick how often housekeeping runs
   */
  public WorkerHost(Engine engine, ThreadFactory factory, Duration stopTimeout, Duration tick) {
    this.engine = Objects.requireNonNull(engine);
    this.factory = Objects.requireNonNull(factory);
    this.stopTimeout = Objects.requireNonNull(stopTimeout);
    this.tick = Objects.requireNonNull(tick);
    this.clock = Clock.systemUTC();
  }

  /** Starts housekeeping and one thread per worker. Worker names must be unique. */
  public synchronized void start(List<? extends InboundProtocol> workers) {
    if (started) {
      throw new IllegalStateException("host already started");
    }
    started = true;
    newThread("housekeeping", this::housekeepingLoop).start();
    for (InboundProtocol w : workers) {
      String name = w.name();
      if (statuses.containsKey(name)) {
        throw new IllegalArgumentException("two protocol workers are named " + name);
      }
      order.add(name);
      setStatus(name, WorkerStatus.State.STARTING, "");
      ThreadFactory connections = r -> newThread(name + "-conn", r);
      IngestContext ctx =
          engine.ingestContext(
              name,
              connections,
              endpoint -> {
                setStatus(name, WorkerStatus.State.READY, endpoint);
                LOG.log(System.Logger.Level.INFO, name + " listening on " + endpoint);
              });
      newThread(name + "-worker", () -> runWorker(w, ctx)).start();
    }
  }

  private void runWorker(InboundProtocol w, IngestContext ctx) {
    String name = w.name();
    try {
      w.serve(ctx, shutdown);
      if (shutdown.isRequested()) {
        setStatus(name, WorkerStatus.State.STOPPED, "");
      } else {
        setStatus(name, WorkerStatus.State.FAILED, "worker returned before shutdown");
        LOG.log(System.Logger.Level.ERROR, name + " worker returned before shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      setStatus(name, WorkerStatus.State.STOPPED, "interrupted");
    } catch (Exception | Error e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (shutdown.isRequested()) {
        setStatus(name, WorkerStatus.State.STOPPED, "");
      } else {
        setStatus(name, WorkerStatus.State.FAILED, why);
        LOG.log(System.Logger.Level.ERROR, name + " worker failed: " + why);
      }
    }
  }

  private void housekeepingLoop() {
    try {
      while (!shutdown.await(tick)) {
        try {
          engine.housekeeping();
          lastHousekeepingNanos = System.nanoTime();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "housekeeping failed: " + e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Thread newThread(String prefix, Runnable r) {
    Runnable tracked =
        () -> {
          try {
            r.run();
          } finally {
            threads.remove(Thread.currentThread());
          }
        };
    Thread t = factory.newThread(tracked);
    if (t == null) {
      throw new IllegalStateException(
          "the thread factory refused to create a thread for " + prefix);
    }
    t.setName("arcly-" + prefix + "-" + threadIds.incrementAndGet());
    threads.add(t);
    return t;
  }

  private void setStatus(String name, WorkerStatus.State state, String detail) {
    synchronized (statuses) {
      statuses.put(name, new WorkerStatus(name, state, detail, clock.instant()));
      statuses.notifyAll();
    }
  }

  /**
   * Waits until no worker is starting any more (each listens, failed or stopped), at most {@code
   * max}; returns whether that happened.
   */
  public boolean awaitSettled(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (statuses) {
      while (statuses.values().stream().anyMatch(s -> s.state() == WorkerStatus.State.STARTING)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(statuses, left);
      }
      return true;
    }
  }

  /** The workers' states, in start order. */
  public List<WorkerStatus> statuses() {
    List<WorkerStatus> out = new ArrayList<>();
    synchronized (this) {
      for (String n : order) {
        out.add(statuses.get(n));
      }
    }
    return out;
  }

  /** Whether every worker listens. */
  public boolean allReady() {
    return statuses().stream().allMatch(WorkerStatus::isReady);
  }

  @Override
  public String name() {
    return "arcly-workers";
  }

  /**
   * Up when every worker listens and the engine runs; the detail lists each worker as {@code ready:
   * ENDPOINT}, {@code starting}, {@code failed: ERROR} or {@code stopped}.
   */
  @Override
  public Report check() {
    Map<String, String> detail = new java.util.LinkedHashMap<>();
    boolean up = !engine.isShuttingDown();
    for (WorkerStatus s : statuses()) {
      up &= s.isReady();
      detail.put(s.name(), s.state().label() + (s.detail().isEmpty() ? "" : ": " + s.detail()));
    }
    return new Report(up, detail);
  }

  /** Live threads the host started (workers, connections, housekeeping). */
  public int liveThreads() {
    threads.removeIf(t -> !t.isAlive() && t.getState() != Thread.State.NEW);
    return threads.size();
  }

  /** Milliseconds since housekeeping last completed (or since the host was built). */
  public long millisSinceHousekeeping() {
    return (System.nanoTime() - lastHousekeepingNanos) / 1_000_000L;
  }

  /**
   * Stops everything: signals shutdown, ends every publish session, joins every thread within the
   * stop timeout, interrupting those still running half way. Returns the threads still alive after
   * that (none, normally). Idempotent.
   */
  public List<String> stop() {
    shutdown.request();
    engine.shutdown();
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    long interruptAt = System.nanoTime() + stopTimeout.toNanos() / 2;
    boolean interrupted = false;
    // Threads may still start while the workers wind down (a connection accepted just before its
    // listener closed, a relay's last attempt): join until none is left, not only those there were.
    boolean waiting = true;
    while (waiting) {
      waiting = false;
      for (Thread t : List.copyOf(threads)) {
        try {
          while (t.isAlive()) {
            long now = System.nanoTime();
            if (!interrupted && now >= interruptAt) {
              interrupted = true;
              threads.forEach(Thread::interrupt);
            }
            long wait = (interrupted ? deadline : interruptAt) - now;
            if (wait <= 0) {
              break;
            }
            t.join(Duration.ofNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100))));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      for (Thread t : threads) {
        if (t.isAlive()
            && System.nanoTime() < deadline
            && !Thread.currentThread().isInterrupted()) {
          waiting = true;
        }
      }
    }
    List<String> stuck = new ArrayList<>();
    for (Thread t : threads) {
      if (t.isAlive()) {
        stuck.add(t.getName());
      }
    }
    for (WorkerStatus s : statuses()) {
      if (s.state() != WorkerStatus.State.FAILED) {
        setStatus(s.name(), WorkerStatus.State.STOPPED, "");
      }
    }
    if (!stuck.isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "threads still running after " + stopTimeout.toMillis() + " ms: " + stuck);
    }
    return stuck;
  }
}
