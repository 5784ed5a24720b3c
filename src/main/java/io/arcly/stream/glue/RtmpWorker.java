package io.arcly.stream.glue;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.rtmp.RtmpServer;
import io.arcly.stream.rtmp.RtmpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Builds the RTMP worker from {@code arcly.rtmp.*} and offers it to the runtime as a worker. */
@ApplicationScoped
public class RtmpWorker {
  private static final Logger LOG = Logger.getLogger(RtmpWorker.class.getName());

  @Inject Config mpConfig;

  @Inject ArclyRuntime runtime;

  private RtmpServer server;

  @PostConstruct
  void init() {
    try {
      RtmpSettings s =
          RtmpSettings.from(
              new Settings(key -> mpConfig.getOptionalValue(key, String.class)),
              runtime.config().applications().stream().map(AppSpec::name).toList());
      server = s.enabled() ? new RtmpServer(s) : null;
    } catch (ConfigException e) {
      LOG.severe("invalid configuration: " + e.getMessage());
      throw e;
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
