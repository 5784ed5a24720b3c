package io.arcly.stream.net;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.Ticker;
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
 * A listening TCP socket: accepts clients, runs each on its own managed thread, enforces the
 * connection limit, and runs the watchdog that closes stalled writers and overdue setups. It also
 * owns the {@link Ticker} that players' batched writes follow.
 */
public final class TcpListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

  /**
   * Players are spread over this many ticks per batch delay, so that each tick sets off a small
   * burst of writes rather than one for every player.
   */
  private static final int TICK_COHORTS = 32;

  /** What the listener needs to know. */
  public record Settings(
      String protocol,
      String host,
      int port,
      int maxConnections,
      Duration writeTimeout,
      Duration batchDelay) {}

  /** A connection made for an accepted socket, and the task that serves it. */
  public record Accepted(TcpConnection connection, Runnable task) {}

  /** Makes the connection for an accepted socket. */
  @FunctionalInterface
  public interface Acceptor {
    /**
     * The connection for {@code channel} from {@code remote}, whose players batch their writes on
     * {@code ticker} (null: no batching); its task must call {@code onEnd} when it ends, however it
     * ends.
     */
    Accepted accept(SocketChannel channel, String remote, Ticker ticker, Runnable onEnd)
        throws IOException;
  }

  private final IngestContext ctx;
  private final Settings settings;
  private final ServerSocketChannel server;
  private final Acceptor acceptor;
  private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final Ticker ticker;
  private volatile boolean closing;

  private TcpListener(
      IngestContext ctx, Settings settings, ServerSocketChannel server, Acceptor acceptor) {
    this.ctx = ctx;
    this.settings = settings;
    this.server = server;
    this.acceptor = acceptor;
    this.ticker =
        settings.batchDelay().isZero() ? null : new Ticker(settings.batchDelay(), TICK_COHORTS);
  }

  /**
   * Binds the listening socket.
   *
   * @throws BindException "cannot listen on HOST:PORT: why"
   */
  public static TcpListener bind(IngestContext ctx, Settings settings, Acceptor acceptor)
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
    return new TcpListener(ctx, settings, ch, acceptor);
  }

  /** The bound port. */
  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The clock of batched writes; null when batching is off. */
  public Ticker ticker() {
    return ticker;
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
          settings.protocol()
              + " "
              + remote
              + ": refused, "
              + settings.maxConnections()
              + " connections open");
      closeQuietly(ch);
      return;
    }
    try {
      TcpConnection[] holder = new TcpConnection[1];
      Accepted a = acceptor.accept(ch, remote, ticker, () -> connections.remove(holder[0]));
      holder[0] = a.connection();
      connections.add(a.connection());
      ctx.threads().newThread(a.task()).start();
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, settings.protocol() + " " + remote + ": cannot start: " + e);
      closeQuietly(ch);
    }
  }

  private void watchdogLoop(ShutdownSignal shutdown) {
    long writeTimeout = settings.writeTimeout().toNanos();
    while (!closing) {
      long now = System.nanoTime();
      for (TcpConnection c : connections) {
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
    for (TcpConnection c : connections) {
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
