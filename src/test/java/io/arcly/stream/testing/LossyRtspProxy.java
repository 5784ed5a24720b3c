package io.arcly.stream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RTSP proxy on loopback that makes RTP over UDP lossy: it forwards each RTSP connection to the
 * upstream server, rewrites the {@code client_port} of SETUP requests and the {@code client_port}
 * and {@code server_port} of their replies so that RTP and RTCP flow through ports of its own, and
 * relays those datagrams, dropping a share of the RTP packets and swapping some with the next one
 * (both chosen by a seeded random generator, so a run is repeatable). RTCP and interleaved TCP pass
 * untouched. Counters tell what it did.
 *
 * <pre>{@code
 * try (LossyRtspProxy proxy = LossyRtspProxy.start(cam.url(), 0.02, 0.01, 42)) {
 *   ffmpeg("-rtsp_transport", "udp", "-i", proxy.url(), ...);
 *   assertThat(proxy.dropped()).isPositive();
 * }
 * }</pre>
 *
 * <p>Request URIs and headers other than {@code Transport} are not rewritten (a digest answer
 * covers the URI), so the upstream sees the proxy's port in them; servers route by path.
 */
public final class LossyRtspProxy implements AutoCloseable {
  private static final int MAX_HEADER = 64 * 1024;
  private static final Pattern PORTS =
      Pattern.compile("(?i)(client_port|server_port)=(\\d+)(?:-(\\d+))?");

  private final InetSocketAddress upstream;
  private final String path;
  private final double dropShare;
  private final double reorderShare;
  private final long seed;
  private final AtomicLong relays = new AtomicLong();
  private final ServerSocket listener;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong reordered = new AtomicLong();
  private final AtomicLong rtcp = new AtomicLong();
  private final AtomicLong interleavedBytes = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  private LossyRtspProxy(
      URI upstream, double dropShare, double reorderShare, long seed, ServerSocket listener) {
    this.upstream =
        new InetSocketAddress(
            upstream.getHost(), upstream.getPort() < 0 ? 554 : upstream.getPort());
    this.path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
    this.dropShare = dropShare;
    this.reorderShare = reorderShare;
    this.seed = seed;
    this.listener = listener;
  }

  /**
   * Starts a proxy on a free loopback port in front of {@code upstreamUrl}.
   *
   * @param dropShare the share of RTP packets dropped, 0 to 1 (e.g. 0.02)
   * @param reorderShare the share of RTP packets held back and sent after the next one
   * @param seed the random generator's seed
   */
  public static LossyRtspProxy start(
      String upstreamUrl, double dropShare, double reorderShare, long seed) throws IOException {
    if (dropShare < 0 || dropShare > 1 || reorderShare < 0 || reorderShare > 1) {
      throw new IllegalArgumentException("shares are between 0 and 1");
    }
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    LossyRtspProxy proxy =
        new LossyRtspProxy(URI.create(upstreamUrl), dropShare, reorderShare, seed, s);
    Thread.ofVirtual().name("lossy-rtsp-accept").start(proxy::accept);
    return proxy;
  }

  /** The URL a client uses: the upstream's path on the proxy's port. */
  public String url() {
    return "rtsp://127.0.0.1:" + listener.getLocalPort() + path;
  }

  /** The proxy's RTSP port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** RTP packets relayed (sent on), in both directions. */
  public long relayed() {
    return relayed.get();
  }

  /** RTP packets dropped. */
  public long dropped() {
    return dropped.get();
  }

  /** RTP packets held back and sent after the next one. */
  public long reordered() {
    return reordered.get();
  }

  /** RTCP packets relayed (never dropped). */
  public long rtcp() {
    return rtcp.get();
  }

  /** Bytes of interleaved ({@code $}) data passed through on TCP, both directions. */
  public long interleavedBytes() {
    return interleavedBytes.get();
  }

  /** RTSP connections accepted. */
  public long connections() {
    return connections.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket();
        server.connect(upstream, 10_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        Connection c = new Connection(client, server);
        Thread.ofVirtual().name("lossy-rtsp-up").start(() -> c.pump(true));
        Thread.ofVirtual().name("lossy-rtsp-down").start(() -> c.pump(false));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("lossy rtsp proxy: " + e);
        }
      }
    }
  }

  /** One proxied RTSP connection and the UDP relays its SETUPs made. */
  private final class Connection {
    private final Socket client;
    private final Socket server;

    /** The client's RTP port -> the relay made for it. */
    private final Map<Integer, Relay> byClientPort = new ConcurrentHashMap<>();

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void pump(boolean fromClient) {
      Socket from = fromClient ? client : server;
      Socket to = fromClient ? server : client;
      try (from;
          to) {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int first = in.read();
          if (first < 0) {
            return;
          }
          if (first == '$') {
            byte[] head = in.readNBytes(3);
            if (head.length < 3) {
              return;
            }
            int len = (head[1] & 0xFF) << 8 | (head[2] & 0xFF);
            byte[] body = in.readNBytes(len);
            synchronized (out) {
              out.write('$');
              out.write(head);
              out.write(body);
            }
            interleavedBytes.addAndGet(4 + body.length);
            continue;
          }
          String header = readHeader(in, first);
          if (header == null) {
            return;
          }
          byte[] body = in.readNBytes(contentLength(header));
          String forwarded = fromClient ? onRequest(header) : onResponse(header);
          synchronized (out) {
            out.write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
          }
        }
      } catch (IOException e) {
        // one side closed: the other goes with it
      }
    }

    /** A SETUP for UDP: the server is to send to the proxy's ports instead of the client's. */
    private String onRequest(String header) throws IOException {
      if (!header.regionMatches(true, 0, "SETUP ", 0, 6)) {
        return header;
      }
      List<IOException> failure = new ArrayList<>();
      String out =
          rewriteTransport(
              header,
              "client_port",
              (rtpPort, rtcpPort) -> {
                try {
                  Relay r = byClientPort.get(rtpPort);
                  if (r == null) {
                    r = new Relay(rtpPort, rtcpPort);
                    byClientPort.put(rtpPort, r);
                  }
                  return r.towardServer.rtp.getLocalPort();
                } catch (IOException e) {
                  failure.add(e);
                  return rtpPort;
                }
              });
      if (!failure.isEmpty()) {
        throw failure.get(0);
      }
      return out;
    }

    /** Its reply: the client is to send to (and hear from) the proxy's ports. */
    private String onResponse(String header) {
      if (!header.toLowerCase().contains("\ntransport:")) {
        return header;
      }
      // The client_port in the reply is the proxy's; find the relay it belongs to.
      Relay[] relay = new Relay[1];
      String back =
          rewriteTransport(
              header,
              "client_port",
              (rtpPort, rtcpPort) -> {
                for (Relay r : byClientPort.values()) {
                  if (r.towardServer.rtp.getLocalPort() == rtpPort) {
                    relay[0] = r;
                    return r.clientRtp;
                  }
                }
                return rtpPort;
              });
      if (relay[0] == null) {
        return back;
      }
      Relay r = relay[0];
      return rewriteTransport(
          back,
          "server_port",
          (rtpPort, rtcpPort) -> {
            r.start(rtpPort, rtcpPort);
            return r.towardClient.rtp.getLocalPort();
          });
    }
  }

  /** A pair of UDP sockets on consecutive ports, the first even (RTP), the second RTCP. */
  private record PortPair(DatagramSocket rtp, DatagramSocket rtcp) {
    static PortPair open() throws IOException {
      for (int attempt = 0; attempt < 100; attempt++) {
        DatagramSocket a =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (a.getLocalPort() % 2 == 0 && a.getLocalPort() < 65535) {
          try {
            DatagramSocket b =
                new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getLocalPort() + 1));
            return new PortPair(a, b);
          } catch (SocketException taken) {
            // the odd port is taken: try another pair
          }
        }
        a.close();
      }
      throw new IOException("no free pair of udp ports");
    }
  }

  /** The UDP path of one track: two port pairs, one facing each side. */
  private final class Relay {
    final int clientRtp;
    final int clientRtcp;
    final PortPair towardServer;
    final PortPair towardClient;
    private boolean started;

    Relay(int clientRtp, int clientRtcp) throws IOException {
      this.clientRtp = clientRtp;
      this.clientRtcp = clientRtcp;
      this.towardServer = PortPair.open();
      this.towardClient = PortPair.open();
      open.add(towardServer.rtp());
      open.add(towardServer.rtcp());
      open.add(towardClient.rtp());
      open.add(towardClient.rtcp());
    }

    synchronized void start(int serverRtp, int serverRtcp) {
      if (started) {
        return;
      }
      started = true;
      InetAddress host = upstream.getAddress();
      InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), clientRtp);
      InetSocketAddress clientC =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), clientRtcp);
      InetSocketAddress server = new InetSocketAddress(host, serverRtp);
      InetSocketAddress serverC = new InetSocketAddress(host, serverRtcp);
      // A generator per direction of each track, so that what a stream loses does not depend on
      // how its packets interleave with the other tracks'.
      long n = relays.getAndIncrement();
      Random down = new Random(seed + 2 * n);
      Random up = new Random(seed + 2 * n + 1);
      Thread.ofVirtual().start(() -> relay(towardServer.rtp(), towardClient.rtp(), client, down));
      Thread.ofVirtual().start(() -> relay(towardClient.rtp(), towardServer.rtp(), server, up));
      Thread.ofVirtual()
          .start(() -> relay(towardServer.rtcp(), towardClient.rtcp(), clientC, null));
      Thread.ofVirtual()
          .start(() -> relay(towardClient.rtcp(), towardServer.rtcp(), serverC, null));
    }
  }

  /** Relays datagrams from {@code in} to {@code to}; RTP ({@code random} given) lossily. */
  private void relay(DatagramSocket in, DatagramSocket out, InetSocketAddress to, Random random) {
    byte[] buf = new byte[65536];
    DatagramPacket held = null;
    try {
      while (!closed) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        in.receive(p);
        DatagramPacket copy =
            new DatagramPacket(
                java.util.Arrays.copyOfRange(p.getData(), 0, p.getLength()), p.getLength(), to);
        if (random == null) {
          out.send(copy);
          rtcp.incrementAndGet();
          continue;
        }
        double roll = random.nextDouble();
        if (roll < dropShare) {
          dropped.incrementAndGet();
        } else if (held == null && roll < dropShare + reorderShare) {
          held = copy; // sent right after the next packet
          reordered.incrementAndGet();
        } else {
          out.send(copy);
          relayed.incrementAndGet();
          if (held != null) {
            out.send(held);
            relayed.incrementAndGet();
            held = null;
          }
        }
      }
    } catch (IOException e) {
      // the socket closed with the proxy
    }
  }

  /**
   * Rewrites every {@code key=RTP[-RTCP]} of a message's {@code Transport} header: {@code map} gets
   * the RTP and RTCP ports (RTCP = RTP + 1 when absent) and returns the new RTP port, and the RTCP
   * port becomes the new RTP port + 1. Other headers and other parameters stay as they are.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-12.39">RFC 2326 12.39</a>
   */
  static String rewriteTransport(String header, String key, IntBinaryOperator map) {
    StringBuilder out = new StringBuilder(header.length() + 16);
    for (String line : header.split("\r\n", -1)) {
      if (!out.isEmpty()) {
        out.append("\r\n");
      }
      if (!line.regionMatches(true, 0, "Transport:", 0, 10)) {
        out.append(line);
        continue;
      }
      Matcher m = PORTS.matcher(line);
      StringBuilder l = new StringBuilder();
      while (m.find()) {
        if (!m.group(1).equalsIgnoreCase(key)) {
          m.appendReplacement(l, Matcher.quoteReplacement(m.group()));
          continue;
        }
        int rtpPort = Integer.parseInt(m.group(2));
        int rtcpPort = m.group(3) == null ? rtpPort + 1 : Integer.parseInt(m.group(3));
        int mapped = map.applyAsInt(rtpPort, rtcpPort);
        m.appendReplacement(
            l, Matcher.quoteReplacement(m.group(1) + "=" + mapped + "-" + (mapped + 1)));
      }
      m.appendTail(l);
      out.append(l);
    }
    return out.toString();
  }

  private static String readHeader(InputStream in, int first) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    b.write(first);
    int state = 0; // how much of CRLF CRLF has been seen
    while (state < 4) {
      int c = in.read();
      if (c < 0 || b.size() > MAX_HEADER) {
        return null;
      }
      b.write(c);
      state =
          switch (state) {
            case 0, 2 -> c == '\r' ? state + 1 : 0;
            case 1, 3 -> c == '\n' ? state + 1 : c == '\r' ? 1 : 0;
            default -> 0;
          };
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  static int contentLength(String header) {
    for (String line : header.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }
}
