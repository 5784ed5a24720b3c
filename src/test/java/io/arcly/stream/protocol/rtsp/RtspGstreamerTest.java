package io.arcly.stream.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.Gst;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GStreamer's rtspclientsink publishing to the RTSP worker: audio first, MP4A-LATM, its ending. */
class RtspGstreamerTest {
  Engine engine;
  WorkerHost host;
  RtspServer server;

  @BeforeEach
  void start() throws Exception {
    boolean present;
    try {
      present = Ffmpeg.run("gst-inspect-1.0", "rtspclientsink").exit() == 0;
    } catch (java.io.IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("GStreamer's rtspclientsink is required when CI=true");
    }
    Assumptions.assumeTrue(present, "GStreamer's rtspclientsink is not installed; skipping");
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    server = new RtspServer(RtspSettings.forTests());
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() {
    if (host != null) {
      assertThat(host.stop()).as("threads left after stop").isEmpty();
    }
  }

  /**
   * rtspclientsink publishing 6 s of 15 fps H.264 and AAC to {@code key} over {@code transport}.
   */
  private Process publish(StreamKey key, String transport) throws java.io.IOException {
    return new ProcessBuilder(
            Gst.args(
                List.of("timeout", "60", "gst-launch-1.0", "-q"),
                Gst.h264(90, 15, 15, 300, "s.sink_0"),
                Gst.aac(260, "s.sink_1"),
                List.of(
                    "rtspclientsink",
                    "name=s",
                    "protocols=" + transport,
                    "location=rtsp://127.0.0.1:" + server.port() + "/" + key)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "udp"})
  void rtspclientsinkPublishesBothTracksAndEndsCleanly(String transport) throws Exception {
    // GStreamer 1.22's rtspclientsink now and then never sends media after its RECORD was
    // answered (its debug log shows its payloaders left blocked: a race inside the element, the
    // server's answers are the same as in good runs). That start is retried once, on a new key.
    for (int attempt = 1; ; attempt++) {
      StreamKey key = new StreamKey("live", "gst-" + transport + "-" + attempt);
      List<List<TrackInfo>> seen = new CopyOnWriteArrayList<>();
      engine.subscribeEvents(
          "live", e -> engine.findStream(key).ifPresent(h -> seen.add(h.tracks())));
      Process gst = publish(key, transport);
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> engine.findStream(key).map(h -> h.tracks().size() == 2).orElse(false));
        io.arcly.stream.kernel.StreamHandle h = engine.findStream(key).orElseThrow();
        assertThat(h.tracks())
            .extracting(TrackInfo::codec)
            .containsExactly(CodecId.AAC, CodecId.H264);
        try {
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> h.qos().videoFrames() > 0 || h.isEnded());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // no media: judged below
        }
        boolean started = h.qos().videoFrames() > 0;
        if (!started && attempt == 1) {
          gst.destroy();
          await().atMost(Duration.ofSeconds(20)).until(h::isEnded);
          continue;
        }
        assertThat(started).as("rtspclientsink sent media (attempt " + attempt + ")").isTrue();
        // Every frame arrives: 6 s at 15 fps. rtspclientsink then leaves with PAUSE and TEARDOWN
        // (or, rarely, sends nothing after PAUSE: the publish then ends at its idle timeout and
        // the program at its own, exit 124).
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> h.isEnded() || h.qos().videoFrames() >= 90);
        assertThat(h.qos().videoFrames()).isEqualTo(90);
        assertThat(h.qos().audioFrames()).isBetween(255L, 260L);
        await().atMost(Duration.ofSeconds(30)).until(h::isEnded);
        assertThat(gst.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(gst.exitValue()).isIn(0, 124);
        assertThat(seen).isNotEmpty();
        return;
      } finally {
        gst.destroy();
      }
    }
  }
}
