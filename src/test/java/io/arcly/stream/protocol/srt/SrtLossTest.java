package io.arcly.stream.protocol.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.srt.session.Stats;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.LossyUdpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SRT over a lossy path (loss, duplicates, jitter that reorders, both directions): with a latency
 * of 200 ms, the published and the read stream both stay complete.
 */
class SrtLossTest {
  private static final java.util.concurrent.Executor THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  @TempDir Path dir;
  Engine engine;
  WorkerHost host;
  SrtServer server;
  Path clip;

  @BeforeEach
  void start() throws Exception {
    Ffmpeg.require();
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    server =
        new SrtServer(SrtSettings.forTests().with(Duration.ofMillis(200), ""), Passphrases.none());
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "640x360", 4);
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

  @ParameterizedTest
  @CsvSource({"0.05,7", "0.10,11"})
  void bothDirectionsStayCompleteAcrossLossDuplicatesAndJitter(double loss, long seed)
      throws Exception {
    String stream = "lossy" + (int) (loss * 100);
    Path received = dir.resolve(stream + ".txt");
    try (LossyUdpProxy in = LossyUdpProxy.start(server.port(), loss, 0.01, 20, seed);
        LossyUdpProxy out = LossyUdpProxy.start(server.port(), loss, 0.01, 20, seed + 1)) {
      CompletableFuture<Ffmpeg.Result> read =
          background(
              "ffmpeg",
              "-v",
              "error",
              "-i",
              "srt://127.0.0.1:" + out.port() + "?streamid=read:live/" + stream + "&latency=200000",
              "-map",
              "0",
              "-c",
              "copy",
              "-f",
              "framecrc",
              received.toString());
      await().atMost(Duration.ofSeconds(20)).until(() -> engine.sessions().count() == 1);
      AtomicReference<StreamHandle> handle = new AtomicReference<>();
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
              "srt://127.0.0.1:"
                  + in.port()
                  + "?streamid=publish:live/"
                  + stream
                  + "&latency=200000");
      StreamKey key = new StreamKey("live", stream);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  engine
                      .findStream(key)
                      .map(h -> handle.getAndSet(h) == null || true)
                      .orElse(false));
      Ffmpeg.Result p = pub.get();
      assertThat(p.err()).isEmpty();
      Ffmpeg.Result r = read.get();
      assertThat(SrtFfmpegTest.readErrors(r)).isEmpty();
      assertThat(handle.get().qos().videoFrames()).isEqualTo(120);
      List<String> lines = Files.readAllLines(received);
      assertThat(lines.stream().filter(l -> l.startsWith("0,")).count()).isEqualTo(120);
      Stats t = server.totals();
      System.out.printf(
          "srt at %.0f%% loss: publisher and reader: %d packets received, %d sent, %d lost,"
              + " %d received or sent again, %d given up; the proxies dropped %d and %d%n",
          loss * 100,
          t.packetsReceived(),
          t.packetsSent(),
          t.lost(),
          t.retransmitted(),
          t.dropped(),
          in.dropped(),
          out.dropped());
      assertThat(t.lost()).isPositive();
      assertThat(t.retransmitted()).isPositive();
    }
  }
}
