package io.arcly.stream.protocol.rtmp.io;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RTMP listening socket: accepts clients, runs each on its own managed thread, enforces the
 * connection limit, and runs the watchdog that closes stalled writers and late handshakes.
 */
public final class Listener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Listener.class.getName());

  private final IngestContext ctx;
  private final RtmpSettings settings;
  private final ServerSocketChannel server;
  private final PendingBudget budget;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final long epoch = System.nanoTime();
  private volatile boolean closing;

  /**
   * Players are spread over this many ticks per batch delay, so that each tick sets off a small
   * burst of writes rather than one for every player.
   */
  private static final int TICK_COHORTS = 32;

  /** The clock players' batched writes follow; null when batching is off. */
  private final Ticker ticker;

  private Listener(
      IngestContext ctx, RtmpSettings settings, ServerSocketChannel server, PendingBudget budget) {
    this.ctx = ctx;
    this.settings = settings;
    this.server = server;
    this.budget = budget;
    this.ticker =
        settings.batchDelay().isZero() ? null : new Ticker(settings.batchDelay(), TICK_COHORTS);
  }

  /**
   * Binds the listening socket; its connections hold unfinished messages within {@code budget}.
   *
   * @throws BindException "cannot listen on HOST:PORT: why"
   */
  public static Listener bind(IngestContext ctx, RtmpSettings settings, PendingBudget budget)
      throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.bind(new InetSocketAddress(settings.host(), settings.port()), 1024);
    } catch (IOException e) {
      ch.close();
      BindException b =
          new BindException(
              "cannot listen on "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + ": "
                  + e.getMessage());
      b.initCause(e);
      throw b;
    }
    return new Listener(ctx, settings, ch, budget);
  }

  /** The bound port. */
  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Open connections. */
  public int connectionCount() {
    return connections.size();
  }

  /** Accepts clients until shutdown. */
  public void run(ShutdownSignal shutdown) throws IOException {
    shutdown.onRequest(this::close);
    Thread watchdog = ctx.threads().newThread(() -> watchdogLoop(shutdown));
    watchdog.start();
    if (ticker != null) {
      ctx.threads().newThread(ticker::run).start();
    }
    ctx.ready(settings.host() + ":" + port());
    while (!closing) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException | SocketException e) {
        if (closing) {
          return;
        }
        throw e;
      }
      accept(ch);
    }
  }

  private void accept(SocketChannel ch) {
    String remote;
    try {
      InetSocketAddress a = (InetSocketAddress) ch.getRemoteAddress();
      remote = a.getAddress().getHostAddress() + ":" + a.getPort();
    } catch (IOException e) {
      closeQuietly(ch);
      return;
    }
    if (settings.maxConnections() > 0 && connections.size() >= settings.maxConnections()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "rtmp " + remote + ": refused, " + settings.maxConnections() + " connections open");
      closeQuietly(ch);
      return;
    }
    try {
      ServerConnection[] holder = new ServerConnection[1];
      ServerConnection c =
          new ServerConnection(
              ch,
              remote,
              ctx,
              settings,
              budget,
              epoch,
              ticker,
              () -> connections.remove(holder[0]));
      holder[0] = c;
      connections.add(c);
      ctx.threads().newThread(c).start();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "rtmp " + remote + ": cannot start: " + e);
      closeQuietly(ch);
    }
  }

  private void watchdogLoop(ShutdownSignal shutdown) {
    long writeTimeout = settings.writeTimeout().toNanos();
    while (!closing) {
      long now = System.nanoTime();
      for (Connection c : connections) {
        c.watchdog(now, writeTimeout);
      }
      try {
        if (shutdown.await(Duration.ofMillis(500))) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    closing = true;
    if (ticker != null) {
      ticker.stop();
    }
    closeQuietly(server);
    for (Connection c : connections) {
      c.close("server shutting down", false);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
