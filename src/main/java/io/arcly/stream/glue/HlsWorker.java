package io.arcly.stream.glue;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.hls.HlsService;
import io.arcly.stream.hls.HlsSettings;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.InboundProtocol;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Builds the HLS packager from {@code arcly.hls.*} and offers it to the runtime as a worker. */
@ApplicationScoped
public class HlsWorker {
  private static final Logger LOG = Logger.getLogger(HlsWorker.class.getName());

  @Inject Config mpConfig;

  @Inject ArclyRuntime runtime;

  private HlsService server;

  @PostConstruct
  void init() {
    try {
      HlsSettings s =
          HlsSettings.from(
              new Settings(key -> mpConfig.getOptionalValue(key, String.class)),
              runtime.config().applications().stream().map(AppSpec::name).toList());
      server = s.enabled() ? new HlsService(s) : null;
    } catch (ConfigException e) {
      LOG.severe("invalid configuration: " + e.getMessage());
      throw e;
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
