package io.arcly.stream.glue;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.protocol.hls.HlsService;
import io.arcly.stream.protocol.hls.HlsSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** Builds the HLS packager from {@code arcly.hls.*} and offers it to the runtime as a worker. */
@ApplicationScoped
public class HlsWorker {
  @Inject ArclyRuntime runtime;

  @Inject MetricRegistry metrics;

  private HlsService server;

  @PostConstruct
  void init() {
    HlsSettings s = runtime.read(HlsSettings::from);
    server = s.enabled() ? new HlsService(s) : null;
    if (server != null) {
      MetricsObserver.registerGauges(metrics, server);
    }
  }

  /** The HLS packager, or null when {@code arcly.hls.enabled=false}. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return server;
  }

  /** The HLS packager, when enabled. */
  public Optional<HlsService> server() {
    return Optional.ofNullable(server);
  }
}
