package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 * stream; this server's answers are decoded and checked) and {@code pull} (this server's RTSP pull
 * client against the captured camera's half, {@link #pull}).
 */
final class RtspReplay {
  private static final Duration SETTLE = RtspSession.SETTLE;

  private RtspReplay() {}

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
    RtspTrace trace = new RtspTrace(capture, conn);
    return switch (e.role()) {
      case "pull" -> pull(trace, e);
      default -> serve(trace, e);
    };
  }

  /**
   * The client role: this server's RTSP pull of a camera, replayed against the camera's captured
   * half ({@code camera}: its answers by CSeq, its session id and server ports, the media it sent,
   * all read already), as {@link RelayReplay} does for the RTMP relay; see {@link CameraReplay}.
   */
  static Replayer.Result pull(RtspTrace camera, Expectation e) throws Exception {
    return CameraReplay.replay(camera, e);
  }

  private static Replayer.Result serve(RtspTrace t, Expectation e) throws Exception {
    List<Frame> sampleFrames = null;
    if (e.role().equals("play")) {
      sampleFrames = t.media();
    }
    AtomicInteger rejections = new AtomicInteger();
    Engine engine = Replayer.countingEngine(rejections);
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
      RtspSession s;
      try (BusProbe probe = new BusProbe(engine)) {
        s = new RtspSession(t, e, server, answers);
        s.run();
        if (sample != null) {
          sample.stop();
          sample = null;
        }
        probe.awaitEnd(SETTLE);
        String health = Replayer.health(engine, host, baseline, () -> optionsAnswered(server));
        String verdict = check(e, s, probe, answers, rejections.get());
        return Replayer.Result.judged(health, verdict);
      }
    } finally {
      if (sample != null) {
        sample.stop();
      }
      host.stop();
    }
  }

  private static String check(
      Expectation e, RtspSession s, BusProbe probe, RtspAnswers a, int rejections) {
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

  private static String datagrams(RtspSession s) {
    return (s.sentDatagrams == 0 ? "" : ", " + s.sentDatagrams + " datagrams sent")
        + (s.unmappedDatagrams == 0
            ? ""
            : ", " + s.unmappedDatagrams + " to ports no SETUP answered left out");
  }

  private static String played(Expectation e, RtspSession s, RtspAnswers a) {
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
            + ", keyframe first"
            + datagrams(s);
  }

  private static String rejected(
      Expectation e, RtspSession s, BusProbe probe, RtspAnswers a, int rejections) {
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
}
