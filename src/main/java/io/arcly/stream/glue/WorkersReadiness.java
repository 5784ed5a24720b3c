package io.arcly.stream.glue;

import io.arcly.stream.kernel.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP when every protocol worker listens. Each worker is listed with its state and its
 * endpoint, or the error that keeps it from listening (port and cause).
 */
@Readiness
@ApplicationScoped
public class WorkersReadiness implements HealthCheck {
  @Inject ArclyRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("arcly-workers");
    boolean up = !runtime.engine().isShuttingDown();
    for (WorkerStatus s : runtime.host().statuses()) {
      up &= s.isReady();
      b.withData(s.name(), s.state().label() + (s.detail().isEmpty() ? "" : ": " + s.detail()));
    }
    return b.status(up).build();
  }
}
