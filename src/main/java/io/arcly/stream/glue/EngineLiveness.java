package io.arcly.stream.glue;

import io.arcly.stream.kernel.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: the engine runs (not shut down) and its housekeeping keeps ticking. */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {
  @Inject ArclyRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    Engine engine = runtime.engine();
    long sinceTick = runtime.host().millisSinceHousekeeping();
    long limit = Math.max(10_000, runtime.config().housekeepingInterval().toMillis() * 10);
    boolean up = !engine.isShuttingDown() && sinceTick < limit;
    return HealthCheckResponse.named("arcly-engine")
        .status(up)
        .withData("streams", engine.streamCount())
        .withData("subscribers", engine.subscriberCount())
        .withData("sessions", engine.sessions().count())
        .withData("housekeepingAgoMs", sinceTick)
        .build();
  }
}
