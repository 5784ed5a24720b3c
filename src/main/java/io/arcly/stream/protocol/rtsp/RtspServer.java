package io.arcly.stream.protocol.rtsp;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.net.TcpListener;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.protocol.rtsp.session.MulticastGroups;
import io.arcly.stream.protocol.rtsp.session.RtspConnection;
import io.arcly.stream.protocol.rtsp.session.RtspContext;
import java.util.concurrent.CompletableFuture;

/**
 * The RTSP worker: a TCP listener for RTSP connections (publish with ANNOUNCE/RECORD, play with
 * DESCRIBE/PLAY, media interleaved or over UDP) and the server's UDP port pair for RTP and RTCP.
 */
public final class RtspServer implements InboundProtocol {
  private final RtspSettings settings;
  private final CompletableFuture<TcpListener> listener = new CompletableFuture<>();
  private final CompletableFuture<UdpPair> udp = new CompletableFuture<>();
  private volatile MulticastGroups multicastGroups;

  /** A worker with {@code settings}. */
  public RtspServer(RtspSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "rtsp";
  }

  /** The settings. */
  public RtspSettings settings() {
    return settings;
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
    UdpPair pair =
        settings.udp()
            ? UdpPair.bind(
                settings.host(),
                settings.rtpPort(),
                settings.rtcpPort(),
                settings.udpReceiveBuffer())
            : null;
    MulticastGroups multicast = null;
    try {
      RtspContext rc = new RtspContext(ctx, settings, pair);
      multicast = rc.multicast();
      multicastGroups = multicast;
      TcpListener l =
          TcpListener.bind(
              ctx,
              new TcpListener.Settings(
                  "rtsp",
                  settings.host(),
                  settings.port(),
                  settings.maxConnections(),
                  settings.writeTimeout(),
                  settings.batchDelay()),
              RtspConnection.acceptor(rc));
      if (pair != null) {
        pair.start(ctx.threads());
      }
      udp.complete(pair);
      listener.complete(l);
      try {
        l.run(shutdown);
      } finally {
        l.close();
      }
    } finally {
      if (multicast != null) {
        multicast.close();
      }
      if (pair != null) {
        pair.close();
      }
    }
  }

  /** The RTSP port, once listening (waits for it). */
  public int port() {
    return listener.join().port();
  }

  /** The RTP port of the UDP pair, once bound (waits); -1 when UDP is off. */
  public int rtpPort() {
    UdpPair p = udp.join();
    return p == null ? -1 : p.rtpPort();
  }

  /** Streams sent to multicast groups now; 0 when multicast is off. */
  public int multicastGroups() {
    MulticastGroups m = multicastGroups;
    return m == null ? 0 : m.size();
  }

  /** Datagrams dropped because no session was theirs; 0 before start or without UDP. */
  public long unknownDatagrams() {
    UdpPair p = udp.getNow(null);
    return p == null ? 0 : p.unknown();
  }
}
