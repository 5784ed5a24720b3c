package io.arcly.stream.kernel;

/**
 * A wire-protocol worker (RTMP, RTSP, SRT...): it owns its listener for its whole life, accepts
 * connections, and bridges each publisher's frames onto the bus through the {@link IngestContext}.
 *
 * <p>The host calls {@link #serve} once, on a managed thread, and expects it to block until {@code
 * shutdown} is requested. The worker binds its listener first and then calls {@link
 * IngestContext#ready}; if it cannot bind it throws, with the address and the cause in the message,
 * and the host reports it on readiness. Per-connection handlers run on {@link
 * IngestContext#threads()}. On shutdown the worker closes its listener (see {@link
 * ShutdownSignal#onRequest}) and returns promptly; the host ends every publish session and joins
 * the remaining threads.
 */
public interface InboundProtocol {
  /** Stable lowercase protocol name, such as {@code rtmp}; used in logs, metrics and health. */
  String name();

  /** Runs the worker until {@code shutdown} is requested. */
  void serve(IngestContext context, ShutdownSignal shutdown) throws Exception;
}
