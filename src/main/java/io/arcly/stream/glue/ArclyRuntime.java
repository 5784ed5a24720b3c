package io.arcly.stream.glue;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.ServerConfig;
import io.arcly.stream.config.Settings;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.AuditSink;
import io.arcly.stream.kernel.spi.FileAuditSink;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The server's single runtime: it reads the settings, builds the {@link Engine} and the {@link
 * WorkerHost}, starts every {@link InboundProtocol} bean on the managed (virtual) thread factory
 * when the application starts, and stops them in order when it stops.
 */
@ApplicationScoped
public class ArclyRuntime {
  private static final Logger LOG = Logger.getLogger(ArclyRuntime.class.getName());

  @Inject Config mpConfig;

  @Inject MetricRegistry metrics;

  @Inject @Any Instance<InboundProtocol> protocols;

  @Resource(lookup = "concurrent/arclyThreads")
  ManagedThreadFactory threadFactory;

  private ServerConfig config;
  private AuditSink audit;
  private Engine engine;
  private WorkerHost host;

  @PostConstruct
  void init() {
    try {
      config = ServerConfig.from(new Settings(key -> mpConfig.getOptionalValue(key, String.class)));
    } catch (ConfigException e) {
      LOG.severe("invalid configuration: " + e.getMessage());
      throw e;
    }
    audit =
        config.audit().<AuditSink>map(f -> new FileAuditSink(Path.of(f))).orElse(AuditSink.NONE);
    MetricsObserver observer = new MetricsObserver(metrics);
    Engine.Builder b =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .defaults(config.defaults())
            .strictApplications(config.strictApplications())
            .maxPublishers(config.maxPublishers())
            .audit(audit)
            .observer(observer);
    for (AppSpec app : config.applications()) {
      b.application(app);
    }
    engine = b.build();
    observer.registerGauges(engine);
    host =
        new WorkerHost(
            engine, threadFactory, config.shutdownTimeout(), config.housekeepingInterval());
  }

  /** Starts the workers once the application is up. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    List<InboundProtocol> workers = new ArrayList<>();
    protocols.forEach(
        p -> {
          if (p != null) {
            workers.add(p); // a disabled worker's producer yields null
          }
        });
    host.start(workers);
    // Managed threads run once the application has started, so workers report readiness on their
    // own (WorkerHost logs each "listening on"); readiness stays DOWN until they do.
    LOG.info(
        "Arcly Stream starting: applications "
            + engine.applications().keySet()
            + ", workers "
            + (workers.isEmpty() ? "none" : workers.stream().map(InboundProtocol::name).toList()));
  }

  @PreDestroy
  void stop() {
    if (host == null) {
      return;
    }
    List<String> stuck = host.stop();
    audit.close();
    if (stuck.isEmpty()) {
      LOG.info("Arcly Stream stopped");
    } else {
      LOG.log(Level.WARNING, "Arcly Stream stopped; threads still running: " + stuck);
    }
  }

  /** The engine, for injection. Its life is this runtime's (application scope). */
  @Produces
  @Dependent
  public Engine engine() {
    return engine;
  }

  /**
   * Reads a worker's settings with {@code reader} from the same configuration (and the configured
   * application names), logging and rethrowing a configuration error like the runtime's own.
   */
  public <T> T read(java.util.function.BiFunction<Settings, List<String>, T> reader) {
    try {
      return reader.apply(
          new Settings(key -> mpConfig.getOptionalValue(key, String.class)),
          config.applications().stream().map(AppSpec::name).toList());
    } catch (ConfigException e) {
      LOG.severe("invalid configuration: " + e.getMessage());
      throw e;
    }
  }

  /** The validated settings. */
  public ServerConfig config() {
    return config;
  }

  /** The host running the protocol workers. */
  public WorkerHost host() {
    return host;
  }

  /** Managed threads for container-side helpers (such as closing a slow WebSocket). */
  public ThreadFactory threads() {
    return threadFactory;
  }
}
