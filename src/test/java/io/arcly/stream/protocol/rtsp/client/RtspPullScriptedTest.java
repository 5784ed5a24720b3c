package io.arcly.stream.protocol.rtsp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.SourceStatus;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pull client against scripted cameras: the quirks of real ones (no reason phrase, every form
 * of Content-Base and control, parameter sets in band only, timestamps that jump, frames on unknown
 * channels, no RTCP) and bad input (garbage, a 1 MiB header, an interleaved frame with a wrong
 * length, silence, a codec nobody reads), each failing with a clear error and no thread left.
 */
class RtspPullScriptedTest {
  static final StreamKey KEY = new StreamKey("live", "cam");

  Engine engine;
  WorkerHost host;
  Sources sources;
  final List<FakeCamera> cameras = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    RtspPullClient client =
        new RtspPullClient(
            RtspPullClient.Options.defaults()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    sources = new Sources(List.of(), List.of(client), Duration.ofSeconds(2));
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(sources));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    if (sources.get("cam").isPresent()) {
      sources.remove("cam");
    }
    for (FakeCamera c : cameras) {
      c.close();
    }
    assertThat(host.stop()).as("threads left after stop").isEmpty();
  }

  FakeCamera camera(FakeCamera.Script script) throws IOException {
    FakeCamera c = new FakeCamera(script);
    cameras.add(c);
    return c;
  }

  void pull(String url) {
    pull(url, SourceSpec.Transport.TCP);
  }

  void pull(String url, SourceSpec.Transport transport) {
    sources.add(
        new SourceSpec(
            "cam",
            url,
            KEY,
            transport,
            false,
            SourceSpec.DEFAULT_CLOSE_AFTER,
            SourceSpec.DEFAULT_START_TIMEOUT));
  }

  SourceStatus status() {
    return sources.get("cam").orElseThrow();
  }

  String failure() {
    await().atMost(Duration.ofSeconds(10)).until(() -> status().state().equals("backoff"));
    assertThat(engine.findStream(KEY)).isEmpty();
    return status().error();
  }

  // ---- camera quirks -------------------------------------------------------------------------

  /** The RTP packets ffmpeg sent for libx264 (parameter sets in band only), as recorded. */
  static List<byte[]> capture() throws IOException {
    byte[] all;
    try (InputStream in =
        RtspPullScriptedTest.class.getResourceAsStream(
            "/io/arcly/stream/rtp/captures/ffmpeg-h264.rtp")) {
      all = in.readAllBytes();
    }
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 2 <= all.length) {
      int n = ((all[pos] & 0xFF) << 8) | (all[pos + 1] & 0xFF);
      out.add(Arrays.copyOfRange(all, pos + 2, pos + 2 + n));
      pos += 2 + n;
    }
    return out;
  }

  /** A camera serving the capture over TCP with the Content-Base and control given. */
  static FakeCamera.Script quirky(String contentBase, String control, List<byte[]> packets) {
    return (req, out) -> {
      String base = req.uri().substring(0, req.uri().indexOf("/cam") + 4);
      switch (req.method()) {
        // no reason phrases, as some cameras answer
        case "OPTIONS" ->
            out.write(
                FakeCamera.answer(
                    req,
                    "RTSP/1.0 200",
                    "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n",
                    ""));
        case "DESCRIBE" -> {
          String sdp =
              "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n"
                  + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                  + "a=fmtp:96 packetization-mode=1\r\n"
                  + "a=control:"
                  + control.replace("BASE", base)
                  + "\r\n";
          String headers =
              "Content-Type: application/sdp\r\n"
                  + (contentBase.isEmpty()
                      ? ""
                      : "Content-Base: " + contentBase.replace("BASE", base) + "\r\n");
          out.write(FakeCamera.answer(req, "RTSP/1.0 200", headers, sdp));
        }
        case "SETUP" -> {
          // the client must ask for the track as the control names it
          String expected = control.equals("*") ? base : base + "/trackID=1";
          if (!req.uri().replaceAll("/$", "").equals(expected)) {
            out.write(FakeCamera.answer(req, "RTSP/1.0 404 Not Found", "", ""));
            return;
          }
          out.write(
              FakeCamera.answer(
                  req,
                  "RTSP/1.0 200 OK",
                  "Session: 4711;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n",
                  ""));
        }
        case "PLAY" -> {
          out.write(FakeCamera.answer(req, "RTSP/1.0 200", "Session: 4711\r\n", ""));
          out.flush();
          sendMedia(out, packets);
        }
        default -> out.write(FakeCamera.answer(req, "RTSP/1.0 200", "", ""));
      }
    };
  }

  /**
   * The capture on channel 0, its second half with timestamps jumped 100 s ahead, a frame on an
   * unknown channel before each packet and RTCP garbage on channel 1; then silence until closed.
   */
  static void sendMedia(OutputStream out, List<byte[]> packets) throws IOException {
    for (int i = 0; i < packets.size(); i++) {
      byte[] p = packets.get(i).clone();
      if (i >= packets.size() / 2) {
        long ts =
            ((p[4] & 0xFFL) << 24 | (p[5] & 0xFFL) << 16 | (p[6] & 0xFFL) << 8 | (p[7] & 0xFFL))
                + 9_000_000L;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
      }
      out.write(new byte[] {'$', 9, 0, 3, 1, 2, 3}); // a channel nobody set up
      if (i % 50 == 0) {
        out.write(new byte[] {'$', 1, 0, 2, 0x7f, 0x7f}); // rtcp that is not rtcp
      }
      out.write(new byte[] {'$', 0, (byte) (p.length >> 8), (byte) p.length});
      out.write(p);
    }
    out.flush();
  }

  @ParameterizedTest(name = "Content-Base \"{0}\", control \"{1}\"")
  @CsvSource({
    "BASE/, trackID=1",
    "BASE, trackID=1",
    "'', trackID=1",
    "BASE/, BASE/trackID=1",
    "'', BASE/trackID=1",
    "BASE/, *",
  })
  void aQuirkyCameraIsPulled(String contentBase, String control) throws Exception {
    FakeCamera cam = camera(quirky(contentBase, control, capture()));
    pull(cam.url());
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.findStream(KEY).isPresent());
    StreamHandle h = engine.findStream(KEY).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.qos().keyframes() > 0 && !h.tracks().get(0).codecString().isEmpty());
    assertThat(h.tracks()).extracting(TrackInfo::codec).containsExactly(CodecId.H264);
    assertThat(h.qos().discontinuities()).isGreaterThanOrEqualTo(1);
    try (Subscription s = h.subscribe(new ClientInfo("test", "local", "checker"))) {
      Frame f = s.next(Duration.ofSeconds(5));
      assertThat(f).isNotNull();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> status().state().equals("pulling"));
    // then the camera goes silent: no media for the configured time
    await().atMost(Duration.ofSeconds(10)).until(() -> status().state().equals("backoff"));
    assertThat(status().error()).isEqualTo("no media for 2 s");
  }

  /**
   * A camera whose datagrams overtake its PLAY answer (gst-rtsp-server sends its first ones 0.2 ms
   * after the answer, so on loopback they arrive before the client has read it): here all of them
   * go before the answer, and the keyframes among them must reach the bus.
   */
  @Test
  void udpMediaThatOvertakesThePlayAnswerIsKept() throws Exception {
    List<byte[]> packets = capture();
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int[] clientRtp = new int[1];
      FakeCamera cam =
          camera(
              (req, out) -> {
                switch (req.method()) {
                  case "DESCRIBE" ->
                      out.write(
                          FakeCamera.answer(
                              req,
                              "RTSP/1.0 200 OK",
                              "Content-Type: application/sdp\r\n",
                              "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n"
                                  + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                                  + "a=fmtp:96 packetization-mode=1\r\na=control:trackID=1\r\n"));
                  case "SETUP" -> {
                    String t = req.headers().get("Transport").orElse("");
                    Matcher m = Pattern.compile("client_port=(\\d+)-(\\d+)").matcher(t);
                    if (!m.find()) {
                      out.write(FakeCamera.answer(req, "RTSP/1.0 461 Unsupported", "", ""));
                      return;
                    }
                    clientRtp[0] = Integer.parseInt(m.group(1));
                    out.write(
                        FakeCamera.answer(
                            req,
                            "RTSP/1.0 200 OK",
                            "Session: 4711\r\nTransport: RTP/AVP;unicast;client_port="
                                + m.group(1)
                                + "-"
                                + m.group(2)
                                + ";server_port="
                                + rtp.getLocalPort()
                                + "\r\n",
                            ""));
                  }
                  case "PLAY" -> {
                    for (byte[] p : packets) {
                      rtp.send(
                          new DatagramPacket(
                              p,
                              p.length,
                              new InetSocketAddress(
                                  InetAddress.getLoopbackAddress(), clientRtp[0])));
                    }
                    out.write(FakeCamera.answer(req, "RTSP/1.0 200 OK", "Session: 4711\r\n", ""));
                  }
                  default -> out.write(FakeCamera.answer(req, "RTSP/1.0 200 OK", "", ""));
                }
              });
      pull(cam.url(), SourceSpec.Transport.UDP);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.findStream(KEY).map(h -> h.qos().keyframes() >= 2).orElse(false));
      assertThat(cam.requests())
          .as("the media of the first PLAY reached the bus, not that of a later attempt")
          .filteredOn(r -> r.method().equals("PLAY"))
          .hasSize(1);
    }
  }

  // ---- bad input -----------------------------------------------------------------------------

  @Test
  void garbageForAnAnswer() throws Exception {
    FakeCamera cam =
        camera(
            (req, out) ->
                out.write(
                    "\u0000\u0001 HTTP garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    pull(cam.url());
    assertThat(failure()).startsWith("the camera sent bad rtsp: a message starts with byte 0x00");
  }

  @Test
  void aHeaderOfOneMebibyte() throws Exception {
    byte[] huge = new byte[1 << 20];
    Arrays.fill(huge, (byte) 'a');
    FakeCamera cam =
        camera(
            (req, out) -> {
              out.write(
                  "RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Junk: ".getBytes(StandardCharsets.US_ASCII));
              out.write(huge);
            });
    pull(cam.url());
    assertThat(failure())
        .isEqualTo("the camera sent bad rtsp: start line and headers longer than 65536 bytes");
  }

  @Test
  void anInterleavedFrameWithAWrongLength() throws Exception {
    FakeCamera cam =
        camera(
            (req, out) -> {
              out.write(FakeCamera.answer(req, "RTSP/1.0 200 OK", "", ""));
              // length 2, but an RTP packet of 12 bytes follows: its third byte starts a message
              out.write(new byte[] {'$', 0, 0, 2, (byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1});
            });
    pull(cam.url());
    assertThat(failure()).startsWith("the camera sent bad rtsp: a message starts with byte 0x00");
  }

  @Test
  void aCameraThatNeverAnswers() throws Exception {
    FakeCamera cam = camera((req, out) -> {});
    pull(cam.url());
    assertThat(failure()).isEqualTo("no answer to OPTIONS within 1 s");
  }

  @Test
  void aCameraThatAsksForCredentialsTheUrlLacks() throws Exception {
    FakeCamera cam =
        camera(
            (req, out) ->
                out.write(
                    FakeCamera.answer(
                        req,
                        "RTSP/1.0 401 Unauthorized",
                        "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\"\r\n",
                        "")));
    pull(cam.url());
    assertThat(failure())
        .isEqualTo("unauthorized: the camera asks for credentials, the url has none");
  }

  @Test
  void aDigestChallengeIsAnsweredOnceThenUnauthorized() throws Exception {
    FakeCamera cam =
        camera(
            (req, out) ->
                out.write(
                    FakeCamera.answer(
                        req,
                        "RTSP/1.0 401 Unauthorized",
                        "WWW-Authenticate: Basic realm=\"cam\"\r\n"
                            + "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\","
                            + " algorithm=SHA-256, qop=\"auth\"\r\n",
                        "")));
    pull(cam.url().replace("rtsp://", "rtsp://admin:pw@"));
    assertThat(failure()).isEqualTo("unauthorized: the camera refused the credentials");
    List<RtspRequest> got = cam.requests();
    assertThat(got.get(1).headers().get("Authorization").orElseThrow())
        .startsWith("Digest username=\"admin\"")
        .contains("algorithm=SHA-256", "qop=auth", "uri=\"" + cam.url() + "\"");
  }

  @Test
  void aCameraWithNoCodecTheServerReads() throws Exception {
    FakeCamera cam =
        camera(
            (req, out) -> {
              String sdp =
                  "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n"
                      + "m=video 0 RTP/AVP 26\r\na=control:trackID=0\r\n";
              out.write(
                  FakeCamera.answer(
                      req,
                      "RTSP/1.0 200 OK",
                      "Content-Type: application/sdp\r\n",
                      req.method().equals("DESCRIBE") ? sdp : ""));
            });
    pull(cam.url());
    assertThat(failure())
        .startsWith("no media section has a codec the server reads")
        .endsWith("only JPEG");
  }
}
