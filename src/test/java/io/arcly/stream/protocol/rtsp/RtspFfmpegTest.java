package io.arcly.stream.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.testing.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RTSP worker against ffmpeg: publish and play over TCP and UDP, exact frame counts. */
class RtspFfmpegTest {
  /** Each ffmpeg waits on its own thread (the common pool may have just one). */
  private static final java.util.concurrent.Executor THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  @TempDir Path dir;
  Engine engine;
  WorkerHost host;
  RtspServer server;
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
        new RtspServer(
            RtspSettings.forTests()
                .withPlayWait(Duration.ofSeconds(20))
                .withMulticast(MulticastRange.parse("239.255.42.0/24"), freeUdpPort()));
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    clip = dir.resolve("clip.flv");
    Ffmpeg.testClip(clip, "320x240", 3);
  }

  /** An even UDP port free now, for the multicast groups (receivers bind it). */
  private static int freeUdpPort() throws java.io.IOException {
    while (true) {
      try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
        if (s.getLocalPort() % 2 == 0 && s.getLocalPort() < 65534) {
          return s.getLocalPort();
        }
      }
    }
  }

  @AfterEach
  void stop() {
    if (host != null) {
      assertThat(host.stop()).as("threads left after stop").isEmpty();
    }
  }

  /** Runs a program on a thread of its own; the future completes when it exits. */
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

  private String url(String stream) {
    return "rtsp://127.0.0.1:" + server.port() + "/live/" + stream;
  }

  private CompletableFuture<Ffmpeg.Result> publish(String stream, String transport) {
    return background(
        "ffmpeg",
        "-v",
        "error",
        "-re",
        "-i",
        clip.toString(),
        "-c",
        "copy",
        "-f",
        "rtsp",
        "-rtsp_transport",
        transport,
        url(stream));
  }

  /** ffmpeg playing {@code stream} over {@code transport}, one framecrc line per packet. */
  private CompletableFuture<Ffmpeg.Result> play(String stream, String transport, Path received) {
    return background(
        "ffmpeg",
        "-v",
        "error",
        "-rtsp_transport",
        transport,
        "-i",
        url(stream),
        "-map",
        "0",
        "-c",
        "copy",
        "-f",
        "framecrc",
        received.toString());
  }

  @ParameterizedTest
  @CsvSource({"tcp", "udp"})
  void ffmpegPublishesAndTheStreamHasItsTracks(String transport) throws Exception {
    CompletableFuture<Ffmpeg.Result> pub = publish("cam-" + transport, transport);
    StreamKey key = new StreamKey("live", "cam-" + transport);
    await().atMost(Duration.ofSeconds(20)).until(() -> engine.findStream(key).isPresent());
    StreamHandle h = engine.findStream(key).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.tracks().stream().allMatch(t -> !t.codecString().isEmpty())
                    && h.tracks().size() == 2);
    assertThat(h.tracks()).extracting(TrackInfo::codec).containsExactly(CodecId.H264, CodecId.AAC);
    Ffmpeg.Result r = pub.get();
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(h.qos().videoFrames()).isEqualTo(90);
    await().until(() -> engine.findStream(key).isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"tcp,tcp", "tcp,udp", "udp,tcp"})
  void aPlayerWaitingBeforeThePublisherGetsEveryFrame(String in, String out) throws Exception {
    String stream = "play-" + in + "-" + out;
    Path received = dir.resolve(stream + ".txt");
    CompletableFuture<Ffmpeg.Result> play = play(stream, out, received);
    await().until(() -> engine.sessions().count() == 1);
    Ffmpeg.Result p = publish(stream, in).get();
    assertThat(p.err()).isEmpty();
    Ffmpeg.Result r = play.get();
    assertThat(r.err()).isEmpty();
    List<String> lines = Files.readAllLines(received);
    long video = lines.stream().filter(l -> l.startsWith("0,")).count();
    long audio = lines.stream().filter(l -> l.startsWith("1,")).count();
    assertThat(video).isEqualTo(90);
    assertThat(audio).isBetween(125L, 131L);
  }

  @Test
  void multicastPlayersShareOneSenderAndEachGetsTheStream() throws Exception {
    String stream = "multicast";
    List<Path> received = List.of(dir.resolve("m1.txt"), dir.resolve("m2.txt"));
    List<CompletableFuture<Ffmpeg.Result>> players = new java.util.ArrayList<>();
    for (Path out : received) {
      players.add(play(stream, "udp_multicast", out));
    }
    await().until(() -> engine.sessions().count() == 2);
    CompletableFuture<Ffmpeg.Result> pub = publish(stream, "tcp");
    StreamKey key = new StreamKey("live", stream);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.multicastGroups() == 1);
    // Two players, one group: the stream is read by the players' sessions and one group writer.
    assertThat(engine.findStream(key).orElseThrow().subscriberCount()).isEqualTo(3);
    assertThat(pub.get().err()).isEmpty();
    for (int i = 0; i < players.size(); i++) {
      Ffmpeg.Result r = players.get(i).get();
      assertThat(r.err()).as("player " + i).isEmpty();
      List<String> lines = Files.readAllLines(received.get(i));
      long video = lines.stream().filter(l -> l.startsWith("0,")).count();
      long audio = lines.stream().filter(l -> l.startsWith("1,")).count();
      // The first to PLAY starts the group at the GOP; the other may join a moment later.
      assertThat(video).as("player " + i + " video").isBetween(60L, 90L);
      assertThat(audio).as("player " + i + " audio").isBetween(80L, 131L);
    }
    await().until(() -> server.multicastGroups() == 0);
  }

  @Test
  void digestAndBasicCredentialsReachTheAuthenticatorWithoutThePasswordInTheClear()
      throws Exception {
    java.util.List<io.arcly.stream.kernel.spi.Credentials> seen =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    io.arcly.stream.kernel.spi.StreamAuthenticator users =
        new io.arcly.stream.kernel.spi.StreamAuthenticator() {
          @Override
          public io.arcly.stream.kernel.spi.AuthDecision authorizePublish(
              StreamKey key,
              io.arcly.stream.kernel.spi.Credentials c,
              io.arcly.stream.media.ClientInfo client) {
            seen.add(c);
            return c.user().equals("cam") && c.proves("s3cret")
                ? io.arcly.stream.kernel.spi.AuthDecision.ALLOW
                : io.arcly.stream.kernel.spi.AuthDecision.deny("who are you");
          }

          @Override
          public io.arcly.stream.kernel.spi.AuthDecision authorizePlay(
              StreamKey key,
              io.arcly.stream.kernel.spi.Credentials c,
              io.arcly.stream.media.ClientInfo client) {
            return authorizePublish(key, c, client);
          }
        };
    host.stop();
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .authenticator(users)
            .build();
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    server = new RtspServer(RtspSettings.forTests());
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    String base = "127.0.0.1:" + server.port() + "/live/secure";

    Ffmpeg.Result none =
        Ffmpeg.run(
            "ffmpeg",
            "-v",
            "error",
            "-i",
            clip.toString(),
            "-t",
            "1",
            "-c",
            "copy",
            "-f",
            "rtsp",
            "rtsp://" + base);
    assertThat(none.exit()).isNotZero();
    assertThat(none.err()).contains("401");

    Ffmpeg.Result wrong =
        Ffmpeg.run(
            "ffmpeg",
            "-v",
            "error",
            "-i",
            clip.toString(),
            "-t",
            "1",
            "-c",
            "copy",
            "-f",
            "rtsp",
            "rtsp://cam:nope@" + base);
    assertThat(wrong.exit()).isNotZero();

    Ffmpeg.Result right =
        Ffmpeg.run(
            "ffmpeg",
            "-v",
            "error",
            "-i",
            clip.toString(),
            "-t",
            "1",
            "-c",
            "copy",
            "-f",
            "rtsp",
            "rtsp://cam:s3cret@" + base);
    assertThat(right.err()).isEmpty();
    assertThat(right.exit()).isZero();
    // ffmpeg answered the Digest challenge: the password never travelled in the clear.
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).user()).isEqualTo("cam");
    assertThat(seen.get(seen.size() - 1).password()).isEmpty();
  }

  @Test
  void aLossyUdpPathLosesFramesNotTheStreamAndTheLossIsCounted() throws Exception {
    StreamKey key = new StreamKey("live", "lossy");
    try (io.arcly.stream.testing.LossyRtspProxy proxy =
        io.arcly.stream.testing.LossyRtspProxy.start(url("lossy"), 0.02, 0.02, 7)) {
      Path played = dir.resolve("lossy.txt");
      CompletableFuture<Ffmpeg.Result> play =
          background(
              "ffmpeg",
              "-v",
              "error",
              "-rtsp_transport",
              "tcp",
              "-i",
              url("lossy"),
              "-map",
              "0:v",
              "-f",
              "framecrc",
              played.toString());
      await().until(() -> engine.sessions().count() == 1);
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
              "rtsp",
              "-rtsp_transport",
              "udp",
              proxy.url());
      await().atMost(Duration.ofSeconds(20)).until(() -> engine.findStream(key).isPresent());
      StreamHandle h = engine.findStream(key).orElseThrow();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> h.reception().stream().mapToLong(r -> r.lost()).sum() > 0);
      assertThat(pub.get().exit()).isZero();
      assertThat(proxy.dropped()).isPositive();
      Ffmpeg.Result r = play.get();
      assertThat(r.exit()).isZero();
      long decoded = Files.readAllLines(played).stream().filter(l -> l.startsWith("0,")).count();
      // Frames with a lost packet are dropped whole and counted; the player decodes from the
      // first keyframe that came through on, concealing what the losses broke.
      long published = h.qos().videoFrames();
      assertThat(published).isBetween(45L, 89L);
      assertThat(decoded).isBetween(15L, published);
      assertThat(h.reception().get(0).droppedUnits()).isPositive();
    }
  }
}
