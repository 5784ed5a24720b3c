/**
 * Contracts the kernel calls out through, each with a safe default: authorization ({@link
 * io.arcly.stream.kernel.spi.StreamAuthenticator}, allow all), audit ({@link
 * io.arcly.stream.kernel.spi.AuditSink}, none, or JSON lines to a file), telemetry ({@link
 * io.arcly.stream.kernel.spi.Observer}, no-op) and health ({@link
 * io.arcly.stream.kernel.spi.HealthCheck}).
 */
package io.arcly.stream.kernel.spi;
