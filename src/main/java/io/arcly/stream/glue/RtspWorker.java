package io.arcly.stream.glue;

import io.arcly.stream.forward.PullClient;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.protocol.rtsp.client.RtspPullClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Builds the RTSP worker from {@code arcly.rtsp.*} and offers it to the runtime as a worker, and
 * the RTSP camera client to the sources.
 */
@ApplicationScoped
public class RtspWorker {
  @Inject ArclyRuntime runtime;

  @Inject MetricRegistry metrics;

  private RtspServer server;
  private PullClient pullClient;

  @PostConstruct
  void init() {
    RtspSettings s = runtime.read((settings, apps) -> RtspSettings.from(settings));
    server = s.enabled() ? new RtspServer(s) : null;
    pullClient = s.enabled() ? new RtspPullClient() : null;
    if (server != null) {
      MetricsObserver.registerRtspGauges(metrics, server, runtime.engine());
    }
  }

  /** The RTSP worker, or null when {@code arcly.rtsp.enabled=false}. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return server;
  }

  /**
   * The client that pulls {@code rtsp://} sources, or null when {@code arcly.rtsp.enabled=false}:
   * one instance for the application (it remembers which cameras need TCP), handed out as a
   * dependent bean since a normal-scoped producer may not yield null.
   */
  @Produces
  @Dependent
  PullClient pullClient() {
    return pullClient;
  }

  /** The RTSP server, when enabled. */
  public Optional<RtspServer> server() {
    return Optional.ofNullable(server);
  }
}
