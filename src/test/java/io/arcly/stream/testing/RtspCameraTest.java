package io.arcly.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.testing.RtspCamera.Auth;
import io.arcly.stream.testing.RtspCamera.Codecs;
import io.arcly.stream.testing.RtspCamera.Options;
import io.arcly.stream.testing.RtspCamera.Recorded;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test camera and record server against ffprobe and ffmpeg over TCP and UDP. */
class RtspCameraTest {
  @BeforeAll
  static void peers() {
    Ffmpeg.require();
    RtspCamera.require();
  }

  /** Stream lines of ffprobe ({@code codec_name=...}) over {@code transport}. */
  static String probe(String url, String transport) throws IOException {
    Ffmpeg.Result r =
        Ffmpeg.run(
            "ffprobe",
            "-v",
            "error",
            "-rw_timeout",
            "15000000",
            "-rtsp_transport",
            transport,
            "-show_entries",
            "stream=codec_name,width,height,sample_rate",
            "-of",
            "compact=p=0",
            url);
    assertThat(r.exit()).as("ffprobe %s over %s: %s", url, transport, r.err()).isZero();
    return r.out();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({
    "H264_AAC, tcp, h264, aac",
    "H264_AAC, udp, h264, aac",
    "H265_PCMA, tcp, hevc, pcm_alaw",
    "H265_PCMA, udp, hevc, pcm_alaw",
    "H264, tcp, h264, ",
    "H264, udp, h264, "
  })
  void ffprobeSeesTheCodecs(Codecs codecs, String transport, String video, String audio)
      throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera().codecs(codecs))) {
      String out = probe(cam.url(), transport);
      assertThat(out).contains("codec_name=" + video + "|width=320|height=240");
      if (audio == null) {
        assertThat(out.strip().lines()).hasSize(1);
      } else {
        assertThat(out).contains("codec_name=" + audio);
      }
    }
  }

  @Test
  void digestAuthenticationRefusesStrangersAndLetsTheUserIn() throws Exception {
    Options o = Options.camera().path("/stream1").auth(Auth.DIGEST, "viewer", "s3cret");
    try (RtspCamera cam = RtspCamera.start(o)) {
      String answer = describe(cam.url());
      assertThat(answer).startsWith("RTSP/1.0 401").contains("WWW-Authenticate: Digest");
      assertThat(probe(cam.urlWithCredentials(), "tcp")).contains("codec_name=h264");
    }
  }

  @Test
  void basicAuthentication() throws Exception {
    Options o = Options.camera().auth(Auth.BASIC, "viewer", "s3cret");
    try (RtspCamera cam = RtspCamera.start(o)) {
      assertThat(describe(cam.url()))
          .startsWith("RTSP/1.0 401")
          .contains("WWW-Authenticate: Basic");
      assertThat(probe(cam.urlWithCredentials(), "udp")).contains("codec_name=aac");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"H264_AAC, h264", "H265_PCMA, hevc"})
  void parameterSetsOnlyInBand(Codecs codecs, String video) throws Exception {
    try (RtspCamera cam =
        RtspCamera.start(Options.camera().codecs(codecs).inBandParameterSetsOnly())) {
      String sdp = describe(cam.url());
      assertThat(sdp).startsWith("RTSP/1.0 200").contains("m=video").doesNotContain("sprop-");
      assertThat(probe(cam.url(), "tcp")).contains("codec_name=" + video + "|width=320");
    }
  }

  @Test
  void withSpropTheSdpNamesTheParameterSets() throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera())) {
      assertThat(describe(cam.url())).contains("sprop-parameter-sets=");
    }
  }

  @Test
  void onlyTheOfferedTransport() throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera().transports(true, false))) {
      assertThat(probe(cam.url(), "tcp")).contains("codec_name=h264");
      Ffmpeg.Result udp = Ffmpeg.run("ffprobe", "-v", "error", "-rtsp_transport", "udp", cam.url());
      assertThat(udp.exit()).isNotZero();
      assertThat(udp.err()).contains("461");
    }
  }

  @ParameterizedTest(name = "ffmpeg publishes over {0}")
  @CsvSource({"tcp", "udp"})
  void recordModeTakesAnFfmpegPublish(String transport) throws Exception {
    RtspCamera server = RtspCamera.start(Options.record("/live/pub", 2));
    List<Recorded> got;
    try {
      Ffmpeg.Result r =
          Ffmpeg.run(
              "ffmpeg",
              "-v",
              "error",
              "-re",
              "-f",
              "lavfi",
              "-i",
              "testsrc2=size=320x240:rate=15",
              "-f",
              "lavfi",
              "-i",
              "sine=frequency=440:sample_rate=44100",
              "-t",
              "2",
              "-c:v",
              "libx264",
              "-preset",
              "ultrafast",
              "-g",
              "15",
              "-c:a",
              "aac",
              "-f",
              "rtsp",
              "-rtsp_transport",
              transport,
              server.url());
      assertThat(r.exit()).as(r.err()).isZero();
    } finally {
      got = server.stopAndReport();
    }
    assertThat(got).extracting(Recorded::caps).containsExactly("video/H264", "audio/MPEG4-GENERIC");
    assertThat(got.get(0).packets()).as("video packets").isGreaterThan(30);
    assertThat(got.get(1).packets()).as("audio packets").isGreaterThan(5);
  }

  @Test
  void stopsWhenItsStdinCloses() throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera().codecs(Codecs.H264))) {
      assertThat(cam.isAlive()).isTrue();
      cam.closeStdin();
      await().atMost(Duration.ofSeconds(10)).until(() -> !cam.isAlive());
      assertThat(cam.log()).contains("stdin closed");
    }
  }

  @Test
  void aGivenPort() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (RtspCamera cam = RtspCamera.start(Options.camera().port(port))) {
      assertThat(cam.port()).isEqualTo(port);
      assertThat(cam.url()).isEqualTo("rtsp://127.0.0.1:" + port + "/cam");
    }
  }

  /** The answer to a plain DESCRIBE (status line, headers and body). */
  static String describe(String url) throws IOException {
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      String request =
          "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }
}
