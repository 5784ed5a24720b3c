package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.testing.Gst;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RTSP against real programs on the integration server's RTSP port ({@code arcly.rtsp.port},
 * 18554): ffmpeg and GStreamer publish over TCP and UDP, ffprobe, ffmpeg and GStreamer play, and
 * streams cross between RTSP, RTMP and HLS.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RtspInteropIT {
  static final int RTSP_PORT = Integer.getInteger("arcly.it.rtsp.port", 18554);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  static String url(String key) {
    return "rtsp://127.0.0.1:" + RTSP_PORT + "/" + key;
  }

  /** ffmpeg publishing a test pattern over RTSP for {@code seconds}, in real time. */
  static Programs.Run ffmpegPublish(
      String tag, String key, int seconds, String transport, String videoCodec) throws Exception {
    return Programs.start(
        tag,
        List.of(
            Programs.require("ffmpeg"),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "warning",
            "-re",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=30",
            "-re",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            Integer.toString(seconds),
            "-c:v",
            videoCodec,
            "-preset",
            "ultrafast",
            "-g",
            "30",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-f",
            "rtsp",
            "-rtsp_transport",
            transport,
            url(key)));
  }

  /** ffprobe listing every packet of the stream until it ends. */
  static Programs.Run ffprobePackets(String tag, String url, String transport) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Programs.require("ffprobe"), "-hide_banner"));
    if (transport != null) {
      cmd.addAll(List.of("-rtsp_transport", transport));
    }
    cmd.addAll(
        List.of(
            "-v",
            "error",
            "-show_entries",
            "stream=index,codec_name,width,height,sample_rate:packet=stream_index,flags",
            "-of",
            "compact=p=0",
            url));
    return Programs.start(tag, cmd);
  }

  /** ffprobe naming the streams it finds (it reads the start of a live stream and exits). */
  static Programs.Run probeStreams(String tag, String url) throws Exception {
    return Programs.start(
        tag,
        List.of(
            Programs.require("ffprobe"),
            "-hide_banner",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "compact=p=0",
            url));
  }

  /** Waits until the stream has {@code tracks} tracks, each described from its configuration. */
  static JsonObject awaitTracks(String key, int tracks) throws Exception {
    return awaitTracks(key, tracks, true);
  }

  /**
   * Waits until the stream has {@code tracks} tracks, with their codec strings when {@code
   * described} (G.711 has none).
   */
  static JsonObject awaitTracks(String key, int tracks, boolean described) throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var r = Http.get("api/v1/streams/" + key);
              return r.statusCode() == 200
                  && Http.json(r).getJsonArray("tracks").size() == tracks
                  && (!described || !Http.json(r).toString().contains("\"codecString\":\"\""));
            });
    return Http.json(Http.get("api/v1/streams/" + key));
  }

  static void awaitGone(String key) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Http.get("api/v1/streams/" + key).statusCode() == 404);
  }

  static int sessionsOf(String key) throws Exception {
    return RtmpInteropIT.sessionsOf(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "udp"})
  void aPlayerWaitingBeforeTheFfmpegPublisherGetsEveryFrame(String transport) throws Exception {
    String key = "live/rtsp-wait-" + transport;
    try (Programs.Run probe = ffprobePackets("rtsp-probe-" + transport, url(key), transport)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOf(key) == 1);
      try (Programs.Run pub =
          ffmpegPublish("rtsp-pub-" + transport, key, 6, transport, "libx264")) {
        assertThat(pub.await(60)).as(pub.output()).isZero();
        assertThat(probe.await(60)).as(probe.output()).isZero();
      }
      Map<String, Integer> counts = RtmpInteropIT.count(probe.output());
      assertThat(probe.output()).contains("codec_name=h264", "width=640", "height=360");
      assertThat(probe.output()).contains("codec_name=aac", "sample_rate=48000");
      assertThat(counts.get("h264")).as(probe.output()).isEqualTo(180);
      assertThat(counts.get("aac")).isBetween(279, 283);
      assertThat(counts.get("keyframes")).isEqualTo(6);
    }
    awaitGone(key);
  }

  @Test
  void rtspInComesOutOverRtmpAndHlsAndTheApiShowsIt() throws Exception {
    String key = "live/rtsp-cross";
    try (Programs.Run pub = ffmpegPublish("rtsp-cross-pub", key, 30, "tcp", "libx264")) {
      JsonObject stream = awaitTracks(key, 2);
      assertThat(stream.toString())
          .contains("\"protocol\":\"rtsp\"", "avc1.", "\"width\":640", "mp4a.40.2");
      try (Programs.Run rtmp = ffprobePackets("rtsp-cross-rtmp", RtmpInteropIT.url(key), null);
          Programs.Run decode =
              Programs.start(
                  "rtsp-cross-decode",
                  List.of(
                      Programs.require("ffmpeg"),
                      "-hide_banner",
                      "-nostdin",
                      "-v",
                      "error",
                      "-rtsp_transport",
                      "tcp",
                      "-i",
                      url(key),
                      "-t",
                      "3",
                      "-f",
                      "null",
                      "-"))) {
        assertThat(decode.await(30)).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg decode errors").isBlank();
        assertThat(rtmp.await(30)).as(rtmp.output()).isZero();
        assertThat(rtmp.output()).contains("codec_name=h264", "codec_name=aac");
      }
      String hls = Deployments.http("hls/" + key + "/index.m3u8").toString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.get("hls/" + key + "/stream.m3u8").body().contains("#EXTINF"));
      try (Programs.Run probe = probeStreams("rtsp-cross-hls", hls)) {
        assertThat(probe.await(60)).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=h264", "codec_name=aac");
      }
      pub.kill();
    }
    awaitGone(key);
  }

  @Test
  void rtmpInComesOutOverRtspToFfmpegAndGstreamer() throws Exception {
    String key = "live/rtmp-to-rtsp";
    try (Programs.Run pub = RtmpInteropIT.ffmpegPublish("rtmp-to-rtsp-pub", key, 30)) {
      awaitTracks(key, 2);
      for (String t : List.of("tcp", "udp", "udp_multicast")) {
        try (Programs.Run decode =
            Programs.start(
                "rtmp-to-rtsp-" + t,
                List.of(
                    Programs.require("ffmpeg"),
                    "-hide_banner",
                    "-nostdin",
                    "-v",
                    "error",
                    "-rtsp_transport",
                    t,
                    "-i",
                    url(key),
                    "-t",
                    "3",
                    "-f",
                    "null",
                    "-"))) {
          assertThat(decode.await(30)).as(decode.output()).isZero();
          assertThat(decode.output()).as("ffmpeg decode errors over " + t).isBlank();
        }
        try (Programs.Run gst =
            Programs.start(
                "rtmp-to-rtsp-gst-" + t,
                List.of(
                    Programs.require("gst-launch-1.0"),
                    "-q",
                    "rtspsrc",
                    "location=" + url(key),
                    "protocols=" + t.replace("udp_multicast", "udp-mcast"),
                    "latency=200",
                    "!",
                    "rtph264depay",
                    "!",
                    "h264parse",
                    "!",
                    "avdec_h264",
                    "!",
                    "identity",
                    "eos-after=60",
                    "!",
                    "fakesink"))) {
          assertThat(gst.await(60)).as(gst.output()).isZero();
        }
      }
      pub.kill();
    }
    awaitGone(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "udp"})
  void gstreamerPublishesAudioFirstWithLatmAndTheStreamHasBothTracks(String transport)
      throws Exception {
    String key = "live/gst-" + transport;
    try (Programs.Run pub =
        Programs.start(
            "gst-publish-" + transport,
            Gst.args(
                List.of(Programs.require("gst-launch-1.0"), "-q"),
                Gst.h264(90, 15, 15, 300, "s.sink_0"),
                Gst.aac(260, "s.sink_1"),
                List.of(
                    "rtspclientsink",
                    "name=s",
                    "protocols=" + transport,
                    "location=" + url(key))))) {
      JsonObject stream = awaitTracks(key, 2);
      assertThat(stream.toString()).contains("\"protocol\":\"rtsp\"", "avc1.", "mp4a.40.2");
      // rtspclientsink now and then sends nothing after its PAUSE: the session then ends at the
      // publisher's idle timeout, and the program is stopped here.
      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> Http.get("api/v1/streams/" + key).statusCode() == 404);
    }
  }

  @Test
  void h265OverRtspComesOutAsHlsFragmentedMp4() throws Exception {
    String key = "hlscmaf/rtsp-hevc";
    try (Programs.Run pub = ffmpegPublish("rtsp-hevc-pub", key, 30, "tcp", "libx265")) {
      JsonObject stream = awaitTracks(key, 2);
      assertThat(stream.toString()).contains("hvc1.", "mp4a.40.2");
      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> Http.get("hls/" + key + "/stream.m3u8").body().contains("#EXTINF"));
      String hls = Deployments.http("hls/" + key + "/index.m3u8").toString();
      try (Programs.Run probe = probeStreams("rtsp-hevc-hls", hls)) {
        assertThat(probe.await(60)).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=hevc", "codec_name=aac");
      }
      pub.kill();
    }
    awaitGone(key);
  }
}
