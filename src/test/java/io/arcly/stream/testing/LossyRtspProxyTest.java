package io.arcly.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.testing.RtspCamera.Options;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lossy proxy's Transport rewriting, and ffmpeg playing the test camera through it. */
class LossyRtspProxyTest {
  record Case(String name, String key, String in, String out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> transports() {
    return List.of(
        new Case(
            "ffmpeg 5.1 setup over udp",
            "client_port",
            "SETUP rtsp://h/cam/stream=0 RTSP/1.0\r\n"
                + "Transport: RTP/AVP/UDP;unicast;client_port=5000-5001\r\nCSeq: 3\r\n\r\n",
            "SETUP rtsp://h/cam/stream=0 RTSP/1.0\r\n"
                + "Transport: RTP/AVP/UDP;unicast;client_port=7000-7001\r\nCSeq: 3\r\n\r\n"),
        new Case(
            "gst-rtsp-server reply: only the named key changes",
            "server_port",
            "RTSP/1.0 200 OK\r\nTransport: RTP/AVP;unicast;client_port=7000-7001;"
                + "server_port=40000-40001;ssrc=1A2B3C4D;mode=\"PLAY\"\r\n\r\n",
            "RTSP/1.0 200 OK\r\nTransport: RTP/AVP;unicast;client_port=7000-7001;"
                + "server_port=7000-7001;ssrc=1A2B3C4D;mode=\"PLAY\"\r\n\r\n"),
        new Case(
            "rfc2326 12.39 a single port: rtcp is the next one",
            "client_port",
            "SETUP x RTSP/1.0\r\ntransport: RTP/AVP;unicast;client_port=5000\r\n\r\n",
            "SETUP x RTSP/1.0\r\ntransport: RTP/AVP;unicast;client_port=7000-7001\r\n\r\n"),
        new Case(
            "rfc2326 12.39 several transports: each rewritten",
            "client_port",
            "SETUP x RTSP/1.0\r\nTransport: RTP/AVP/TCP;interleaved=0-1,"
                + "RTP/AVP;unicast;client_port=5000-5001\r\n\r\n",
            "SETUP x RTSP/1.0\r\nTransport: RTP/AVP/TCP;interleaved=0-1,"
                + "RTP/AVP;unicast;client_port=7000-7001\r\n\r\n"),
        new Case(
            "interleaved tcp passes as it is",
            "client_port",
            "SETUP x RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n",
            "SETUP x RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"),
        new Case(
            "ports outside the transport header stay",
            "client_port",
            "SETUP x RTSP/1.0\r\nX-Note: client_port=5000-5001\r\nCSeq: 4\r\n\r\n",
            "SETUP x RTSP/1.0\r\nX-Note: client_port=5000-5001\r\nCSeq: 4\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void rewritesTransportPorts(Case c) {
    assertThat(LossyRtspProxy.rewriteTransport(c.in(), c.key(), (rtp, rtcp) -> 7000))
        .isEqualTo(c.out());
  }

  @Test
  void theMapSeesBothPorts() {
    int[] seen = new int[2];
    LossyRtspProxy.rewriteTransport(
        "Transport: RTP/AVP;unicast;client_port=5000-5003",
        "client_port",
        (rtp, rtcp) -> {
          seen[0] = rtp;
          seen[1] = rtcp;
          return rtp;
        });
    assertThat(seen).containsExactly(5000, 5003);
  }

  private static final Pattern FRAME = Pattern.compile("(?m)^frame=(\\d+)$");

  /**
   * ffmpeg decoding {@code seconds} of {@code url}: {frames decoded, the decoder's error lines}.
   */
  static int[] play(String url, String transport, int seconds) throws IOException {
    Ffmpeg.Result r =
        Ffmpeg.run(
            "ffmpeg",
            "-nostats",
            "-v",
            "error",
            "-rtsp_transport",
            transport,
            "-i",
            url,
            "-t",
            Integer.toString(seconds),
            "-map",
            "0:v",
            "-f",
            "null",
            "-",
            "-progress",
            "pipe:1");
    assertThat(r.exit()).as("ffmpeg: %s", r.err()).isZero();
    Matcher m = FRAME.matcher(r.out());
    int frames = 0;
    while (m.find()) {
      frames = Integer.parseInt(m.group(1));
    }
    // Only the decoder's lines: the null muxer also complains about the camera's equal timestamps.
    int decodeErrors = (int) r.err().lines().filter(l -> l.startsWith("[h264 @")).count();
    System.out.printf(
        "ffmpeg over %s: %d frames, %d decoder error lines%n", transport, frames, decodeErrors);
    return new int[] {frames, decodeErrors};
  }

  @Test
  void ffmpegPlaysThroughLossyUdpAndStillDecodes() throws Exception {
    Ffmpeg.require();
    try (RtspCamera cam = RtspCamera.start(Options.camera());
        LossyRtspProxy proxy = LossyRtspProxy.start(cam.url(), 0.02, 0.01, 20261203)) {
      int[] got = play(proxy.url(), "udp", 5);
      // 25 fps for 5 s; a lost packet costs at most its frame's picture, not the stream.
      assertThat(got[0]).as("frames decoded").isGreaterThanOrEqualTo(100);
      assertThat(got[1]).as("decoder error lines").isLessThan(100);
      assertThat(proxy.relayed()).as("rtp relayed").isGreaterThan(200);
      assertThat(proxy.dropped()).as("rtp dropped").isPositive();
      assertThat(proxy.reordered()).as("rtp reordered").isPositive();
      assertThat((double) proxy.dropped() / (proxy.relayed() + proxy.dropped()))
          .as("dropped share")
          .isBetween(0.005, 0.05);
      assertThat(proxy.rtcp()).as("rtcp relayed").isPositive();
      System.out.printf(
          "lossy proxy: %d rtp relayed, %d dropped, %d reordered, %d rtcp%n",
          proxy.relayed(), proxy.dropped(), proxy.reordered(), proxy.rtcp());
      assertThat(proxy.interleavedBytes()).isZero();
    }
  }

  @Test
  void interleavedTcpPassesUntouched() throws Exception {
    Ffmpeg.require();
    try (RtspCamera cam = RtspCamera.start(Options.camera());
        LossyRtspProxy proxy = LossyRtspProxy.start(cam.url(), 0.5, 0.5, 1)) {
      int[] got = play(proxy.url(), "tcp", 3);
      assertThat(got[0]).as("frames decoded").isGreaterThanOrEqualTo(60);
      assertThat(got[1]).as("decoder error lines").isZero();
      assertThat(proxy.interleavedBytes()).isPositive();
      assertThat(proxy.dropped() + proxy.relayed()).isZero();
    }
  }
}
