package io.arcly.stream.glue;

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
    io.arcly.stream.kernel.spi.HealthCheck.Report report = runtime.host().check();
    HealthCheckResponseBuilder b = HealthCheckResponse.named(runtime.host().name());
    report.detail().forEach(b::withData);
    return b.status(report.up()).build();
  }
}
