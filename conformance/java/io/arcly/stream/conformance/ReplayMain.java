package io.arcly.stream.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code conformance/replay TRACE.pcap [EXPECT.json]}, {@code conformance/replay EXPECT.json} (an
 * expectation naming its capture in {@code trace}) or {@code conformance/replay FOLDER}: replays
 * traces and prints {@code PASS <trace>: <summary>} or {@code FAIL <trace>: <reason>} per trace
 * (and {@code N passed, M failed} for a folder); exits 0 when all pass.
 */
public final class ReplayMain {
  private ReplayMain() {}

  /** Runs the command. */
  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("mutate") && args[1].startsWith("rtsp-")) {
      RtspMutations.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length == 5 && args[0].equals("mutate") && args[1].startsWith("srt-")) {
      SrtMutations.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("mutate")) {
      io.arcly.stream.conformance.pcap.TraceMutator.main(
          java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length == 5 && args[0].equals("publish-hevc")) {
      publishHevc(Path.of(args[1]), Integer.parseInt(args[2]), args[3], args[4]);
      return;
    }
    if (args.length == 4 && args[0].equals("relay-to")) {
      relayTo(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
      return;
    }
    if (System.getenv("ARCLY_REPLAY_VERBOSE") == null) {
      // One line per trace: the server's own log lines only with ARCLY_REPLAY_VERBOSE set.
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
    System.exit(run(args) ? 0 : 1);
  }

  /**
   * {@code publish-hevc FILE.hevc PORT APP STREAM}: publishes an HEVC elementary stream over
   * Enhanced RTMP to a server on loopback (how the HEVC trace is made: no Debian program publishes
   * HEVC over RTMP).
   */
  static void publishHevc(Path file, int port, String app, String stream) throws Exception {
    io.arcly.stream.protocol.rtmp.HevcSample sample =
        new io.arcly.stream.protocol.rtmp.HevcSample(Files.readAllBytes(file));
    try (io.arcly.stream.protocol.rtmp.RtmpTestClient pub =
        new io.arcly.stream.protocol.rtmp.RtmpTestClient(port)) {
      pub.handshake(true);
      int id = io.arcly.stream.protocol.rtmp.HevcSample.startPublish(pub, app, stream);
      sample.send(pub, id);
    }
  }

  /**
   * {@code relay-to PORT APP/STREAM SECONDS}: runs an embedded server whose relay pushes the
   * bundled sample to {@code rtmp://127.0.0.1:PORT/APP/STREAM} for a while (how the relay trace is
   * made).
   */
  static void relayTo(int port, String target, int seconds) throws Exception {
    var engine =
        io.arcly.stream.kernel.Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .build();
    var rtmp =
        new io.arcly.stream.protocol.rtmp.RtmpServer(
            io.arcly.stream.protocol.rtmp.RtmpSettings.forTests());
    var host =
        new io.arcly.stream.kernel.WorkerHost(
            engine,
            Thread.ofVirtual().factory(),
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofMillis(200));
    host.start(List.<io.arcly.stream.kernel.InboundProtocol>of(rtmp));
    host.awaitSettled(java.time.Duration.ofSeconds(10));
    SamplePublisher sample = SamplePublisher.start(engine, RelayReplay.SOURCE);
    var relay =
        rtmp.relays()
            .orElseThrow()
            .start(
                io.arcly.stream.media.StreamKey.parse(RelayReplay.SOURCE),
                "rtmp://127.0.0.1:" + port + "/" + target);
    // Relay until that much of the sample has gone out (real time), within a generous bound.
    sample
        .after(java.time.Duration.ofSeconds(seconds))
        .get(seconds + 30L, java.util.concurrent.TimeUnit.SECONDS);
    rtmp.relays()
        .orElseThrow()
        .stop(io.arcly.stream.media.StreamKey.parse(RelayReplay.SOURCE), relay.id());
    sample.stop();
    host.stop();
  }

  static boolean run(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: conformance/replay TRACE.pcap [EXPECT.json] | EXPECT.json | FOLDER"
              + " | mutate KIND IN.pcap SERVER_PORT OUT.pcap");
      return false;
    }
    Path target = Path.of(args[0]);
    if (Files.isDirectory(target)) {
      List<Path> traces = traces(target);
      int passed = 0;
      for (Path t : traces) {
        if (one(t, expectationOf(t))) {
          passed++;
        }
      }
      System.out.println(passed + " passed, " + (traces.size() - passed) + " failed");
      return passed == traces.size();
    }
    return one(target, args.length == 2 ? Path.of(args[1]) : expectationOf(target));
  }

  /**
   * Every trace ({@code .pcap}, {@code .pcapng}) in a folder, and every expectation ({@code .json})
   * without a capture of its own (it names the capture it replays in {@code trace}), sorted.
   */
  static List<Path> traces(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return new ArrayList<>(
          s.filter(
                  p ->
                      isCapture(p)
                          || p.toString().endsWith(".json")
                              && !Files.exists(captureOf(p, ".pcap"))
                              && !Files.exists(captureOf(p, ".pcapng")))
              .sorted()
              .toList());
    }
  }

  private static boolean isCapture(Path p) {
    return p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng");
  }

  private static Path captureOf(Path json, String ext) {
    String name = json.getFileName().toString();
    return json.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ext);
  }

  /** {@code NAME.json} beside {@code NAME.pcap}; an expectation file is its own. */
  static Path expectationOf(Path trace) {
    if (!isCapture(trace)) {
      return trace;
    }
    String name = trace.getFileName().toString();
    return trace.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".json");
  }

  private static boolean one(Path trace, Path expect) {
    String name = trace.getFileName().toString();
    try {
      if (!Files.isRegularFile(expect)) {
        System.out.println("FAIL " + name + ": no expectation file " + expect);
        return false;
      }
      Expectation e = Expectation.read(expect);
      if (!isCapture(trace) && e.trace() == null) {
        System.out.println("FAIL " + name + ": no capture beside it and no \"trace\" naming one");
        return false;
      }
      Replayer.Result r = Replayer.replay(trace, e);
      System.out.println((r.passed() ? "PASS " : "FAIL ") + name + ": " + r.summary());
      return r.passed();
    } catch (Exception | Error e) {
      System.out.println("FAIL " + name + ": " + e);
      return false;
    }
  }
}
