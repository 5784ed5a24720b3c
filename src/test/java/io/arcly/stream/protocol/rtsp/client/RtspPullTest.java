package io.arcly.stream.protocol.rtsp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.SourceStatus;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.RtspCamera;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RTSP pull client against GStreamer's RTSP server as a camera, through the sources worker into
 * an engine: every codec set, transport and authentication, the fallback of {@code auto} to TCP, a
 * camera that dies and comes back, and a clean stop leaving no thread behind.
 */
class RtspPullTest {
  static final StreamKey KEY = new StreamKey("live", "cam");

  Engine engine;
  WorkerHost host;
  Sources sources;
  final List<RtspCamera> cameras = new ArrayList<>();

  void start(RtspPullClient.Options options, InboundProtocol... more) throws Exception {
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    sources = new Sources(List.of(), List.of(new RtspPullClient(options)), Duration.ofSeconds(2));
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    List<InboundProtocol> workers = new ArrayList<>(List.of(more));
    workers.add(sources);
    host.start(workers);
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
  }

  static RtspPullClient.Options fast() {
    return RtspPullClient.Options.defaults()
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3));
  }

  RtspCamera camera(RtspCamera.Options o) throws Exception {
    RtspCamera c = RtspCamera.start(o);
    cameras.add(c);
    return c;
  }

  @AfterEach
  void stop() {
    cameras.forEach(RtspCamera::close);
    if (host != null) {
      assertThat(host.stop()).as("threads left after stop").isEmpty();
    }
  }

  static SourceSpec source(String url, SourceSpec.Transport transport) {
    return new SourceSpec(
        "cam",
        url,
        KEY,
        transport,
        false,
        SourceSpec.DEFAULT_CLOSE_AFTER,
        SourceSpec.DEFAULT_START_TIMEOUT);
  }

  SourceStatus status() {
    return sources.get("cam").orElseThrow();
  }

  @ParameterizedTest(name = "{0} over {1}, auth {2}, in-band only {3}")
  @CsvSource({
    "H264_AAC, TCP, NONE, false",
    "H264_AAC, UDP, NONE, false",
    "H264_AAC, AUTO, NONE, false",
    "H265_PCMA, TCP, NONE, false",
    "H265_PCMA, UDP, NONE, false",
    "H264_AAC, TCP, NONE, true",
    "H264_AAC, UDP, NONE, true",
    "H264_AAC, TCP, BASIC, false",
    "H264_AAC, UDP, DIGEST, false",
  })
  void aCameraIsPulledWithItsTracksAndFramesFlow(
      RtspCamera.Codecs codecs,
      SourceSpec.Transport transport,
      RtspCamera.Auth auth,
      boolean inBand)
      throws Exception {
    start(fast());
    RtspCamera.Options o = RtspCamera.Options.camera().codecs(codecs).auth(auth, "admin", "s3cret");
    RtspCamera cam = camera(inBand ? o.inBandParameterSetsOnly() : o);
    sources.add(source(cam.urlWithCredentials(), transport));

    await().atMost(Duration.ofSeconds(20)).until(() -> status().state().equals("pulling"));
    StreamHandle h = engine.findStream(KEY).orElseThrow();
    assertThat(h.publisher().protocol()).isEqualTo("rtsp-pull");
    assertThat(h.publisher().clientName()).isEqualTo("source cam");
    CodecId video = codecs == RtspCamera.Codecs.H265_PCMA ? CodecId.H265 : CodecId.H264;
    CodecId audio = codecs == RtspCamera.Codecs.H265_PCMA ? CodecId.PCMA : CodecId.AAC;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.tracks().size() == 2 && !h.tracks().get(0).codecString().isEmpty());
    assertThat(h.tracks()).extracting(TrackInfo::codec).containsExactly(video, audio);
    assertThat(h.tracks().get(0).width()).isEqualTo(320);

    checkFrames(h);
    assertThat(sources.remove("cam")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(KEY).isEmpty());
  }

  /** Two keyframes of video and audio with decoding timestamps that never go back, per track. */
  static void checkFrames(StreamHandle h) throws InterruptedException {
    try (Subscription s = h.subscribe(new ClientInfo("test", "local", "checker"))) {
      Map<Integer, Long> lastDts = new HashMap<>();
      int keyframes = 0;
      int audio = 0;
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while ((keyframes < 2 || audio < 20) && System.nanoTime() < until) {
        Frame f = s.next(Duration.ofSeconds(1));
        if (f == null || f.isConfig()) {
          continue;
        }
        Long before = lastDts.put(f.track(), f.dts());
        if (before != null) {
          assertThat(f.dts()).as("dts of track %d", f.track()).isGreaterThanOrEqualTo(before);
        }
        if (f.track() == 0 && f.isKeyframe()) {
          keyframes++;
        }
        if (f.track() == 1) {
          audio++;
        }
      }
      assertThat(keyframes).as("video keyframes").isGreaterThanOrEqualTo(2);
      assertThat(audio).as("audio frames").isGreaterThanOrEqualTo(20);
    }
  }

  @Test
  void autoFallsBackToTcpWhenTheCameraOffersNoUdp() throws Exception {
    start(fast());
    RtspCamera cam = camera(RtspCamera.Options.camera().transports(true, false));
    sources.add(source(cam.url(), SourceSpec.Transport.AUTO));
    await().atMost(Duration.ofSeconds(20)).until(() -> status().state().equals("pulling"));
    checkFrames(engine.findStream(KEY).orElseThrow());
  }

  @Test
  void aCameraThatDiesSendsTheSourceToBackoffAndItComesBack() throws Exception {
    start(fast());
    RtspCamera cam = camera(RtspCamera.Options.camera().codecs(RtspCamera.Codecs.H264));
    int port = cam.port();
    sources.add(source(cam.url(), SourceSpec.Transport.TCP));
    await().atMost(Duration.ofSeconds(20)).until(() -> status().state().equals("pulling"));

    cam.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> status().state().equals("backoff"));
    assertThat(status().error())
        .matches(
            "the camera closed the connection|connection to the camera lost: .*|"
                + "cannot connect to 127.0.0.1:\\d+: .*");
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(KEY).isEmpty());

    camera(RtspCamera.Options.camera().codecs(RtspCamera.Codecs.H264).port(port));
    await().atMost(Duration.ofSeconds(30)).until(() -> status().state().equals("pulling"));
    assertThat(status().error()).isNull();
    assertThat(engine.findStream(KEY)).isPresent();
  }

  @Test
  void anOnDemandSourceStartsForAnRtspPlayerAndStopsAfterIt() throws Exception {
    Ffmpeg.require();
    RtspServer server =
        new RtspServer(RtspSettings.forTests().withPlayWait(Duration.ofSeconds(20)));
    start(fast(), server);
    RtspCamera cam = camera(RtspCamera.Options.camera());
    sources.add(
        new SourceSpec(
            "cam",
            cam.url(),
            KEY,
            SourceSpec.Transport.AUTO,
            true,
            Duration.ofSeconds(1),
            Duration.ofSeconds(15)));
    assertThat(status().state()).isEqualTo("idle");

    Ffmpeg.Result r =
        Ffmpeg.run(
            "ffmpeg",
            "-v",
            "error",
            "-rtsp_transport",
            "tcp",
            "-i",
            "rtsp://127.0.0.1:" + server.port() + "/live/cam",
            "-map",
            "0",
            "-frames:v",
            "30",
            "-f",
            "null",
            "-");
    // ffmpeg reading the camera directly warns of the same repeated dts once, at its start
    assertThat(r.err().lines().filter(l -> !l.contains("non monotonically increasing dts")))
        .isEmpty();
    assertThat(r.exit()).isZero();

    await().atMost(Duration.ofSeconds(10)).until(() -> status().state().equals("idle"));
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.findStream(KEY).isEmpty());
  }

  @Test
  void aWrongPasswordIsUnauthorized() throws Exception {
    start(fast());
    RtspCamera cam =
        camera(RtspCamera.Options.camera().auth(RtspCamera.Auth.DIGEST, "admin", "s3cret"));
    sources.add(
        source(cam.url().replace("rtsp://", "rtsp://admin:wrong@"), SourceSpec.Transport.TCP));
    await().atMost(Duration.ofSeconds(20)).until(() -> status().state().equals("backoff"));
    assertThat(status().error()).startsWith("unauthorized");
    assertThat(engine.findStream(KEY)).isEmpty();
  }
}
