package io.arcly.stream.protocol.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.SrtTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SRT worker against libsrt's own srt-live-transmit and ffmpeg: H.265, peers that vanish
 * without a shutdown.
 */
class SrtPeersTest {
  private static final java.util.concurrent.Executor THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  @TempDir Path dir;
  Engine engine;
  WorkerHost host;
  SrtServer server;

  @BeforeEach
  void start() throws Exception {
    Ffmpeg.require();
    SrtTools.require();
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    server = new SrtServer(SrtSettings.forTests(), Passphrases.none());
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

  private static CompletableFuture<Ffmpeg.Result> background(String... command) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Ffmpeg.run(command);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        },
        THREADS);
  }

  private String srt(String streamId) {
    return "srt://127.0.0.1:" + server.port() + "?streamid=" + streamId;
  }

  private static int freeUdpPort() throws java.io.IOException {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** ffmpeg's packet counts per stream of a TS file, as ffprobe reads them. */
  private static List<String> probe(Path ts) throws Exception {
    Ffmpeg.Result r =
        Ffmpeg.run(
            "ffprobe",
            "-v",
            "error",
            "-count_packets",
            "-show_entries",
            "stream=codec_name,nb_read_packets",
            "-of",
            "csv=p=0",
            ts.toString());
    assertThat(r.err()).isEmpty();
    return r.out().lines().filter(l -> !l.isBlank()).distinct().toList();
  }

  @Test
  void srtLiveTransmitPublishesAndFfmpegReads() throws Exception {
    Path clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 3);
    Path received = dir.resolve("read.txt");
    CompletableFuture<Ffmpeg.Result> read =
        background(
            "ffmpeg",
            "-v",
            "error",
            "-i",
            srt("read:live/slt"),
            "-map",
            "0",
            "-c",
            "copy",
            "-f",
            "framecrc",
            received.toString());
    await().until(() -> engine.sessions().count() == 1);
    int udp = freeUdpPort();
    Process slt =
        SrtTools.start(
            null, dir.resolve("slt.log"), "udp://127.0.0.1:" + udp, srt("publish:live/slt"));
    StreamKey key = new StreamKey("live", "slt");
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(key).isPresent());
    StreamHandle h = engine.findStream(key).orElseThrow();
    Ffmpeg.Result feed =
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
            "udp://127.0.0.1:" + udp + "?pkt_size=1316");
    assertThat(feed.err()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.qos().videoFrames() >= 89);
    slt.destroy(); // SIGTERM: srt-live-transmit closes its socket, libsrt says shutdown
    assertThat(slt.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.findStream(key).isEmpty());
    assertThat(h.qos().videoFrames()).isEqualTo(90);
    Ffmpeg.Result r = read.get();
    assertThat(SrtFfmpegTest.readErrors(r)).isEmpty();
    long video = Files.readAllLines(received).stream().filter(l -> l.startsWith("0,")).count();
    assertThat(video).isEqualTo(90);
  }

  @Test
  void ffmpegPublishesH265AndSrtLiveTransmitReads() throws Exception {
    Path clip = dir.resolve("hevc.ts");
    Ffmpeg.Result made =
        Ffmpeg.run(
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            "3",
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "keyint=25:log-level=error",
            "-c:a",
            "aac",
            "-f",
            "mpegts",
            clip.toString());
    assertThat(made.err()).isEmpty();
    Path out = dir.resolve("read.ts");
    Process slt = SrtTools.start(out, dir.resolve("slt.log"), srt("read:live/hevc"), "file://con");
    await().until(() -> engine.sessions().count() == 1);
    StreamKey key = new StreamKey("live", "hevc");
    java.util.concurrent.atomic.AtomicReference<StreamHandle> handle =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (var events =
        engine.subscribeEvents(
            "live",
            e -> {
              if (e.key().equals(key)) {
                engine.findStream(key).ifPresent(h -> handle.compareAndSet(null, h));
              }
            })) {
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
              srt("publish:live/hevc"));
      assertThat(pub.err()).isEmpty();
    }
    assertThat(slt.waitFor(15, TimeUnit.SECONDS)).as("reader ends with the stream").isTrue();
    // The reader gets every frame published. ffmpeg's SRT output loses its last muxed packets at
    // close (75 HEVC frames in the clip, 73 reach libsrt's own srt-live-transmit as they reach us).
    long video = handle.get().qos().videoFrames();
    long audio = handle.get().qos().audioFrames();
    assertThat(video).isBetween(73L, 75L);
    assertThat(probe(out)).containsExactly("hevc," + video, "aac," + audio);
  }

  @Test
  void aPublisherThatVanishesEndsItsReadersAndFreesTheKeyWithinTheIdleTimeout() throws Exception {
    Path clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 30);
    Path out = dir.resolve("read.ts");
    Process publisher =
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
                srt("publish:live/gone"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    StreamKey key = new StreamKey("live", "gone");
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(key).isPresent());
    StreamHandle h = engine.findStream(key).orElseThrow();
    await().until(() -> h.qos().keyframes() >= 1);
    Process reader =
        SrtTools.start(out, dir.resolve("slt.log"), srt("read:live/gone"), "file://con");
    await().until(() -> h.subscriberCount() == 1 && Files.size(out) > 0);
    publisher.destroyForcibly(); // SIGKILL: no shutdown, the server learns from the silence
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(8)).until(() -> engine.findStream(key).isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - killed))
        .isLessThan(SrtSettings.forTests().peerIdleTimeout().plusSeconds(2));
    assertThat(reader.waitFor(10, TimeUnit.SECONDS)).as("the reader ends with the stream").isTrue();
    await().until(() -> server.connections().isEmpty());
    // the key is free: a new publisher takes it
    Process again =
        new ProcessBuilder(
                "ffmpeg",
                "-v",
                "error",
                "-re",
                "-i",
                clip.toString(),
                "-t",
                "2",
                "-c",
                "copy",
                "-f",
                "mpegts",
                srt("publish:live/gone"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(key).isPresent());
    assertThat(again.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).isZero();
  }

  @Test
  void aReaderThatVanishesIsDroppedWithoutTouchingThePublisher() throws Exception {
    Path clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 8);
    CompletableFuture<Ffmpeg.Result> pub =
        background(
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
            srt("publish:live/stay"));
    StreamKey key = new StreamKey("live", "stay");
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(key).isPresent());
    StreamHandle h = engine.findStream(key).orElseThrow();
    Process reader =
        SrtTools.start(
            dir.resolve("read.ts"), dir.resolve("slt.log"), srt("read:live/stay"), "file://con");
    await().until(() -> h.subscriberCount() == 1);
    reader.destroyForcibly();
    await().atMost(Duration.ofSeconds(8)).until(() -> h.subscriberCount() == 0);
    Ffmpeg.Result p = pub.get();
    assertThat(p.err()).isEmpty();
    assertThat(h.qos().videoFrames()).isEqualTo(240);
  }
}
