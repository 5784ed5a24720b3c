package io.arcly.stream.glue;

import io.arcly.stream.forward.PullClient;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.protocol.srt.Passphrases;
import io.arcly.stream.protocol.srt.SrtPullClient;
import io.arcly.stream.protocol.srt.SrtServer;
import io.arcly.stream.protocol.srt.SrtSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Builds the SRT worker from {@code arcly.srt.*} (and the passphrases of applications, streams and
 * users) and offers it to the runtime as a worker.
 */
@ApplicationScoped
public class SrtWorker {
  @Inject ArclyRuntime runtime;

  @Inject Config config;

  @Inject MetricRegistry metrics;

  private SrtServer server;
  private PullClient pullClient;

  @PostConstruct
  void init() {
    List<String> names = new ArrayList<>();
    config.getPropertyNames().forEach(names::add);
    server =
        runtime.read(
            (settings, apps) -> {
              SrtSettings s = SrtSettings.from(settings, apps);
              List<String> withDefault = new ArrayList<>(apps);
              withDefault.add("default");
              Passphrases p = Passphrases.from(settings, withDefault, names, s.passphrase());
              return s.enabled() ? new SrtServer(s, p) : null;
            });
    if (server != null) {
      MetricsObserver.registerSrtGauges(metrics, server);
      pullClient = new SrtPullClient(server.settings());
    }
  }

  /**
   * The client that pulls {@code srt://} sources, or null when {@code arcly.srt.enabled=false} (a
   * dependent bean, since a normal-scoped producer may not yield null).
   */
  @Produces
  @Dependent
  PullClient pullClient() {
    return pullClient;
  }

  /** The SRT worker, or null when {@code arcly.srt.enabled=false}. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return server;
  }

  /** The SRT server, when enabled. */
  public Optional<SrtServer> server() {
    return Optional.ofNullable(server);
  }
}
