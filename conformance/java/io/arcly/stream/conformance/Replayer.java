package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Chunk;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.RtmpServer;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the client half of a captured session against a fresh embedded engine and protocol worker
 * on an ephemeral loopback port, then checks the outcome against the trace's {@link Expectation}:
 * what reached the bus (publish), what the server answered (play), whether the session was refused
 * or closed for bad input (rejected), and that the server is healthy and the key free afterwards.
 *
 * <p>Publish traces are sent as fast as the server accepts them; play traces keep the capture's
 * timing (a player's later bytes, such as acknowledgements or deleteStream, must not arrive before
 * the media they answer). The RTMP handshake is adapted: C0 and C1 go as captured, C2 echoes the S1
 * this server sent, as the captured C2 echoed the captured server's.
 */
public final class Replayer {
  /** What a replay found. */
  public record Result(boolean passed, String summary) {
    /**
     * The result of a replay: a failure when the health check found something (its finding), else
     * the verdict, which fails when it starts with {@code !}.
     */
    static Result judged(String health, String verdict) {
      if (health != null) {
        return new Result(false, health);
      }
      return verdict.startsWith("!")
          ? new Result(false, verdict.substring(1))
          : new Result(true, verdict);
    }
  }

  private static final Duration SETTLE = Duration.ofSeconds(10);

  private Replayer() {}

  /** An engine describing tracks, counting the sessions it refuses in {@code rejections}. */
  static Engine countingEngine(AtomicInteger rejections) {
    return Engine.builder()
        .describer(io.arcly.stream.codec.Tracks::describe)
        .observer(
            new Observer() {
              @Override
              public void sessionRejected(String protocol, String reason) {
                rejections.incrementAndGet();
              }
            })
        .build();
  }

  /**
   * Ends a replayed client's half: with {@code linger}, keeps the connection open, reading, until
   * {@code endNanos} (as long as the captured client did), then shuts its output unless it {@code
   * closedEarly}, and lets the reader settle. Returns whether the server closed first.
   */
  static boolean finish(Socket s, Thread reader, boolean linger, long endNanos, boolean closedEarly)
      throws InterruptedException {
    if (linger) {
      long wait = endNanos - System.nanoTime();
      if (wait > 0) {
        reader.join(Duration.ofNanos(wait));
      }
    }
    if (!closedEarly) {
      try {
        s.shutdownOutput();
      } catch (IOException ignored) {
        closedEarly = true;
      }
    }
    reader.join(SETTLE);
    return closedEarly;
  }

  /**
   * Replays {@code trace} and checks it against {@code e}; when {@code e} names a trace of its own,
   * that file beside {@code trace} (or beside the expectation file given as {@code trace}).
   */
  public static Result replay(Path trace, Expectation e) throws Exception {
    Capture capture = Pcap.read(e.trace() == null ? trace : trace.resolveSibling(e.trace()));
    if (e.protocol().equals("rtsp")) {
      return RtspReplay.replay(capture, e);
    }
    if (e.protocol().equals("srt")) {
      return SrtReplay.replay(capture, e);
    }
    List<TcpConnection> conns = capture.tcpTo(e.serverPort());
    TcpConnection conn =
        conns.stream()
            .filter(c -> c.bytes(Direction.CLIENT_TO_SERVER).length > 0)
            .findFirst()
            .orElse(null);
    if (conn == null) {
      return new Result(false, "no tcp connection with client data to port " + e.serverPort());
    }
    if (!e.protocol().equals("rtmp")) {
      return new Result(false, "protocol " + e.protocol() + " is not replayable yet");
    }
    if (e.role().equals("pull")) {
      return RelayReplay.replay(conn, e);
    }
    AtomicInteger rejections = new AtomicInteger();
    Engine engine = countingEngine(rejections);
    RtmpSettings settings = RtmpSettings.forTests().withPlayWait(Duration.ofSeconds(5));
    RtmpServer server = new RtmpServer(settings);
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(server));
    SamplePublisher sample = null;
    try {
      if (!host.awaitSettled(SETTLE)) {
        return new Result(false, "the rtmp worker did not start");
      }
      int baseline = host.liveThreads();
      if (e.role().equals("play")) {
        sample = SamplePublisher.start(engine, e.stream());
      }
      RtmpAnswers answers = new RtmpAnswers();
      boolean closedEarly;
      try (BusProbe probe = new BusProbe(engine)) {
        closedEarly = drive(server.port(), conn, answers, e.paced());
        if (sample != null) {
          sample.stop();
          sample = null;
        }
        probe.awaitEnd(SETTLE);
        // Health first: it waits for the session to be wound up, so the counts are final.
        String health = health(engine, host, baseline, () -> handshakeAnswered(server.port()));
        String verdict = check(e, probe, answers, rejections.get(), closedEarly);
        return Result.judged(health, verdict);
      }
    } finally {
      if (sample != null) {
        sample.stop();
      }
      host.stop();
    }
  }

  /**
   * Sends the client's bytes (paced by the capture for players), reads every answer; returns
   * whether the server closed the connection before the client had sent everything.
   */
  private static boolean drive(int port, TcpConnection conn, RtmpAnswers answers, boolean paced)
      throws IOException, InterruptedException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    byte[] b = new byte[64 * 1024];
                    try {
                      int n;
                      while ((n = in.read(b)) >= 0) {
                        answers.feed(b, 0, n);
                      }
                    } catch (IOException ignored) {
                      // closed
                    }
                  });
      OutputStream out = s.getOutputStream();
      boolean early = false;
      long start = System.nanoTime();
      long t0 = -1;
      long sent = 0;
      for (Chunk c : conn.chunks()) {
        if (c.direction() != Direction.CLIENT_TO_SERVER) {
          continue;
        }
        if (paced) {
          if (t0 < 0) {
            t0 = c.timestampMicros();
          }
          long due = start + (c.timestampMicros() - t0) * 1000;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        try {
          sent = send(out, c.data(), sent, answers);
        } catch (IOException closed) {
          early = true;
          break;
        }
        if (!reader.isAlive()) {
          early = true;
          break;
        }
      }
      return finish(
          s, reader, paced && !early && t0 >= 0, start + (conn.endMicros() - t0) * 1000, early);
    }
  }

  /** C2 lies here in the client's stream (after C0 and C1). */
  private static final int C2_FROM = 1 + Handshake.SIZE;

  private static final int C2_TO = 1 + 2 * Handshake.SIZE;

  /**
   * Writes {@code data}, the client's bytes from offset {@code at} of its stream, adapting the
   * handshake: C2 echoes the S1 this server sent (waiting for it), as the captured C2 echoed the
   * captured server's. Returns the offset after {@code data}.
   */
  static long send(OutputStream out, byte[] data, long at, RtmpAnswers answers) throws IOException {
    long end = at + data.length;
    if (end <= C2_FROM || at >= C2_TO) {
      out.write(data);
      return end;
    }
    // C0 and C1 go first, so that the server answers with the S1 that C2 must echo.
    int split = (int) Math.max(0, C2_FROM - at);
    out.write(data, 0, split);
    out.flush();
    byte[] copy = data.clone();
    try {
      byte[] s1 = answers.s1.get(SETTLE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      for (long p = Math.max(at, C2_FROM); p < Math.min(end, C2_TO); p++) {
        copy[(int) (p - at)] = s1[(int) (p - C2_FROM)];
      }
    } catch (Exception noAnswer) {
      // the server never answered the handshake; send the capture as it is
    }
    out.write(copy, split, copy.length - split);
    return end;
  }

  private static String check(
      Expectation e, BusProbe probe, RtmpAnswers answers, int rejections, boolean closedEarly) {
    if (answers.error != null) {
      return "!" + answers.error;
    }
    return switch (e.outcome()) {
      case "published" -> checkPublished(e, probe);
      case "played" -> checkPlayed(e, answers);
      case "rejected" -> {
        boolean published =
            probe.streams().stream()
                    .anyMatch(s -> s.videoFrames + s.audioFrames > 0 && !closedEarly)
                && rejections == 0;
        if (rejections == 0 && !closedEarly) {
          yield "!expected a rejection or a close for bad input, but the session ended normally"
              + (published ? " after publishing" : "");
        }
        yield "rejected ("
            + rejections
            + " refusal"
            + (rejections == 1 ? "" : "s")
            + (closedEarly ? ", closed before the client finished" : "")
            + "), server healthy";
      }
      default -> "!outcome " + e.outcome() + " is not checked for rtmp";
    };
  }

  static String checkPublished(Expectation e, BusProbe probe) {
    BusProbe.Seen s =
        probe.streams().stream().filter(x -> x.key.equals(e.stream())).findFirst().orElse(null);
    if (s == null) {
      return "!stream "
          + e.stream()
          + " was not published (seen: "
          + probe.streams().stream().map(x -> x.key).toList()
          + ")";
    }
    String tracks = tracks(e.tracks(), s.codecs);
    if (tracks != null) {
      return "!" + tracks;
    }
    if (!s.problems.isEmpty()) {
      return "!" + s.problems.get(0);
    }
    String counts = counts(e, s.videoFrames, s.audioFrames, s.keyframes);
    return counts.startsWith("!")
        ? counts
        : "published "
            + e.stream()
            + ": "
            + new java.util.EnumMap<>(s.codecs).values()
            + ", "
            + counts
            + ", dts monotonic";
  }

  private static String checkPlayed(Expectation e, RtmpAnswers a) {
    if (!a.statusCodes.contains("NetStream.Play.Start")) {
      return "!no NetStream.Play.Start in the answers (statuses: " + a.statusCodes + ")";
    }
    String tracks = tracks(e.tracks(), a.codecs);
    if (tracks != null) {
      return "!"
          + tracks
          + " (statuses "
          + a.statusCodes
          + ", "
          + a.videoFrames
          + " video and "
          + a.audioFrames
          + " audio frames answered)";
    }
    String counts = counts(e, a.videoFrames, a.audioFrames, a.keyframes);
    return counts.startsWith("!")
        ? counts
        : "played "
            + e.stream()
            + ": "
            + new java.util.EnumMap<>(a.codecs).values()
            + ", "
            + counts;
  }

  /** The verdict on what our client (a relay) sent to the captured server. */
  static Result verdict(Expectation e, RtmpAnswers sent) {
    if (!e.outcome().equals("pulled")) {
      return new Result(false, "outcome " + e.outcome() + " is not checked for role pull");
    }
    String tracks = tracks(e.tracks(), sent.codecs);
    if (tracks != null) {
      return new Result(false, tracks);
    }
    String counts = counts(e, sent.videoFrames, sent.audioFrames, sent.keyframes);
    if (counts.startsWith("!")) {
      return new Result(false, counts.substring(1));
    }
    return new Result(
        true,
        "relayed to the captured upstream "
            + e.stream()
            + ": "
            + new java.util.EnumMap<>(sent.codecs).values()
            + ", "
            + counts);
  }

  static String tracks(Map<String, String> want, Map<TrackKind, String> got) {
    for (var w : want.entrySet()) {
      TrackKind kind = TrackKind.valueOf(w.getKey().toUpperCase(Locale.ROOT));
      String codec = got.get(kind);
      if (!w.getValue().equalsIgnoreCase(codec)) {
        return w.getKey() + " codec " + codec + ", expected " + w.getValue();
      }
    }
    return null;
  }

  static String counts(Expectation e, int video, int audio, int keys) {
    List<String> short_ = new ArrayList<>();
    if (video > e.maxVideoFrames()) {
      short_.add(video + " video frames > " + e.maxVideoFrames());
    }
    if (audio > e.maxAudioFrames()) {
      short_.add(audio + " audio frames > " + e.maxAudioFrames());
    }
    if (keys > e.maxKeyframes()) {
      short_.add(keys + " keyframes > " + e.maxKeyframes());
    }
    if (video < e.minVideoFrames()) {
      short_.add(video + " video frames < " + e.minVideoFrames());
    }
    if (audio < e.minAudioFrames()) {
      short_.add(audio + " audio frames < " + e.minAudioFrames());
    }
    if (keys < e.minKeyframes()) {
      short_.add(keys + " keyframes < " + e.minKeyframes());
    }
    if (!short_.isEmpty()) {
      return "!" + String.join(", ", short_);
    }
    return video + " video frames (" + keys + " keyframes), " + audio + " audio frames";
  }

  /**
   * Null when the server is healthy after the session, else what is wrong: no stream live, no play
   * session open, the worker's threads back to {@code baseline}, and {@code answers} (a new
   * connection's first exchange, null when answered) succeeding.
   */
  static String health(
      Engine engine, WorkerHost host, int baseline, java.util.function.Supplier<String> answers)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (System.nanoTime() < deadline) {
      if (engine.streamCount() == 0
          && engine.sessions().count() == 0
          && host.liveThreads() <= baseline) {
        break;
      }
      LockSupport.parkNanos(50_000_000L);
    }
    if (engine.streamCount() != 0) {
      return "a stream is still live after the client left: " + engine.listStreams(null);
    }
    if (engine.sessions().count() != 0) {
      return "a play session is still open after the client left";
    }
    if (host.liveThreads() > baseline) {
      return "threads left after the session: " + (host.liveThreads() - baseline);
    }
    return answers.get();
  }

  /** Null when the RTMP server on {@code port} answers a new handshake, else what is wrong. */
  private static String handshakeAnswered(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(Handshake.clientHello(false, 0, new java.util.SplittableRandom(1)));
      byte[] answer = s.getInputStream().readNBytes(1 + 2 * Handshake.SIZE);
      if (answer.length != 1 + 2 * Handshake.SIZE) {
        return "the server no longer answers a handshake";
      }
    } catch (IOException ex) {
      return "the server no longer accepts connections: " + ex.getMessage();
    }
    return null;
  }
}
