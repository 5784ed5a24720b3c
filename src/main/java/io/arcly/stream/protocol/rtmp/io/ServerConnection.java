package io.arcly.stream.protocol.rtmp.io;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.net.TcpListener;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.session.ServerSession;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** An accepted client: the server handshake, then a {@link ServerSession} until the end. */
public final class ServerConnection extends Connection implements Runnable {
  private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

  private final IngestContext ctx;
  private final RtmpSettings settings;
  private final Runnable onEnd;
  private final long epochNanos;
  private final Ticker ticker;

  /**
   * The acceptor of {@code settings}' listener: every accepted client is served by a server
   * connection; {@code epochNanos} is the server's start, for handshake times.
   */
  public static TcpListener.Acceptor acceptor(
      IngestContext ctx, RtmpSettings settings, PendingBudget budget, long epochNanos) {
    return (ch, remote, ticker, onEnd) -> {
      ServerConnection c =
          new ServerConnection(ch, remote, ctx, settings, budget, epochNanos, ticker, onEnd);
      return new TcpListener.Accepted(c, c);
    };
  }

  ServerConnection(
      SocketChannel channel,
      String remote,
      IngestContext ctx,
      RtmpSettings settings,
      PendingBudget budget,
      long epochNanos,
      Ticker ticker,
      Runnable onEnd)
      throws IOException {
    super(channel, remote, ctx.threads(), "rtmp", settings.maxMessageSize(), budget);
    this.ctx = ctx;
    this.settings = settings;
    this.epochNanos = epochNanos;
    this.ticker = ticker;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    ServerSession session = null;
    boolean error = false;
    try {
      setDeadline(
          System.nanoTime() + settings.handshakeTimeout().toNanos(),
          "handshake not completed in time");
      setReadTimeout(settings.handshakeTimeout());
      byte[] c0c1 = readFully(1 + Handshake.SIZE);
      Handshake.ServerReply reply =
          Handshake.answer(
              c0c1[0] & 0xFF,
              Arrays.copyOfRange(c0c1, 1, c0c1.length),
              (int) ((System.nanoTime() - epochNanos) / 1_000_000L),
              ThreadLocalRandom.current());
      sendRaw(reply.s0s1s2());
      readFully(Handshake.SIZE);
      setDeadline(0, null);
      setReadTimeout(settings.idleTimeout());
      session = new ServerSession(ctx, settings, this, ticker);
      readLoop(session::onMessage, session::afterRead);
      close("disconnected", false);
    } catch (RtmpException e) {
      error = true;
      ctx.protocolError(new io.arcly.stream.media.ClientInfo("rtmp", remoteAddress(), ""));
      close(e.getMessage(), true);
    } catch (SocketTimeoutException e) {
      close(
          session == null
              ? "handshake not completed in time"
              : "silent for more than " + settings.idleTimeout().toSeconds() + " s",
          false);
    } catch (IOException e) {
      close(isClosed() ? null : "connection lost: " + e.getMessage(), false);
    } catch (RuntimeException e) {
      error = true;
      LOG.log(System.Logger.Level.WARNING, "rtmp " + remoteAddress() + ": internal error", e);
      close("internal error: " + e, true);
    } finally {
      if (session != null) {
        session.close(error);
      }
      onEnd.run();
    }
  }
}
