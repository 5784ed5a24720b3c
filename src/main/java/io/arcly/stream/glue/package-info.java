/**
 * The container glue, the only package that imports Jakarta EE and MicroProfile types: the
 * application-scoped runtime that builds the engine from MicroProfile Config and runs every {@link
 * io.arcly.stream.kernel.InboundProtocol} bean on the managed thread factory, the JAX-RS API, the
 * WebSocket event feed, MicroProfile Metrics and Health.
 */
package io.arcly.stream.glue;
