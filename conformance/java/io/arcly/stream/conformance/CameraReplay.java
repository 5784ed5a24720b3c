package io.arcly.stream.conformance;

import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.SourceStatus;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtsp.client.RtspPullClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The client role for RTSP: this server's pull of a camera, against the captured camera's half of a
 * session replayed by a {@link ReplayedCamera}. The pull runs as the server runs it: a source of
 * the {@link Sources} worker with the {@link RtspPullClient}, on an embedded engine, publishing
 * under the expectation's stream, over the transport the captured client used. Once the camera sent
 * its media (or the pull failed), the source is removed; its client must end the session (TEARDOWN
 * or a close) and leave no stream and no thread behind.
 */
final class CameraReplay {
  /** The source's name. */
  static final String SOURCE = "camera";

  private static final Duration SETTLE = RtspSession.SETTLE;

  /** How long the frame count must stay put after the media for the pull to have taken it all. */
  private static final Duration QUIET = Duration.ofMillis(250);

  private CameraReplay() {}

  static Replayer.Result replay(RtspTrace t, Expectation e) throws Exception {
    CameraScript script = new CameraScript(t, e.mutation());
    if (script.first("DESCRIBE") == null) {
      return new Replayer.Result(
          false, "the capture holds no answer to a DESCRIBE: it is not a camera's half");
    }
    Engine engine = Engine.builder().describer(io.arcly.stream.codec.Tracks::describe).build();
    RtspPullClient client =
        new RtspPullClient(
            RtspPullClient.Options.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    Sources sources = new Sources(List.of(), List.of(client), Duration.ofSeconds(2));
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(sources));
    try {
      if (!host.awaitSettled(SETTLE)) {
        return new Replayer.Result(false, "the sources worker did not start");
      }
      int baseline = host.liveThreads();
      try (ReplayedCamera camera = new ReplayedCamera(script);
          BusProbe probe = new BusProbe(engine)) {
        sources.add(
            new SourceSpec(
                SOURCE,
                camera.url(),
                StreamKey.parse(e.stream()),
                script.tcp ? SourceSpec.Transport.TCP : SourceSpec.Transport.UDP,
                false,
                SourceSpec.DEFAULT_CLOSE_AFTER,
                SourceSpec.DEFAULT_START_TIMEOUT));
        String failure = await(sources, camera, script);
        if (failure == null) {
          quiet(probe);
          failure = sources.get(SOURCE).map(SourceStatus::error).orElse(null);
        }
        sources.remove(SOURCE);
        if (camera.conversations.stream().anyMatch(c -> c.played)) {
          try {
            camera.closedAfterPlay.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillOpen) {
            // the verdict says so
          }
        }
        probe.awaitEnd(SETTLE);
        String health = Replayer.health(engine, host, baseline, () -> null);
        String verdict = verdict(e, script, camera, probe, failure);
        return Replayer.Result.judged(health, verdict);
      }
    } finally {
      if (sources.get(SOURCE).isPresent()) {
        sources.remove(SOURCE);
      }
      host.stop();
    }
  }

  /**
   * Waits until the camera sent all its media or the pull failed (its error, then), within the
   * captured media's duration and a margin.
   */
  private static String await(Sources sources, ReplayedCamera camera, CameraScript script) {
    long media =
        script.media.isEmpty()
            ? 0
            : script.media.get(script.media.size() - 1).micros() - script.playAnsweredMicros;
    long deadline = System.nanoTime() + Math.max(0, media) * 1000 + SETTLE.toNanos();
    while (System.nanoTime() < deadline && !camera.mediaSent.isDone()) {
      String error = sources.get(SOURCE).map(SourceStatus::error).orElse(null);
      if (error != null) {
        return error;
      }
      LockSupport.parkNanos(20_000_000L);
    }
    return null;
  }

  /** Waits (bounded) until no more frames reach the bus: the last media has been taken. */
  private static void quiet(BusProbe probe) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      int now = probe.streams().stream().mapToInt(s -> s.videoFrames + s.audioFrames).sum();
      if (now == last) {
        return;
      }
      last = now;
      LockSupport.parkNanos(QUIET.toNanos());
    }
  }

  private static String verdict(
      Expectation e, CameraScript script, ReplayedCamera camera, BusProbe probe, String failure) {
    List<CameraScript.Conversation> conns = camera.conversations;
    if (conns.isEmpty()) {
      return "!the client never connected to the camera" + (failure == null ? "" : ": " + failure);
    }
    CameraScript.Conversation c = conns.get(0);
    String methods = String.join(" ", c.methods);
    int frames = probe.streams().stream().mapToInt(s -> s.videoFrames + s.audioFrames).sum();
    return switch (e.outcome()) {
      case "pulled" -> {
        if (failure != null) {
          yield "!the pull failed: " + failure + " (requests: " + methods + ")";
        }
        if (conns.size() > 1) {
          yield "!the client connected " + conns.size() + " times";
        }
        if (!c.problems.isEmpty()) {
          yield "!" + c.problems.get(0);
        }
        if (!c.played) {
          yield "!the client never got to PLAY (requests: " + methods + ")";
        }
        String bus = Replayer.checkPublished(e, probe);
        if (bus.startsWith("!")) {
          yield bus + " (" + camera.mediaUnitsSent + " media units sent)";
        }
        if (!c.tornDown && !camera.closedAfterPlay.isDone()) {
          yield "!the client neither sent TEARDOWN nor closed the connection once stopped";
        }
        yield "pulled"
            + bus.substring("published".length())
            + ", over "
            + (script.tcp ? "tcp" : "udp")
            + " from "
            + camera.mediaUnitsSent
            + " captured media units"
            + (camera.mediaUnitsUnmapped == 0
                ? ""
                : " (" + camera.mediaUnitsUnmapped + " for tracks not set up left out)")
            + "; "
            + methods
            + (c.tornDown ? "" : ", then closed");
      }
      case "rejected" -> {
        if (failure == null) {
          yield "!expected the client to refuse the camera, but the pull went on (requests: "
              + methods
              + ")";
        }
        yield "rejected by the client: "
            + failure
            + " (requests: "
            + methods
            + ")"
            + (frames > 0 ? ", " + frames + " frames published before" : ", nothing published")
            + ", no thread left";
      }
      default -> "!outcome " + e.outcome() + " is not checked for rtsp pull";
    };
  }
}
