/**
 * The kernel: the {@link io.arcly.stream.kernel.Engine}, the per-stream fan-out bus ({@link
 * io.arcly.stream.kernel.StreamHandle} with its ring, GOP cache and QoS), the registries and events
 * protocols depend on, and the ingestion seam ({@link io.arcly.stream.kernel.InboundProtocol},
 * {@link io.arcly.stream.kernel.IngestContext}, {@link io.arcly.stream.kernel.PublishSession}).
 *
 * <p>Plain Java: no container types, so a unit test builds an engine with {@code
 * Engine.builder().build()}.
 */
package io.arcly.stream.kernel;
