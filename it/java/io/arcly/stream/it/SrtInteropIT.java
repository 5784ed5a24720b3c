package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SRT against real programs on the integration server's SRT port ({@code arcly.srt.port}, 18890):
 * ffmpeg publishes and reads, and streams cross between SRT, RTMP, RTSP and HLS.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SrtInteropIT {
  static final int SRT_PORT = Integer.getInteger("arcly.it.srt.port", 18890);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  static String url(String streamId) {
    return "srt://127.0.0.1:" + SRT_PORT + "?streamid=" + streamId;
  }

  /** ffmpeg publishing a test pattern over SRT for {@code seconds}, in real time. */
  static Programs.Run ffmpegPublish(String tag, String key, int seconds, String videoCodec)
      throws Exception {
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
            "mpegts",
            url("publish:" + key)));
  }

  /** ffmpeg decoding 3 s of {@code input}; its error lines are its output. */
  static Programs.Run decode(String tag, String input) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Programs.require("ffmpeg"), "-hide_banner", "-nostdin", "-v", "error"));
    if (input.startsWith("rtsp:")) {
      cmd.addAll(List.of("-rtsp_transport", "tcp"));
    }
    cmd.addAll(List.of("-i", input, "-t", "3", "-f", "null", "-"));
    return Programs.start(tag, cmd);
  }

  @Test
  void srtInComesOutOverRtmpRtspAndHlsAndTheApiShowsTheConnection() throws Exception {
    String key = "live/srt-cross";
    try (Programs.Run pub = ffmpegPublish("srt-cross-pub", key, 40, "libx264")) {
      JsonObject stream = RtspInteropIT.awaitTracks(key, 2);
      assertThat(stream.toString())
          .contains("\"protocol\":\"srt\"", "avc1.", "\"width\":640", "mp4a.40.2");
      var conns = Http.json(Http.get("api/v1/srt/connections"));
      assertThat(conns.toString())
          .contains("\"mode\":\"publish\"", "\"stream\":\"" + key + "\"", "\"latencyMillis\":120");
      for (String out :
          List.of(RtmpInteropIT.url(key), RtspInteropIT.url(key), url("read:" + key))) {
        try (Programs.Run d = decode("srt-cross-" + out.substring(0, 4), out)) {
          assertThat(d.await(30)).as(d.output()).isZero();
          assertThat(d.output()).as("ffmpeg decode errors from " + out).isBlank();
        }
      }
      String hls = Deployments.http("hls/" + key + "/index.m3u8").toString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.get("hls/" + key + "/stream.m3u8").body().contains("#EXTINF"));
      try (Programs.Run probe = RtspInteropIT.probeStreams("srt-cross-hls", hls)) {
        assertThat(probe.await(60)).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=h264", "codec_name=aac");
      }
      pub.kill();
    }
    RtspInteropIT.awaitGone(key);
  }

  @Test
  void rtmpInComesOutOverSrt() throws Exception {
    String key = "live/rtmp-to-srt";
    try (Programs.Run pub = RtmpInteropIT.ffmpegPublish("rtmp-to-srt-pub", key, 30)) {
      RtspInteropIT.awaitTracks(key, 2);
      try (Programs.Run d = decode("rtmp-to-srt-read", url("read:" + key))) {
        assertThat(d.await(30)).as(d.output()).isZero();
        assertThat(d.output()).as("ffmpeg decode errors").isBlank();
      }
      try (Programs.Run probe =
          RtspInteropIT.probeStreams("rtmp-to-srt-probe", url("#!::r=" + key + ",m=request"))) {
        assertThat(probe.await(30)).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=h264", "codec_name=aac");
      }
      pub.kill();
    }
    RtspInteropIT.awaitGone(key);
  }

  @Test
  void h265PublishedOverSrtIsReadBackOverSrtAndRtsp() throws Exception {
    String key = "live/srt-hevc";
    try (Programs.Run pub = ffmpegPublish("srt-hevc-pub", key, 30, "libx265")) {
      JsonObject stream = RtspInteropIT.awaitTracks(key, 2);
      assertThat(stream.toString()).contains("hvc1.");
      for (String out : List.of(url("read:" + key), RtspInteropIT.url(key))) {
        try (Programs.Run probe =
            RtspInteropIT.probeStreams("srt-hevc-" + out.substring(0, 4), out)) {
          assertThat(probe.await(30)).as(probe.output()).isZero();
          assertThat(probe.output()).contains("codec_name=hevc", "codec_name=aac");
        }
      }
      pub.kill();
    }
    RtspInteropIT.awaitGone(key);
  }
}
