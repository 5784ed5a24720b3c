package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The captured camera's (server's) half of an RTSP session as a script for this server's pull
 * client: the answer to each of its requests is the captured server's answer to the same method, in
 * order (a SETUP: to the SETUP of the same track URL), adapted to the session: CSeq echoes the
 * client's, URLs name the replaying camera, Transport gives the client's own channels or ports and
 * the camera's local UDP ports; the session id stays the captured one, which the client must use.
 * The media is what the server sent between its PLAY answer and the client's PAUSE or TEARDOWN.
 */
final class CameraScript {
  /** One captured request and the server's answer to it. */
  record Exchange(int index, RtspUnits.Unit request, RtspUnits.Unit answer) {
    String method() {
      return request.method();
    }

    String path() {
      return RtspUnits.path(RtspTrace.uri(request.head()));
    }
  }

  /** Media the captured camera sent after PLAY: an interleaved frame or a datagram. */
  record Media(long micros, RtspUnits.Unit frame, UdpDatagram datagram) {}

  private static final Pattern URL = Pattern.compile("(?i)rtsp://[^/\\s;,\"]+");
  private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)(?:-(\\d+))?");
  private static final Pattern CLIENT_PORT = RtspTrace.CLIENT_PORT;
  private static final Pattern SERVER_PORT = Pattern.compile("server_port=(\\d+)(?:-(\\d+))?");

  final RtspTrace t;
  final String mutation;
  final List<Exchange> exchanges = new ArrayList<>();
  final List<Media> media = new ArrayList<>();

  /** Whether the captured client took its media over TCP (interleaved). */
  final boolean tcp;

  /** Capture time of the server's PLAY answer: media is paced from it. */
  final long playAnsweredMicros;

  CameraScript(RtspTrace t, String mutation) {
    this.t = t;
    this.mutation = mutation;
    if (mutation != null && !RtspMutations.CAMERA.contains(mutation)) {
      throw new IllegalArgumentException("unknown camera mutation " + mutation);
    }
    for (RtspUnits.Unit r : t.requests) {
      RtspUnits.Unit a =
          r.kind() == RtspUnits.Kind.MESSAGE ? t.capturedAnswers.get(r.cseq()) : null;
      if (a != null && r.status() < 0) {
        exchanges.add(new Exchange(exchanges.size(), r, a));
      }
    }
    Exchange play = first("PLAY");
    Exchange setup = first("SETUP");
    String transport = setup == null ? null : setup.request().header("Transport");
    tcp = transport == null || transport.toUpperCase(Locale.ROOT).contains("/TCP");
    playAnsweredMicros = play == null ? 0 : play.answer().timestampMicros();
    long stop = Long.MAX_VALUE;
    for (RtspUnits.Unit r : t.requests) {
      if (play != null
          && r.timestampMicros() >= play.request().timestampMicros()
          && (r.method().equals("PAUSE") || r.method().equals("TEARDOWN"))) {
        stop = r.timestampMicros();
        break;
      }
    }
    if (play != null) {
      boolean after = false;
      // Per packet, not per run: the interleaved media keeps the time each packet was captured.
      List<io.arcly.stream.conformance.pcap.Chunk> server =
          t.conn.segments().stream()
              .filter(c -> c.direction() == Direction.SERVER_TO_CLIENT)
              .toList();
      for (RtspUnits.Unit u : RtspUnits.split(server)) {
        if (u.kind() == RtspUnits.Kind.MESSAGE && u.cseq() == play.request().cseq()) {
          after = true;
        } else if (after && u.kind() == RtspUnits.Kind.FRAME && u.timestampMicros() < stop) {
          media.add(new Media(u.timestampMicros(), u, null));
        }
      }
      for (UdpDatagram d : t.serverDatagrams) {
        if (d.timestampMicros() >= play.request().timestampMicros() && d.timestampMicros() < stop) {
          media.add(new Media(d.timestampMicros(), null, d));
        }
      }
      media.sort(Comparator.comparingLong(Media::micros));
    }
  }

  /** The first captured exchange of {@code method}, or null. */
  Exchange first(String method) {
    return exchanges.stream().filter(x -> x.method().equals(method)).findFirst().orElse(null);
  }

  /** The captured server's RTP and RTCP ports in its answer to {@code setup}, or null. */
  int[] serverPorts(Exchange setup) {
    return t.capturedServerPorts.get(setup.request().cseq());
  }

  /**
   * One connection of the client: which captured exchanges it used, and how the captured channels
   * and client ports map to the client's own.
   */
  final class Conversation {
    private final String authority;
    private final ToIntFunction<Integer> localPort;
    private final Set<Exchange> used = new HashSet<>();
    private final Map<String, Exchange> last = new HashMap<>();

    /** Captured interleaved channel to the client's. */
    final Map<Integer, Integer> channels = new HashMap<>();

    /** Captured client port to the client's. */
    final Map<Integer, Integer> clientPorts = new HashMap<>();

    /** What the client did that the camera did not expect. */
    final List<String> problems = new ArrayList<>();

    final List<String> methods = new ArrayList<>();
    boolean played;
    boolean tornDown;
    private boolean sessionGiven;

    /**
     * A conversation with the camera at {@code authority} ({@code host:port}); {@code localPort}
     * gives the camera's own UDP port standing in for a captured server port.
     */
    Conversation(String authority, ToIntFunction<Integer> localPort) {
      this.authority = authority;
      this.localPort = localPort;
    }

    /** The camera's answer to {@code q}, as bytes on the connection. */
    byte[] answer(RtspRequest q) {
      String method = q.method();
      methods.add(method);
      String session = q.headers().get("Session").map(RtspUnits::sessionId).orElse(null);
      if (sessionGiven && t.capturedSession != null && !t.capturedSession.equals(session)) {
        problems.add(
            method + " (CSeq " + q.cseq() + ") sent session " + session + ", not the camera's");
      }
      Exchange x = pick(method, RtspUnits.path(q.uri()));
      if (x == null) {
        boolean known = method.equals("GET_PARAMETER") || method.equals("OPTIONS");
        known |= method.equals("TEARDOWN");
        if (!known) {
          problems.add("the capture has no answer to " + method);
        }
        tornDown |= method.equals("TEARDOWN");
        String head =
            (known ? "RTSP/1.0 200 OK" : "RTSP/1.0 501 Not Implemented")
                + "\r\nCSeq: "
                + q.cseq()
                + (t.capturedSession == null ? "" : "\r\nSession: " + t.capturedSession)
                + "\r\n\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
      }
      int[] ports = null;
      if (method.equals("SETUP")) {
        int[] captured = serverPorts(x);
        if (captured != null) {
          ports = new int[] {localPort.applyAsInt(captured[0]), localPort.applyAsInt(captured[1])};
        }
      }
      String transport = q.headers().get("Transport").orElse(null);
      byte[] body = RtspMutations.cameraBody(mutation, method, x.answer().body());
      body =
          urls(new String(body, StandardCharsets.ISO_8859_1), authority)
              .getBytes(StandardCharsets.ISO_8859_1);
      String head = head(x.answer().head(), q.cseq(), authority, transport, ports, body.length);
      if (method.equals("SETUP") && transport != null) {
        map(x.answer().header("Transport"), transport);
      }
      sessionGiven |= x.answer().header("Session") != null;
      played |= method.equals("PLAY") && x.answer().status() / 100 == 2;
      tornDown |= method.equals("TEARDOWN");
      byte[] out = new byte[head.length() + body.length];
      System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, out, 0, head.length());
      System.arraycopy(body, 0, out, head.length(), body.length);
      return out;
    }

    /**
     * The next captured exchange of {@code method} (for SETUP, the one of the same track path
     * first); once they are used up, the last one again (keepalives); null when none was captured.
     */
    private Exchange pick(String method, String path) {
      Exchange x = null;
      for (Exchange e : exchanges) {
        if (!used.contains(e) && e.method().equals(method)) {
          if (!method.equals("SETUP") || e.path().equals(path)) {
            x = e;
            break;
          }
          if (x == null) {
            x = e;
          }
        }
      }
      if (x == null) {
        return last.get(method);
      }
      used.add(x);
      last.put(method, x);
      return x;
    }

    /** Notes how the captured answer's channels or client ports map to the client's own. */
    private void map(String captured, String ours) {
      if (captured == null) {
        return;
      }
      pair(INTERLEAVED.matcher(captured), INTERLEAVED.matcher(ours), channels);
      pair(CLIENT_PORT.matcher(captured), CLIENT_PORT.matcher(ours), clientPorts);
    }

    private static void pair(Matcher captured, Matcher ours, Map<Integer, Integer> into) {
      if (captured.find() && ours.find()) {
        int c = Integer.parseInt(captured.group(1));
        int o = Integer.parseInt(ours.group(1));
        into.put(c, o);
        into.put(
            captured.group(2) == null ? c + 1 : Integer.parseInt(captured.group(2)),
            ours.group(2) == null ? o + 1 : Integer.parseInt(ours.group(2)));
      }
    }
  }

  /**
   * The captured answer's head adapted to the client's request: {@code CSeq} echoes {@code cseq},
   * URLs name {@code authority}, the {@code Transport} gives the interleaved channels and client
   * ports of the client's {@code transport} and the camera's {@code serverPorts} (when not null),
   * and {@code Content-Length} is {@code bodyLength}. Every other line stays as captured.
   */
  static String head(
      String captured,
      long cseq,
      String authority,
      String transport,
      int[] serverPorts,
      int bodyLength) {
    StringBuilder out = new StringBuilder();
    String[] lines = captured.split("\r?\n");
    out.append(lines[0]).append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "cseq" -> line = line.substring(0, colon + 1) + " " + cseq;
        case "content-length" -> line = null;
        case "content-base", "content-location", "rtp-info" -> line = urls(line, authority);
        case "transport" -> line = transport(line, transport, serverPorts);
        default -> {
          // as captured
        }
      }
      if (line != null) {
        out.append(line).append("\r\n");
      }
    }
    if (bodyLength > 0) {
      out.append("Content-Length: ").append(bodyLength).append("\r\n");
    }
    return out.append("\r\n").toString();
  }

  /** {@code s} with the authority of every {@code rtsp://} URL replaced by {@code authority}. */
  static String urls(String s, String authority) {
    return URL.matcher(s).replaceAll(Matcher.quoteReplacement("rtsp://" + authority));
  }

  /**
   * A captured Transport line with the client's interleaved channels and client ports (from {@code
   * ours}, its request's Transport) and the camera's {@code serverPorts} in place of the captured.
   */
  static String transport(String captured, String ours, int[] serverPorts) {
    String line = captured;
    if (ours != null) {
      line = swap(line, INTERLEAVED, INTERLEAVED.matcher(ours));
      line = swap(line, CLIENT_PORT, CLIENT_PORT.matcher(ours));
    }
    if (serverPorts != null) {
      line =
          SERVER_PORT
              .matcher(line)
              .replaceFirst("server_port=" + serverPorts[0] + "-" + serverPorts[1]);
    }
    return line;
  }

  private static String swap(String line, Pattern p, Matcher ours) {
    return ours.find()
        ? p.matcher(line).replaceFirst(Matcher.quoteReplacement(ours.group()))
        : line;
  }
}
