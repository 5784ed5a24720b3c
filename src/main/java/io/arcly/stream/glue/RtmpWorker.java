package io.arcly.stream.glue;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.protocol.rtmp.RtmpServer;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** Builds the RTMP worker from {@code arcly.rtmp.*} and offers it to the runtime as a worker. */
@ApplicationScoped
public class RtmpWorker {
  @Inject ArclyRuntime runtime;

  @Inject MetricRegistry metrics;

  private RtmpServer server;

  @PostConstruct
  void init() {
    RtmpSettings s = runtime.read(RtmpSettings::from);
    server = s.enabled() ? new RtmpServer(s) : null;
    if (server != null) {
      MetricsObserver.registerRtmpGauges(metrics, server);
    }
  }

  /** The RTMP worker, or null when {@code arcly.rtmp.enabled=false}. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return server;
  }

  /** The RTMP server, when enabled. */
  public Optional<RtmpServer> server() {
    return Optional.ofNullable(server);
  }
}
