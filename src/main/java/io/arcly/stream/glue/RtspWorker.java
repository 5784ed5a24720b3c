package io.arcly.stream.glue;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;

/** Builds the RTSP worker from {@code arcly.rtsp.*} and offers it to the runtime as a worker. */
@ApplicationScoped
public class RtspWorker {
  @Inject ArclyRuntime runtime;

  private RtspServer server;

  @PostConstruct
  void init() {
    RtspSettings s = runtime.read((settings, apps) -> RtspSettings.from(settings));
    server = s.enabled() ? new RtspServer(s) : null;
  }

  /** The RTSP worker, or null when {@code arcly.rtsp.enabled=false}. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return server;
  }

  /** The RTSP server, when enabled. */
  public Optional<RtspServer> server() {
    return Optional.ofNullable(server);
  }
}
