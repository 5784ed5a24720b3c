package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.net.StreamDecoder;
import io.arcly.stream.net.TcpConnection;
import io.arcly.stream.net.TcpListener;
import io.arcly.stream.protocol.rtsp.wire.RtspDecoder;
import io.arcly.stream.protocol.rtsp.wire.RtspEncoder;
import io.arcly.stream.protocol.rtsp.wire.RtspException;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One RTSP client connection: the shared {@link TcpConnection} read loop feeding an {@link
 * RtspDecoder}, requests answered by the connection's {@link ServerSession}, interleaved frames
 * handed to it. A malformed request is answered with its status and the connection closed, with one
 * log line.
 */
public final class RtspConnection extends TcpConnection implements Runnable {
  private static final System.Logger LOG = System.getLogger(RtspConnection.class.getName());

  private final RtspContext context;
  private final Ticker ticker;
  private final Runnable onEnd;
  private final String local;
  private final RtspDecoder decoder;

  /** The acceptor of the server's listener. */
  public static TcpListener.Acceptor acceptor(RtspContext context) {
    return (ch, remote, ticker, onEnd) -> {
      RtspConnection c = new RtspConnection(ch, remote, context, ticker, onEnd);
      return new TcpListener.Accepted(c, c);
    };
  }

  RtspConnection(
      SocketChannel channel, String remote, RtspContext context, Ticker ticker, Runnable onEnd)
      throws IOException {
    super(channel, remote, context.ctx().threads(), "rtsp");
    this.context = context;
    this.ticker = ticker;
    this.onEnd = onEnd;
    this.decoder = new RtspDecoder(context.settings().maxBody());
    InetSocketAddress l = (InetSocketAddress) channel.getLocalAddress();
    this.local = l.getAddress().getHostAddress();
  }

  /** The server's shared state. */
  RtspContext context() {
    return context;
  }

  /** The batching clock of players, or null. */
  Ticker ticker() {
    return ticker;
  }

  /** The server's address on this connection. */
  String localAddress() {
    return local;
  }

  /** Sends a response: directly, or queued for a playing writer. */
  void send(RtspResponse r) {
    sendBytes(RtspEncoder.encode(r));
  }

  @Override
  public void run() {
    ServerSession session = new ServerSession(this);
    boolean error = false;
    try {
      setDeadline(
          System.nanoTime() + context.settings().setupTimeout().toNanos(),
          "no request within " + context.settings().setupTimeout().toSeconds() + " s");
      setReadTimeout(context.settings().sessionTimeout());
      readLoop(
          new StreamDecoder() {
            @Override
            public void decode(ByteBuffer in) {
              decoder.decode(in, session::onMessage);
            }

            @Override
            public void end(int leftover) {
              // A client may close at any time; what it left half-sent does not matter.
            }

            @Override
            public boolean idle() {
              return session.aliveWithoutTcp();
            }
          });
      close("disconnected", false);
    } catch (RtspException e) {
      error = true;
      context.ctx().protocolError(new ClientInfo("rtsp", remoteAddress(), session.userAgent()));
      send(RtspResponse.of(e, decoder.lastCseq()));
      close(e.getMessage(), true);
    } catch (ServerSession.Refused e) {
      close(e.getMessage(), false);
    } catch (SocketTimeoutException e) {
      close(
          "silent for more than " + context.settings().sessionTimeout().toSeconds() + " s", false);
    } catch (IOException e) {
      close(isClosed() ? null : "connection lost: " + e.getMessage(), false);
    } catch (RuntimeException e) {
      error = true;
      LOG.log(System.Logger.Level.WARNING, "rtsp " + remoteAddress() + ": internal error", e);
      close("internal error: " + e, true);
    } finally {
      session.close(error);
      onEnd.run();
    }
  }
}
