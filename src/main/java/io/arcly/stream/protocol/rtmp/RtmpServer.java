package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.net.TcpListener;
import io.arcly.stream.protocol.rtmp.io.ServerConnection;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import java.util.concurrent.CompletableFuture;

/**
 * The RTMP worker: listens on {@link RtmpSettings#port()}, serves publishers and players, and runs
 * the configured and API-started relays.
 */
public final class RtmpServer implements InboundProtocol {
  private final RtmpSettings settings;
  private final PendingBudget budget;
  private final CompletableFuture<TcpListener> listener = new CompletableFuture<>();
  private final CompletableFuture<Relays> relays = new CompletableFuture<>();

  /** A worker with {@code settings}. */
  public RtmpServer(RtmpSettings settings) {
    this.settings = settings;
    this.budget = new PendingBudget(settings.maxPendingBytes());
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
    TcpListener l =
        TcpListener.bind(
            ctx,
            new TcpListener.Settings(
                "rtmp",
                settings.host(),
                settings.port(),
                settings.maxConnections(),
                settings.writeTimeout(),
                settings.batchDelay()),
            ServerConnection.acceptor(ctx, settings, budget, System.nanoTime()));
    Relays r = new Relays(ctx, settings, budget, l.port());
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

  /**
   * Bytes held now in unfinished inbound messages over all connections (clients and relay
   * upstreams), at most {@link RtmpSettings#maxPendingBytes()}.
   */
  public long pendingBytes() {
    return budget.used();
  }

  /** The port listened on, once listening (waits for it). */
  public int port() {
    return listener.join().port();
  }
}
