package io.arcly.stream.protocol.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.SourceStatus;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.SrtTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This server as the SRT caller, against srt-live-transmit as the listener: pulling an {@code
 * srt://} source, pushing a live stream to an {@code srt://} destination.
 */
class SrtCallerTest {
  @TempDir Path dir;
  Engine engine;
  WorkerHost host;
  SrtServer server;
  Sources sources;
  final List<Process> programs = new ArrayList<>();

  void start(SrtSettings settings) throws Exception {
    Ffmpeg.require();
    SrtTools.require();
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    server = new SrtServer(settings, Passphrases.none());
    sources = new Sources(List.of(), List.of(new SrtPullClient(settings)), Duration.ofSeconds(2));
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(server, sources));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() {
    programs.forEach(Process::destroyForcibly);
    if (host != null) {
      assertThat(host.stop()).as("threads left after stop").isEmpty();
    }
  }

  private static int freeUdpPort() throws java.io.IOException {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void pullsAnSrtSourceAndPublishesIt() throws Exception {
    start(SrtSettings.forTests());
    Path clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 20);
    int udp = freeUdpPort();
    int listen = freeUdpPort();
    programs.add(
        SrtTools.start(
            null,
            dir.resolve("slt.log"),
            "udp://127.0.0.1:" + udp,
            "srt://:" + listen + "?mode=listener"));
    Process feed =
        new ProcessBuilder(
                "ffmpeg",
                "-v",
                "error",
                "-re",
                "-i",
                clip.toString(),
                "-c",
                "copy",
                "-f",
                "mpegts",
                "udp://127.0.0.1:" + udp + "?pkt_size=1316")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    programs.add(feed);
    StreamKey key = new StreamKey("live", "pulled");
    sources.add(
        new SourceSpec(
            "srtcam",
            "srt://127.0.0.1:" + listen + "?latency=200",
            key,
            SourceSpec.Transport.AUTO,
            false,
            SourceSpec.DEFAULT_CLOSE_AFTER,
            SourceSpec.DEFAULT_START_TIMEOUT));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> sources.get("srtcam").map(SourceStatus::state).orElse("").equals("pulling"));
    StreamHandle h = engine.findStream(key).orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.tracks().size() == 2);
    assertThat(h.tracks()).extracting(TrackInfo::codec).containsExactly(CodecId.H264, CodecId.AAC);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.qos().keyframes() >= 2);
    assertThat(sources.remove("srtcam")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.findStream(key).isEmpty());
  }

  @Test
  void pushesALiveStreamToAnSrtDestination() throws Exception {
    int listen = freeUdpPort();
    start(
        SrtSettings.forTests()
            .withPush(
                Map.of(
                    "live",
                    List.of(
                        SrtUrl.parse("srt://127.0.0.1:" + listen + "?streamid={app}/{stream}")))));
    Path out = dir.resolve("pushed.ts");
    Process listener =
        SrtTools.start(
            out, dir.resolve("slt.log"), "srt://:" + listen + "?mode=listener", "file://con");
    programs.add(listener);
    Path clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 3);
    StreamKey key = new StreamKey("live", "out");
    java.util.concurrent.atomic.AtomicReference<StreamHandle> handle =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (var events =
        engine.subscribeEvents(
            "live", e -> engine.findStream(key).ifPresent(h -> handle.compareAndSet(null, h)))) {
      Ffmpeg.Result pub =
          Ffmpeg.run(
              "ffmpeg",
              "-v",
              "error",
              "-re",
              "-i",
              clip.toString(),
              "-c",
              "copy",
              "-f",
              "mpegts",
              "srt://127.0.0.1:" + server.port() + "?streamid=publish:live/out");
      assertThat(pub.err()).isEmpty();
    }
    assertThat(listener.waitFor(10, TimeUnit.SECONDS)).as("the push ends with the stream").isTrue();
    Ffmpeg.Result probe =
        Ffmpeg.run(
            "ffprobe",
            "-v",
            "error",
            "-count_packets",
            "-show_entries",
            "stream=codec_name,nb_read_packets",
            "-of",
            "csv=p=0",
            out.toString());
    assertThat(probe.out().lines().filter(l -> !l.isBlank()).distinct().toList())
        .containsExactly(
            "h264," + handle.get().qos().videoFrames(), "aac," + handle.get().qos().audioFrames());
  }
}
