package io.arcly.stream.glue;

import io.arcly.stream.forward.PullClient;
import io.arcly.stream.forward.SourceSettings;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.kernel.InboundProtocol;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Builds the sources worker from {@code arcly.sources*}, with every protocol's pull client, and
 * offers it to the runtime as a worker.
 */
@ApplicationScoped
public class SourcesWorker {
  @Inject ArclyRuntime runtime;

  @Inject @Any Instance<PullClient> clients;

  private Sources sources;

  @PostConstruct
  void init() {
    SourceSettings s = runtime.read((settings, apps) -> SourceSettings.from(settings));
    // A disabled protocol's producer yields null.
    List<PullClient> all = clients.stream().filter(java.util.Objects::nonNull).toList();
    try {
      sources = new Sources(s.sources(), all, s.maxBackoff());
    } catch (IllegalArgumentException e) {
      java.util.logging.Logger.getLogger(SourcesWorker.class.getName())
          .severe("invalid configuration: arcly.sources: " + e.getMessage());
      throw e;
    }
  }

  /** The sources worker. */
  @Produces
  @Dependent
  InboundProtocol worker() {
    return sources;
  }

  /** The sources. */
  public Sources sources() {
    return sources;
  }
}
