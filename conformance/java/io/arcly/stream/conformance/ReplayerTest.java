package io.arcly.stream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.protocol.rtmp.wire.Handshake;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayerTest {
  @Test
  void theReplayedC2EchoesThisServersS1NotTheCapturedOne() throws Exception {
    Random r = new Random(5);
    byte[] client = new byte[1 + 2 * Handshake.SIZE + 100]; // C0, C1, C2 (captured echo), chunks
    r.nextBytes(client);
    byte[] server = new byte[1 + 2 * Handshake.SIZE]; // S0, S1, S2 of this server
    r.nextBytes(server);
    RtmpAnswers answers = new RtmpAnswers();
    answers.feed(server, 0, server.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The client's stream in the capture's chunks: C0+C1 and part of C2, then the rest.
    long at = Replayer.send(out, Arrays.copyOfRange(client, 0, 2000), 0, answers);
    at = Replayer.send(out, Arrays.copyOfRange(client, 2000, client.length), at, answers);
    byte[] sent = out.toByteArray();
    assertThat(at).isEqualTo(client.length);
    assertThat(Arrays.copyOfRange(sent, 0, 1 + Handshake.SIZE))
        .as("C0 and C1 as captured")
        .isEqualTo(Arrays.copyOfRange(client, 0, 1 + Handshake.SIZE));
    assertThat(Arrays.copyOfRange(sent, 1 + Handshake.SIZE, 1 + 2 * Handshake.SIZE))
        .as("C2 echoes this server's S1")
        .isEqualTo(Arrays.copyOfRange(server, 1, 1 + Handshake.SIZE));
    assertThat(Arrays.copyOfRange(sent, 1 + 2 * Handshake.SIZE, sent.length))
        .as("the chunks after the handshake as captured")
        .isEqualTo(Arrays.copyOfRange(client, 1 + 2 * Handshake.SIZE, client.length));
  }

  private static io.arcly.stream.conformance.pcap.Chunk chunk(long t, String text) {
    return new io.arcly.stream.conformance.pcap.Chunk(
        io.arcly.stream.conformance.pcap.Direction.CLIENT_TO_SERVER,
        t,
        text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void anRtspClientStreamSplitsIntoMessagesFramesAndARawRest() {
    String announce =
        "ANNOUNCE rtsp://h/live/a RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 4\r\n\r\nv=0\n";
    String frame = "$\u0001\u0000\u0003abc";
    var units =
        RtspUnits.split(
            java.util.List.of(
                chunk(10, "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n" + announce.substring(0, 20)),
                chunk(20, announce.substring(20) + frame + "\u0080junk")));
    assertThat(units)
        .extracting(RtspUnits.Unit::kind)
        .containsExactly(
            RtspUnits.Kind.MESSAGE,
            RtspUnits.Kind.MESSAGE,
            RtspUnits.Kind.FRAME,
            RtspUnits.Kind.RAW);
    assertThat(units.get(1).method()).isEqualTo("ANNOUNCE");
    assertThat(units.get(1).cseq()).isEqualTo(2);
    assertThat(units.get(1).timestampMicros()).as("time of the chunk it starts in").isEqualTo(10);
    assertThat(new String(units.get(1).body(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("v=0\n");
    assertThat(units.get(2).channel()).isEqualTo(1);
    assertThat(units.get(2).bytes()).hasSize(7);
    assertThat(units.get(3).bytes()).hasSize(5);
  }

  @Test
  void aReplayedRtspRequestNamesThisServerTheStreamOurSessionAndLocalPorts() {
    var a =
        new RtspSession.Adaptation(
            "/cam", "live/cam", 5554, "S6X915evJIDu6ehe", "ABCDEF", p -> p + 1000);
    String setup =
        "SETUP rtsp://127.0.0.1:18554/cam/stream=1 RTSP/1.0\r\n"
            + "CSeq: 4\r\n"
            + "Transport: RTP/AVP;unicast;client_port=40002-40003\r\n"
            + "Session: S6X915evJIDu6ehe\r\n\r\n";
    assertThat(a.rewrite(setup))
        .isEqualTo(
            "SETUP rtsp://127.0.0.1:5554/live/cam/stream=1 RTSP/1.0\r\n"
                + "CSeq: 4\r\n"
                + "Transport: RTP/AVP;unicast;client_port=41002-41003\r\n"
                + "Session: ABCDEF\r\n\r\n");
    assertThat(a.url("rtsp://u:p@10.0.0.1/cam/")).isEqualTo("rtsp://u:p@127.0.0.1:5554/live/cam/");
    assertThat(a.url("rtsp://10.0.0.1/camera")).as("another path").endsWith(":5554/camera");
    assertThat(a.url("*")).isEqualTo("*");
    String other = "PLAY rtsp://h/cam RTSP/1.0\r\nSession: other\r\n\r\n";
    assertThat(a.rewrite(other))
        .as("a session id the capture never gave")
        .contains("Session: other");
  }

  @Test
  void rtspMutationsChangeWhatTheirNamesSay() {
    String client =
        "OPTIONS rtsp://h/live/a RTSP/1.0\r\nCSeq: 1\r\n\r\n"
            + "ANNOUNCE rtsp://h/live/a RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 4\r\n\r\nv=0\n"
            + "SETUP rtsp://h/live/a/streamid=0 RTSP/1.0\r\nCSeq: 3\r\n\r\n"
            + "$\u0000\u0000\u0002\u0080\u0060";
    var chunks = java.util.List.of(chunk(1, client));
    String truncated =
        new String(
            RtspMutations.mutate("rtsp-truncated-request", chunks),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(truncated)
        .contains("ANNOUNCE rtsp://h/live/a RTSP/1.0\r\nCSeq: 2\r\nSETUP ")
        .doesNotContain("v=0");
    byte[] huge = RtspMutations.mutate("rtsp-huge-header", chunks);
    assertThat(huge.length).isGreaterThan(RtspMutations.HUGE);
    byte[] bad = RtspMutations.mutate("rtsp-bad-interleaved-length", chunks);
    assertThat(Arrays.copyOfRange(bad, bad.length - 6, bad.length))
        .as("the frame says 0 bytes, its 2 bytes follow")
        .containsExactly('$', 0, 0, 0, 0x80, 0x60);
  }

  private static Replayer.Result replay(String trace, String expectation) throws Exception {
    try (var r = jakarta.json.Json.createReader(new java.io.StringReader(expectation))) {
      return Replayer.replay(
          java.nio.file.Path.of("conformance", "traces", trace),
          Expectation.of(r.readObject(), trace));
    }
  }

  @Test
  void anRtspReplayFailsWhenTheServerDoesOtherThanExpected() throws Exception {
    String trace = "rtsp-ffmpeg-publish-tcp.pcap";
    Replayer.Result codec =
        replay(
            trace,
            """
            { "protocol": "rtsp", "role": "publish", "serverPort": 18554, "stream": "live/ffmpeg",
              "expect": { "outcome": "published", "tracks": {"video": "h265"} } }
            """);
    assertThat(codec.passed()).isFalse();
    assertThat(codec.summary()).isEqualTo("video codec h264, expected h265");
    Replayer.Result keys =
        replay(
            trace,
            """
            { "protocol": "rtsp", "role": "publish", "serverPort": 18554, "stream": "live/ffmpeg",
              "expect": { "outcome": "published", "maxKeyframes": 2 } }
            """);
    assertThat(keys.summary()).isEqualTo("3 keyframes > 2");
    Replayer.Result rejected =
        replay(
            trace,
            """
            { "protocol": "rtsp", "role": "publish", "serverPort": 18554, "stream": "live/ffmpeg",
              "expect": { "outcome": "rejected", "status": 400 } }
            """);
    assertThat(rejected.passed()).isFalse();
    assertThat(rejected.summary()).startsWith("expected an answer 400, got [200, 200, 200");
    Replayer.Result pull =
        replay(
            trace,
            """
            { "protocol": "rtsp", "role": "pull", "serverPort": 18554, "stream": "live/ffmpeg",
              "expect": { "outcome": "pulled" } }
            """);
    assertThat(pull.passed()).isFalse();
    assertThat(pull.summary())
        .as("a publisher's capture has no camera half")
        .isEqualTo("the capture holds no answer to a DESCRIBE: it is not a camera's half");
  }

  @Test
  void anRtspPullReplayPutsTheCamerasMediaOnTheBusAndFailsOnOtherCodecs() throws Exception {
    Replayer.Result wrong =
        replay(
            "rtsp-camera-pull-tcp-h264-aac.json",
            """
            { "protocol": "rtsp", "role": "pull", "serverPort": 18554, "stream": "live/cam",
              "trace": "rtsp-ffmpeg-play-tcp-h264-aac.pcap",
              "expect": { "outcome": "pulled", "tracks": {"video": "h265"} } }
            """);
    assertThat(wrong.passed()).isFalse();
    assertThat(wrong.summary()).startsWith("video codec h264, expected h265");
    Replayer.Result refused =
        replay(
            "rtsp-camera-pull-tcp-h264-aac.json",
            """
            { "protocol": "rtsp", "role": "pull", "serverPort": 18554, "stream": "live/cam",
              "trace": "rtsp-ffmpeg-play-tcp-h264-aac.pcap",
              "expect": { "outcome": "rejected" } }
            """);
    assertThat(refused.passed()).as(refused.summary()).isFalse();
    assertThat(refused.summary())
        .startsWith("expected the client to refuse the camera, but the pull went on")
        .contains("OPTIONS DESCRIBE SETUP SETUP PLAY");
  }

  @Test
  void aReplayedCameraAnswersWithOurCSeqItsSessionAndOurChannelsOrPorts() {
    String captured =
        "RTSP/1.0 200 OK\r\n"
            + "CSeq: 3\r\n"
            + "Transport: RTP/AVP;unicast;client_port=40032-40033;server_port=40100-40101;"
            + "ssrc=E32D4BA0;mode=\"PLAY\"\r\n"
            + "Session: EUKyIuRZjh4JwbI0\r\n"
            + "Content-Length: 0\r\n\r\n";
    assertThat(
            CameraScript.head(
                captured,
                7,
                "127.0.0.1:5554",
                "RTP/AVP;unicast;client_port=50000-50001",
                new int[] {60000, 60001},
                0))
        .isEqualTo(
            "RTSP/1.0 200 OK\r\n"
                + "CSeq: 7\r\n"
                + "Transport: RTP/AVP;unicast;client_port=50000-50001;server_port=60000-60001;"
                + "ssrc=E32D4BA0;mode=\"PLAY\"\r\n"
                + "Session: EUKyIuRZjh4JwbI0\r\n\r\n");
    assertThat(
            CameraScript.transport(
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=073F1F88",
                "RTP/AVP/TCP;unicast;interleaved=4-5",
                null))
        .isEqualTo("Transport: RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=073F1F88");
    String describe =
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://127.0.0.1:18554/cam/\r\n"
            + "Content-Length: 686\r\n\r\n";
    assertThat(CameraScript.head(describe, 2, "127.0.0.1:5554", null, null, 12))
        .isEqualTo(
            "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://127.0.0.1:5554/cam/\r\n"
                + "Content-Length: 12\r\n\r\n");
    assertThat(
            CameraScript.urls(
                "RTP-Info: url=rtsp://127.0.0.1:18554/cam/stream=0;seq=1,"
                    + " url=rtsp://10.0.0.9/cam/stream=1;seq=2",
                "127.0.0.1:5554"))
        .isEqualTo(
            "RTP-Info: url=rtsp://127.0.0.1:5554/cam/stream=0;seq=1,"
                + " url=rtsp://127.0.0.1:5554/cam/stream=1;seq=2");
  }

  @Test
  void aCameraMutationCutsTheDescriptionInsideItsFirstMediaLine() {
    byte[] sdp = "v=0\r\ns=x\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n".getBytes();
    assertThat(new String(RtspMutations.cameraBody("rtsp-camera-truncated-sdp", "DESCRIBE", sdp)))
        .isEqualTo("v=0\r\ns=x\r\nm=video 0");
    assertThat(RtspMutations.cameraBody("rtsp-camera-truncated-sdp", "OPTIONS", sdp)).isSameAs(sdp);
    assertThat(RtspMutations.cameraBody(null, "DESCRIBE", sdp)).isSameAs(sdp);
  }

  @Test
  void aReplayedCameraSendsItsInterleavedMediaWithTheCapturesTiming() throws Exception {
    var capture =
        io.arcly.stream.conformance.pcap.Pcap.read(
            java.nio.file.Path.of("conformance", "traces", "rtsp-ffmpeg-play-tcp-h265-pcma.pcap"));
    var conn = capture.tcpTo(18554).get(0);
    CameraScript script = new CameraScript(new RtspTrace(capture, conn), null);
    assertThat(script.tcp).isTrue();
    assertThat(script.media).hasSizeGreaterThan(200);
    long span = script.media.get(script.media.size() - 1).micros() - script.media.get(0).micros();
    assertThat(span)
        .as("the media between PLAY and TEARDOWN, one run on the connection, spans its 3 s")
        .isGreaterThan(2_500_000L);
  }
}
