package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Chunk;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import io.arcly.stream.protocol.rtsp.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the client half of a captured RTSP session against a fresh embedded engine and {@link
 * RtspServer}, adapting what belongs to the session: request URLs point at this server's port and
 * the expectation's stream (the captured path is replaced by it), the captured server's session id
 * becomes this server's in later requests, {@code client_port} names local UDP sockets bound for
 * the captured client ports, and the client's captured RTP and RTCP datagrams go from those sockets
 * to this server's ports in place of the captured server's. CSeq, interleaved channels, bodies and
 * every other byte go as captured. Each request waits for its answer before the session goes on.
 *
 * <p>Roles: {@code publish} (ANNOUNCE, SETUP, RECORD; what reaches the bus is checked), {@code
 * play} (DESCRIBE, SETUP, PLAY while the media the captured server sent is published under the
 * stream; this server's answers are decoded and checked). The client role, this server's RTSP pull
 * of a camera, is {@link #pull}: not covered until the pull client exists.
 */
final class RtspReplay {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  /** Longest wait for one answer: a DESCRIBE may wait for its publisher. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(15);

  private static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)(?:-(\\d+))?");

  private static final Pattern SESSION = Pattern.compile("(?im)^(session[ \t]*:[ \t]*)([^;\r\n]*)");

  private RtspReplay() {}

  /** The captured conversation, read once. */
  private static final class Trace {
    final TcpConnection conn;
    final List<RtspUnits.Unit> requests;
    final Map<Long, RtspUnits.Unit> capturedAnswers = new HashMap<>();
    String capturedSession;
    String basePath;

    /** Captured server ports of each SETUP's answer: RTP port, then RTCP port. */
    final Map<Long, int[]> capturedServerPorts = new HashMap<>();

    /** Every client port range a SETUP named. */
    final List<int[]> clientRanges = new ArrayList<>();

    /** Every client port a SETUP named. */
    final List<Integer> clientPorts = new ArrayList<>();

    final List<UdpDatagram> clientDatagrams = new ArrayList<>();
    final List<UdpDatagram> serverDatagrams = new ArrayList<>();

    Trace(Capture capture, TcpConnection conn) {
      this.conn = conn;
      this.requests = RtspUnits.split(chunks(conn, Direction.CLIENT_TO_SERVER));
      for (RtspUnits.Unit u : RtspUnits.split(chunks(conn, Direction.SERVER_TO_CLIENT))) {
        if (u.kind() == RtspUnits.Kind.MESSAGE && u.status() > 0) {
          capturedAnswers.putIfAbsent(u.cseq(), u);
          if (capturedSession == null && u.header("Session") != null) {
            capturedSession = RtspUnits.sessionId(u.header("Session"));
          }
        }
      }
      java.util.Set<Integer> serverPorts = new java.util.HashSet<>();
      for (RtspUnits.Unit r : requests) {
        if (r.kind() != RtspUnits.Kind.MESSAGE) {
          continue;
        }
        String method = r.method();
        if (basePath == null && (method.equals("ANNOUNCE") || method.equals("DESCRIBE"))) {
          basePath = trimSlash(RtspUnits.path(uri(r.head())));
        }
        if (method.equals("SETUP")) {
          Matcher m = CLIENT_PORT.matcher(String.valueOf(r.header("Transport")));
          if (m.find()) {
            clientPorts.add(Integer.parseInt(m.group(1)));
            if (m.group(2) != null) {
              clientPorts.add(Integer.parseInt(m.group(2)));
              clientRanges.add(
                  new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            }
          }
          RtspUnits.Unit a = capturedAnswers.get(r.cseq());
          Matcher s =
              Pattern.compile("server_port=(\\d+)(?:-(\\d+))?")
                  .matcher(a == null ? "" : String.valueOf(a.header("Transport")));
          if (s.find()) {
            int rtp = Integer.parseInt(s.group(1));
            int rtcp = s.group(2) == null ? rtp + 1 : Integer.parseInt(s.group(2));
            capturedServerPorts.put(r.cseq(), new int[] {rtp, rtcp});
            serverPorts.add(rtp);
            serverPorts.add(rtcp);
          }
        }
      }
      if (basePath == null) {
        basePath =
            requests.stream()
                .filter(r -> r.kind() == RtspUnits.Kind.MESSAGE)
                .findFirst()
                .map(r -> trimSlash(RtspUnits.path(uri(r.head()))))
                .orElse("/");
      }
      InetAddress client = conn.client().address();
      for (UdpDatagram d : capture.udp()) {
        boolean fromClient = d.source().address().equals(client);
        if (serverPorts.contains(d.destination().port())
            || fromClient && clientPorts.contains(d.source().port())) {
          clientDatagrams.add(d);
        } else if (clientPorts.contains(d.destination().port())) {
          serverDatagrams.add(d);
        }
      }
    }
  }

  static Replayer.Result replay(Capture capture, Expectation e) throws Exception {
    TcpConnection conn =
        capture.tcpTo(e.serverPort()).stream()
            .filter(c -> c.bytes(Direction.CLIENT_TO_SERVER).length > 0)
            .findFirst()
            .orElse(null);
    if (conn == null) {
      return new Replayer.Result(
          false, "no tcp connection with client data to port " + e.serverPort());
    }
    return switch (e.role()) {
      case "pull" -> pull(e);
      default -> serve(new Trace(capture, conn), e);
    };
  }

  /**
   * The client role: this server's RTSP pull of a camera, replayed against the camera's captured
   * half. Not covered yet: the pull client is not part of the server; a {@code pull} trace fails
   * with this reason until it is.
   */
  static Replayer.Result pull(Expectation e) {
    return new Replayer.Result(false, "role pull is not covered for rtsp: no rtsp pull client");
  }

  private static Replayer.Result serve(Trace t, Expectation e) throws Exception {
    List<Frame> sampleFrames = null;
    if (e.role().equals("play")) {
      sampleFrames = capturedMedia(t);
    }
    AtomicInteger rejections = new AtomicInteger();
    Engine engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .observer(
                new Observer() {
                  @Override
                  public void sessionRejected(String protocol, String reason) {
                    rejections.incrementAndGet();
                  }
                })
            .build();
    RtspServer server = new RtspServer(RtspSettings.forTests().withPlayWait(Duration.ofSeconds(5)));
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(server));
    SamplePublisher sample = null;
    try {
      if (!host.awaitSettled(SETTLE)) {
        return new Replayer.Result(false, "the rtsp worker did not start");
      }
      int baseline = host.liveThreads();
      if (sampleFrames != null) {
        sample =
            sampleFrames.isEmpty()
                ? SamplePublisher.start(engine, e.stream())
                : SamplePublisher.start(engine, e.stream(), sampleFrames);
      }
      RtspAnswers answers = new RtspAnswers(false);
      Session s;
      try (BusProbe probe = new BusProbe(engine)) {
        s = new Session(t, e, server, answers);
        s.run();
        if (sample != null) {
          sample.stop();
          sample = null;
        }
        probe.awaitEnd(SETTLE);
        String health = Replayer.health(engine, host, baseline, () -> optionsAnswered(server));
        String verdict = check(e, s, probe, answers, rejections.get());
        if (health != null) {
          return new Replayer.Result(false, health);
        }
        return verdict.startsWith("!")
            ? new Replayer.Result(false, verdict.substring(1))
            : new Replayer.Result(true, verdict);
      }
    } finally {
      if (sample != null) {
        sample.stop();
      }
      host.stop();
    }
  }

  /** One replayed session: the socket, the UDP sockets, what was sent and answered. */
  private static final class Session {
    final Trace t;
    final Expectation e;
    final RtspServer server;
    final RtspAnswers answers;
    final Map<Integer, DatagramSocket> sockets = new LinkedHashMap<>();
    final Map<Integer, Integer> serverPorts = new HashMap<>();
    final List<String> mismatches = new ArrayList<>();
    final List<Thread> udpReaders = new ArrayList<>();
    String ourSession;
    boolean closedEarly;
    int unmappedDatagrams;
    int sentDatagrams;

    Session(Trace t, Expectation e, RtspServer server, RtspAnswers answers) {
      this.t = t;
      this.e = e;
      this.server = server;
      this.answers = answers;
    }

    void run() throws IOException, InterruptedException {
      // Players and UDP publishers keep the capture's timing: datagrams have no back-pressure.
      boolean paced = e.paced() || !t.clientDatagrams.isEmpty();
      List<Object[]> events = new ArrayList<>(); // {timestamp, unit or datagram}
      t.requests.forEach(u -> events.add(new Object[] {u.timestampMicros(), u}));
      t.clientDatagrams.forEach(d -> events.add(new Object[] {d.timestampMicros(), d}));
      events.sort(Comparator.comparingLong(o -> (Long) o[0]));
      try (Socket sock = new Socket()) {
        sock.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        sock.setTcpNoDelay(true);
        for (int[] range : t.clientRanges) {
          pairFor(range[0], range[1]);
        }
        for (int p : t.clientPorts) {
          socketFor(p);
        }
        InputStream in = sock.getInputStream();
        Thread reader =
            Thread.ofVirtual()
                .start(
                    () -> {
                      byte[] b = new byte[64 * 1024];
                      try {
                        int n;
                        while ((n = in.read(b)) >= 0) {
                          answers.feed(b, 0, n, System.nanoTime());
                        }
                      } catch (IOException ignored) {
                        // closed
                      } finally {
                        answers.end();
                      }
                    });
        OutputStream out = sock.getOutputStream();
        long start = System.nanoTime();
        long t0 = events.isEmpty() ? 0 : (Long) events.get(0)[0];
        for (Object[] ev : events) {
          if (paced) {
            long wait = start + ((Long) ev[0] - t0) * 1000 - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          if (answers.closed.isDone()) {
            closedEarly = true;
            break;
          }
          try {
            if (ev[1] instanceof UdpDatagram d) {
              datagram(d);
            } else if (!unit((RtspUnits.Unit) ev[1], out)) {
              closedEarly = true;
              break;
            }
          } catch (IOException closed) {
            closedEarly = true;
            break;
          }
        }
        if (paced && !closedEarly) {
          // A player keeps the connection open as long as it did in the capture, reading.
          long wait = start + (t.conn.endMicros() - t0) * 1000 - System.nanoTime();
          if (wait > 0) {
            reader.join(Duration.ofNanos(wait));
          }
        }
        if (!closedEarly) {
          try {
            sock.shutdownOutput();
          } catch (IOException ignored) {
            closedEarly = true;
          }
        }
        reader.join(SETTLE);
      } finally {
        sockets.values().forEach(DatagramSocket::close);
        for (Thread r : udpReaders) {
          r.join(SETTLE);
        }
      }
    }

    /** Sends one unit; for a request waits for its answer. False when the server closed. */
    private boolean unit(RtspUnits.Unit u, OutputStream out)
        throws IOException, InterruptedException {
      if (u.kind() != RtspUnits.Kind.MESSAGE || u.status() > 0) {
        out.write(u.bytes());
        out.flush();
        return true;
      }
      String head = rewrite(u.head());
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(u.bytes(), u.headLength(), u.bytes().length - u.headLength());
      out.flush();
      long cseq = u.cseq();
      if (cseq < 0) {
        return true;
      }
      RtspResponse r;
      try {
        r = answers.response(cseq).get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException x) {
        mismatches.add(u.method() + " (CSeq " + cseq + ") got no answer");
        return !answers.closed.isDone();
      }
      if (r == null) {
        return false;
      }
      compare(u, r);
      r.headers().get("Session").ifPresent(v -> ourSession = RtspUnits.sessionId(v));
      if (u.method().equals("SETUP") && r.isSuccess()) {
        int[] captured = t.capturedServerPorts.get(cseq);
        Transport tr = Transport.parse(r.headers().get("Transport").orElse(""));
        if (captured != null && tr.serverPort() != null) {
          serverPorts.put(captured[0], tr.serverPort().first());
          serverPorts.put(captured[1], tr.serverPort().last());
        }
        if (e.role().equals("play")) {
          String problem = answers.setUp(uri(head), r);
          if (problem != null) {
            mismatches.add(problem);
          }
        }
      }
      return true;
    }

    /** Notes an answer whose class differs from the captured server's answer to the request. */
    private void compare(RtspUnits.Unit request, RtspResponse ours) {
      RtspUnits.Unit theirs = t.capturedAnswers.get(request.cseq());
      if (theirs == null) {
        return;
      }
      boolean capturedOk = theirs.status() >= 200 && theirs.status() < 300;
      if (capturedOk != ours.isSuccess()) {
        mismatches.add(
            request.method()
                + " (CSeq "
                + request.cseq()
                + ") answered "
                + ours.status()
                + " "
                + ours.reason()
                + " where the captured server answered "
                + theirs.status());
      }
    }

    private void datagram(UdpDatagram d) throws IOException {
      Integer to = serverPorts.get(d.destination().port());
      if (to == null) {
        unmappedDatagrams++;
        return;
      }
      DatagramSocket s = socketFor(d.source().port());
      s.send(
          new DatagramPacket(
              d.payload(),
              d.payload().length,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), to)));
      sentDatagrams++;
    }

    /**
     * Binds local sockets for a captured client port range, on ports as far apart as the captured
     * ones (a range must go up: RTP on the first port, RTCP on the last).
     */
    private void pairFor(int first, int last) throws IOException {
      if (sockets.containsKey(first) || sockets.containsKey(last) || last <= first) {
        return;
      }
      for (int attempt = 0; attempt < 50; attempt++) {
        DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        int b = a.getLocalPort() + (last - first);
        if (b <= 65535) {
          try {
            DatagramSocket made = new DatagramSocket(b, InetAddress.getLoopbackAddress());
            listen(first, a);
            listen(last, made);
            return;
          } catch (IOException taken) {
            // another pair
          }
        }
        a.close();
      }
      throw new IOException("no free local udp port pair");
    }

    /** The local socket standing in for the captured client port {@code port}. */
    private DatagramSocket socketFor(int port) throws IOException {
      DatagramSocket s = sockets.get(port);
      if (s != null) {
        return s;
      }
      DatagramSocket made = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      listen(port, made);
      return made;
    }

    /** Keeps {@code made} for captured port {@code port} and reads what the server sends to it. */
    private void listen(int port, DatagramSocket made) {
      sockets.put(port, made);
      udpReaders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    byte[] b = new byte[65_536];
                    DatagramPacket p = new DatagramPacket(b, b.length);
                    try {
                      while (true) {
                        made.receive(p);
                        answers.datagram(
                            made.getLocalPort(),
                            java.util.Arrays.copyOf(b, p.getLength()),
                            System.nanoTime());
                      }
                    } catch (IOException closed) {
                      // the replay is over
                    }
                  }));
    }

    /** The request head with this server's URL, session id and client ports. */
    String rewrite(String head) throws IOException {
      Matcher ranges = CLIENT_PORT.matcher(head);
      while (ranges.find()) {
        int first = Integer.parseInt(ranges.group(1));
        if (ranges.group(2) != null) {
          pairFor(first, Integer.parseInt(ranges.group(2)));
        }
        socketFor(first);
        if (ranges.group(2) != null) {
          socketFor(Integer.parseInt(ranges.group(2)));
        }
      }
      Adaptation a =
          new Adaptation(
              t.basePath,
              e.stream(),
              server.port(),
              t.capturedSession,
              ourSession,
              p -> sockets.get(p).getLocalPort());
      return a.rewrite(head);
    }
  }

  /**
   * What a replayed request changes of the captured one.
   *
   * @param basePath the captured stream's URL path ({@code /cam})
   * @param stream the stream the replay uses instead ({@code live/cam})
   * @param port this server's port
   * @param capturedSession the captured server's session id, or null when the capture lacks its
   *     answers (then any session id is replaced)
   * @param ourSession this server's session id, or null before it gave one
   * @param localPort the local port standing in for a captured client port
   */
  record Adaptation(
      String basePath,
      String stream,
      int port,
      String capturedSession,
      String ourSession,
      java.util.function.IntUnaryOperator localPort) {

    /** The request head with this server's URL, session id and client ports. */
    String rewrite(String head) {
      int eol = head.indexOf('\n');
      String line = eol < 0 ? head : head.substring(0, eol);
      String[] parts = line.split(" ", 3);
      if (parts.length == 3) {
        line = parts[0] + " " + url(parts[1]) + " " + parts[2];
      }
      String rest = eol < 0 ? "" : head.substring(eol);
      if (ourSession != null) {
        Matcher m = SESSION.matcher(rest);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
          String id = m.group(2).trim();
          boolean captured = capturedSession == null || capturedSession.equals(id);
          m.appendReplacement(
              sb, Matcher.quoteReplacement(m.group(1) + (captured ? ourSession : m.group(2))));
        }
        m.appendTail(sb);
        rest = sb.toString();
      }
      Matcher m = CLIENT_PORT.matcher(rest);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String ports = Integer.toString(localPort.applyAsInt(Integer.parseInt(m.group(1))));
        if (m.group(2) != null) {
          ports += "-" + localPort.applyAsInt(Integer.parseInt(m.group(2)));
        }
        m.appendReplacement(sb, "client_port=" + ports);
      }
      m.appendTail(sb);
      return line + sb;
    }

    /** A captured request URL pointing at this server and the replay's stream. */
    String url(String captured) {
      String lower = captured.toLowerCase(java.util.Locale.ROOT);
      if (!lower.startsWith("rtsp://")) {
        return captured; // "*"
      }
      int hostStart = "rtsp://".length();
      int pathStart = captured.indexOf('/', hostStart);
      String authority =
          pathStart < 0 ? captured.substring(hostStart) : captured.substring(hostStart, pathStart);
      int at = authority.lastIndexOf('@');
      String user = at < 0 ? "" : authority.substring(0, at + 1);
      String path = pathStart < 0 ? "/" : captured.substring(pathStart);
      if (path.startsWith(basePath)
          && (path.length() == basePath.length()
              || "/?".indexOf(path.charAt(basePath.length())) >= 0)) {
        path = "/" + stream + path.substring(basePath.length());
      }
      return "rtsp://" + user + "127.0.0.1:" + port + path;
    }
  }

  private static String check(
      Expectation e, Session s, BusProbe probe, RtspAnswers a, int rejections) {
    if (a.error != null) {
      return "!" + a.error;
    }
    return switch (e.outcome()) {
      case "published" -> {
        if (!s.mismatches.isEmpty()) {
          yield "!" + s.mismatches.get(0);
        }
        String v = Replayer.checkPublished(e, probe);
        yield v.startsWith("!") ? v : v + datagrams(s);
      }
      case "played" -> played(e, s, a);
      case "rejected" -> rejected(e, s, probe, a, rejections);
      default -> "!outcome " + e.outcome() + " is not checked for rtsp " + e.role();
    };
  }

  private static String datagrams(Session s) {
    return s.sentDatagrams == 0 ? "" : ", " + s.sentDatagrams + " datagrams sent";
  }

  private static String played(Expectation e, Session s, RtspAnswers a) {
    if (!s.mismatches.isEmpty()) {
      return "!" + s.mismatches.get(0);
    }
    boolean played =
        a.inOrder.stream().anyMatch(r -> r.isSuccess())
            && s.t.requests.stream().anyMatch(u -> u.method().equals("PLAY"));
    if (!played) {
      return "!the player never got to PLAY (answers: " + statuses(a) + ")";
    }
    String tracks = Replayer.tracks(e.tracks(), a.codecs);
    if (tracks != null) {
      return "!" + tracks + " (described: " + a.codecs + ")";
    }
    if (a.videoFrames > 0 && !a.videoStartedWithKeyframe) {
      return "!video did not start with a keyframe";
    }
    String counts = Replayer.counts(e, a.videoFrames, a.audioFrames, a.keyframes);
    return counts.startsWith("!")
        ? counts + " (answers " + statuses(a) + ", " + a.malformedPackets + " malformed packets)"
        : "played "
            + e.stream()
            + ": "
            + new java.util.EnumMap<TrackKind, String>(a.codecs).values()
            + ", "
            + counts
            + ", keyframe first";
  }

  private static String rejected(
      Expectation e, Session s, BusProbe probe, RtspAnswers a, int rejections) {
    List<Integer> statuses = statuses(a);
    if (e.status() > 0 && !statuses.contains(e.status())) {
      return "!expected an answer " + e.status() + ", got " + statuses;
    }
    boolean closed = a.closed.isDone();
    if (rejections == 0 && !closed) {
      return "!expected a rejection or a close for bad input, but the session ended normally";
    }
    int frames = probe.streams().stream().mapToInt(x -> x.videoFrames + x.audioFrames).sum();
    return "rejected ("
        + (e.status() > 0 ? e.status() + ", " : "")
        + rejections
        + " refusal"
        + (rejections == 1 ? "" : "s")
        + (s.closedEarly ? ", closed before the client finished" : "")
        + (frames > 0 ? ", " + frames + " frames published before" : "")
        + "), server healthy";
  }

  private static List<Integer> statuses(RtspAnswers a) {
    synchronized (a) {
      return a.inOrder.stream().map(RtspResponse::status).toList();
    }
  }

  /**
   * The media the captured server sent, as frames from its first video keyframe on: what a play
   * replay publishes, so the player gets the codecs of the capture. Empty when the capture holds
   * none.
   */
  static List<Frame> capturedMedia(Trace t) {
    RtspAnswers media = new RtspAnswers(true);
    Map<Long, String> setupUrls = new HashMap<>();
    for (RtspUnits.Unit r : t.requests) {
      if (r.method().equals("SETUP")) {
        setupUrls.put(r.cseq(), uri(r.head()));
      }
    }
    java.util.Set<Long> done = new java.util.HashSet<>();
    for (Chunk c : chunks(t.conn, Direction.SERVER_TO_CLIENT)) {
      media.feed(c.data(), 0, c.data().length, c.timestampMicros() * 1000);
      for (var s : setupUrls.entrySet()) {
        var f = media.response(s.getKey());
        if (f.isDone() && f.getNow(null) != null && done.add(s.getKey())) {
          media.setUp(s.getValue(), f.getNow(null));
        }
      }
    }
    for (UdpDatagram d : t.serverDatagrams) {
      media.datagram(d.destination().port(), d.payload(), d.timestampMicros() * 1000);
    }
    List<Frame> all = media.frames;
    int key = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).kind() == TrackKind.VIDEO && all.get(i).isKeyframe()) {
        key = i;
        break;
      }
    }
    if (key < 0) {
      return all.stream().anyMatch(f -> f.kind() == TrackKind.VIDEO) ? List.of() : all;
    }
    long from = all.get(key).dts();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Frame f = all.get(i);
      if (f.isConfig() && i < key) {
        out.add(f.withTiming(from, from, f.flags()));
      } else if (i >= key && f.dts() >= from || i > key && f.kind() == TrackKind.VIDEO) {
        out.add(f);
      }
    }
    out.sort(Comparator.comparingLong(Frame::dts));
    return out;
  }

  /** Whether the server still answers an OPTIONS on a new connection. */
  private static String optionsAnswered(RtspServer server) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] answer = s.getInputStream().readNBytes(15);
      String a = new String(answer, StandardCharsets.US_ASCII);
      return a.startsWith("RTSP/1.0 200") ? null : "the server answers OPTIONS with " + a;
    } catch (IOException ex) {
      return "the server no longer accepts connections: " + ex.getMessage();
    }
  }

  private static List<Chunk> chunks(TcpConnection c, Direction d) {
    return c.chunks().stream().filter(x -> x.direction() == d).toList();
  }

  /** The request URI of a head's start line. */
  private static String uri(String head) {
    String[] parts = head.split("[ \r\n]", 3);
    return parts.length > 1 ? parts[1] : "";
  }

  private static String trimSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
