package io.arcly.stream.rtmp;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.rtmp.io.Listener;
import java.util.concurrent.CompletableFuture;

/**
 * The RTMP worker: listens on {@link RtmpSettings#port()}, serves publishers and players, and runs
 * the configured and API-started relays.
 */
public final class RtmpServer implements InboundProtocol {
  private final RtmpSettings settings;
  private final CompletableFuture<Listener> listener = new CompletableFuture<>();
  private final CompletableFuture<Relays> relays = new CompletableFuture<>();

  /** A worker with {@code settings}. */
  public RtmpServer(RtmpSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "rtmp";
  }

  /** The settings. */
  public RtmpSettings settings() {
    return settings;
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
    Listener l = Listener.bind(ctx, settings);
    Relays r = new Relays(ctx, settings, l.port());
    listener.complete(l);
    relays.complete(r);
    try {
      l.run(shutdown);
    } finally {
      r.close();
      l.close();
    }
  }

  /** The relays, once the worker runs; empty before. */
  public java.util.Optional<Relays> relays() {
    return java.util.Optional.ofNullable(relays.getNow(null));
  }

  /** The port listened on, once listening (waits for it). */
  public int port() {
    return listener.join().port();
  }
}
