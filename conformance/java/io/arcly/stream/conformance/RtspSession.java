package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.protocol.rtsp.RtspServer;
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
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replayed RTSP session: the client's units and datagrams sent in capture order (each request
 * waiting for its answer, adapted by {@link Adaptation}), this server's answers read into an {@link
 * RtspAnswers}, and the local UDP sockets standing in for the captured client ports.
 */
final class RtspSession {
  static final Duration SETTLE = Duration.ofSeconds(10);

  /** Longest wait for one answer: a DESCRIBE may wait for its publisher. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(15);

  private static final Pattern CLIENT_PORT = RtspTrace.CLIENT_PORT;

  private static final Pattern SESSION = Pattern.compile("(?im)^(session[ \t]*:[ \t]*)([^;\r\n]*)");

  final RtspTrace t;
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

  RtspSession(RtspTrace t, Expectation e, RtspServer server, RtspAnswers answers) {
    this.t = t;
    this.e = e;
    this.server = server;
    this.answers = answers;
  }

  /** What the client sent at {@code micros}: a unit on the connection or a datagram. */
  private record Event(long micros, RtspUnits.Unit unit, UdpDatagram datagram) {}

  void run() throws IOException, InterruptedException {
    // Players and UDP publishers keep the capture's timing: datagrams have no back-pressure.
    boolean paced = e.paced() || !t.clientDatagrams.isEmpty();
    List<Event> events = new ArrayList<>();
    t.requests.forEach(u -> events.add(new Event(u.timestampMicros(), u, null)));
    t.clientDatagrams.forEach(d -> events.add(new Event(d.timestampMicros(), null, d)));
    events.sort(Comparator.comparingLong(Event::micros));
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
      long t0 = events.isEmpty() ? 0 : events.get(0).micros();
      for (Event ev : events) {
        if (paced) {
          long wait = start + (ev.micros() - t0) * 1000 - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        if (answers.closed.isDone()) {
          closedEarly = true;
          break;
        }
        try {
          if (ev.datagram() != null) {
            datagram(ev.datagram());
          } else if (!unit(ev.unit(), out)) {
            closedEarly = true;
            break;
          }
        } catch (IOException closed) {
          closedEarly = true;
          break;
        }
      }
      // A player keeps the connection open as long as it did in the capture, reading.
      closedEarly =
          Replayer.finish(
              sock,
              reader,
              paced && !closedEarly,
              start + (t.conn.endMicros() - t0) * 1000,
              closedEarly);
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
        String problem = answers.setUp(RtspTrace.uri(head), r);
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
}
