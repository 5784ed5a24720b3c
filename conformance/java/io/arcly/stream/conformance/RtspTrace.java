package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Chunk;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.media.Frame;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A captured RTSP conversation, read once for a replay: the client's units, the captured server's
 * answers by CSeq and its session id, the stream's URL path, the client and server ports each SETUP
 * named, the client's and the server's datagrams, and the media the server sent.
 */
final class RtspTrace {
  static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)(?:-(\\d+))?");

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

  RtspTrace(Capture capture, TcpConnection conn) {
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

  /**
   * The media the captured server sent, as frames from its first video keyframe on: what a play
   * replay publishes, so the player gets the codecs of the capture. Empty when the capture holds
   * none.
   */
  List<Frame> media() {
    RtspAnswers media = new RtspAnswers(true);
    Map<Long, String> setupUrls = new HashMap<>();
    for (RtspUnits.Unit r : requests) {
      if (r.method().equals("SETUP")) {
        setupUrls.put(r.cseq(), uri(r.head()));
      }
    }
    java.util.Set<Long> done = new java.util.HashSet<>();
    for (Chunk c : chunks(conn, Direction.SERVER_TO_CLIENT)) {
      media.feed(c.data(), 0, c.data().length, c.timestampMicros() * 1000);
      for (var s : setupUrls.entrySet()) {
        var f = media.response(s.getKey());
        if (f.isDone() && f.getNow(null) != null && done.add(s.getKey())) {
          media.setUp(s.getValue(), f.getNow(null));
        }
      }
    }
    for (UdpDatagram d : serverDatagrams) {
      media.datagram(d.destination().port(), d.payload(), d.timestampMicros() * 1000);
    }
    return SamplePublisher.fromFirstKeyframe(media.frames);
  }

  static List<Chunk> chunks(TcpConnection c, Direction d) {
    return c.chunks().stream().filter(x -> x.direction() == d).toList();
  }

  /** The request URI of a head's start line. */
  static String uri(String head) {
    String[] parts = head.split("[ \r\n]", 3);
    return parts.length > 1 ? parts[1] : "";
  }

  private static String trimSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
