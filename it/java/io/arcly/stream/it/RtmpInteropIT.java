package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.testing.Gst;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RTMP against real programs: ffmpeg and GStreamer publish, ffprobe and ffmpeg play, on the
 * integration server's RTMP port ({@code arcly.rtmp.port}, 19350).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RtmpInteropIT {
  static final int RTMP_PORT = Integer.getInteger("arcly.it.rtmp.port", 19350);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void rtmpListens() {
    Http.awaitWorkers();
  }

  static String url(String key) {
    return "rtmp://127.0.0.1:" + RTMP_PORT + "/" + key;
  }

  /** ffmpeg publishing an H.264 + AAC test pattern for {@code seconds}, in real time. */
  static Programs.Run ffmpegPublish(String tag, String key, int seconds) throws Exception {
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
            "sine=frequency=440:sample_rate=44100",
            "-t",
            Integer.toString(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-tune",
            "zerolatency",
            "-g",
            "30",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-f",
            "flv",
            url(key)));
  }

  /** ffprobe listing every packet of the stream (stream index, flags) until it ends. */
  static Programs.Run ffprobePackets(String tag, String key) throws Exception {
    return Programs.start(
        tag,
        List.of(
            Programs.require("ffprobe"),
            "-hide_banner",
            "-v",
            "error",
            "-show_entries",
            "stream=index,codec_name,width,height,sample_rate:packet=stream_index,flags",
            "-of",
            "compact=p=0",
            url(key)));
  }

  static void awaitLive(String key) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Http.get("api/v1/streams/" + key).statusCode() == 200);
  }

  static void awaitGone(String key) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Http.get("api/v1/streams/" + key).statusCode() == 404);
  }

  /** Packet counts per codec name, and "keyframes" of the video, from ffprobe's compact output. */
  static Map<String, Integer> count(String probeOutput) {
    List<Map<String, String>> lines = new ArrayList<>();
    Map<String, String> codecs = new TreeMap<>();
    for (String line : probeOutput.split("\n")) {
      Map<String, String> f = new TreeMap<>();
      for (String kv : line.trim().split("\\|")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      if (f.containsKey("codec_name")) {
        codecs.put(f.get("index"), f.get("codec_name"));
      }
      lines.add(f);
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (Map<String, String> f : lines) {
      if (f.containsKey("stream_index")) {
        String codec = codecs.getOrDefault(f.get("stream_index"), "?");
        counts.merge(codec, 1, Integer::sum);
        if (f.getOrDefault("flags", "").startsWith("K") && codec.equals("h264")) {
          counts.merge("keyframes", 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  @Test
  void aPlayerWaitingBeforeTheFfmpegPublisherGetsEveryFrame() throws Exception {
    String key = "live/ffmpeg-wait";
    try (Programs.Run probe = ffprobePackets("probe-wait", key)) {
      // The player connects first and waits; the publisher then sends 6 s.
      await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOf(key) == 1);
      try (Programs.Run pub = ffmpegPublish("publish-wait", key, 6)) {
        assertThat(probe.await(60)).as(probe.output()).isZero();
        assertThat(pub.await(30)).as(pub.output()).isZero();
      }
      Map<String, Integer> counts = count(probe.output());
      assertThat(probe.output()).contains("codec_name=h264", "width=640", "height=360");
      assertThat(probe.output()).contains("codec_name=aac", "sample_rate=44100");
      // 6 s at 30 fps and 44100/1024 AAC frames per second.
      assertThat(counts.get("h264")).as(probe.output()).isBetween(178, 181);
      assertThat(counts.get("aac")).isBetween(255, 262);
      assertThat(counts.get("keyframes")).isBetween(6, 7);
    }
    awaitGone(key);
  }

  @Test
  void ffmpegPublishesAndPlayersSeeTheStreamInTheApiSessionsAndMetrics() throws Exception {
    String key = "live/ffmpeg";
    try (Programs.Run pub = ffmpegPublish("publish-api", key, 20)) {
      awaitLive(key);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Http.json(Http.get("api/v1/streams/" + key)).getJsonArray("tracks").size() == 2);
      JsonObject stream = Http.json(Http.get("api/v1/streams/" + key));
      assertThat(stream.toString())
          .contains(
              "\"protocol\":\"rtmp\"", "avc1.", "\"width\":640", "\"height\":360", "mp4a.40.2");
      List<Programs.Run> players = new ArrayList<>();
      try {
        players.add(
            Programs.start(
                "play-null",
                List.of(
                    Programs.require("ffmpeg"),
                    "-hide_banner",
                    "-nostdin",
                    "-v",
                    "error",
                    "-i",
                    url(key),
                    "-t",
                    "3",
                    "-f",
                    "null",
                    "-")));
        players.add(ffprobePackets("probe-api", key));
        await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOf(key) == 2);
        String sessions = Http.get("api/v1/sessions").body();
        assertThat(sessions).contains("\"protocol\":\"rtmp\"", "LNX 9,0,124,2");
        assertThat(players.get(0).await(30)).as(players.get(0).output()).isZero();
        assertThat(players.get(0).output()).as("ffmpeg decode errors").isBlank();
        String metrics = Http.get("metrics").body();
        assertThat(metrics).containsPattern("arcly_frames_in_total\\{[^}]*protocol=\"rtmp\"");
      } finally {
        players.forEach(Programs.Run::close);
      }
    }
  }

  @Test
  void aSecondPublisherOnTheSameKeyIsRefusedAndTheFirstCarriesOn() throws Exception {
    String key = "live/taken";
    try (Programs.Run first = ffmpegPublish("publish-first", key, 30)) {
      awaitLive(key);
      String publisher = Http.json(Http.get("api/v1/streams/" + key)).toString();
      try (Programs.Run second = ffmpegPublish("publish-second", key, 5)) {
        assertThat(second.await(30)).as("the second publisher fails").isNotZero();
      }
      assertThat(first.isAlive()).as(first.output()).isTrue();
      JsonObject now = Http.json(Http.get("api/v1/streams/" + key));
      assertThat(now.getJsonObject("publisher").toString())
          .isEqualTo(Http.json(publisher).getJsonObject("publisher").toString());
      long before = now.getJsonObject("stats").getJsonNumber("framesIn").longValue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Http.json(Http.get("api/v1/streams/" + key))
                          .getJsonObject("stats")
                          .getJsonNumber("framesIn")
                          .longValue()
                      > before + 30);
    }
  }

  @Test
  void aPublisherKilledMidStreamEndsItsPlayersAndFreesTheKey() throws Exception {
    String key = "live/killed";
    try (Programs.Run pub = ffmpegPublish("publish-killed", key, 60)) {
      awaitLive(key);
      try (Programs.Run player =
          Programs.start(
              "play-killed",
              List.of(
                  Programs.require("ffmpeg"),
                  "-hide_banner",
                  "-nostdin",
                  "-v",
                  "error",
                  "-i",
                  url(key),
                  "-f",
                  "null",
                  "-"))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOf(key) == 1);
        pub.kill();
        assertThat(player.await(30)).as(player.output()).isZero();
      }
    }
    awaitGone(key);
    await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(key) == 0);
    try (Programs.Run again = ffmpegPublish("publish-again", key, 2)) {
      awaitLive(key);
      assertThat(again.await(30)).as(again.output()).isZero();
    }
  }

  @Test
  void gstreamerPublishesAndFfmpegPlays() throws Exception {
    String key = "live/gst";
    String gst = Programs.require("gst-launch-1.0");
    try (Programs.Run probe = ffprobePackets("probe-gst", key)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOf(key) == 1);
      try (Programs.Run pub =
          Programs.start(
              "publish-gst",
              Gst.args(
                  List.of(gst, "-q"),
                  Gst.h264(150, 30, 30, 0, "m."),
                  Gst.aac(215, "m."),
                  List.of(
                      "flvmux",
                      "name=m",
                      "streamable=true",
                      "!",
                      "rtmp2sink",
                      "location=" + url(key))))) {
        assertThat(pub.await(60)).as(pub.output()).isZero();
      }
      assertThat(probe.await(30)).as(probe.output()).isZero();
      Map<String, Integer> counts = count(probe.output());
      assertThat(probe.output()).contains("width=320", "height=240");
      assertThat(counts.get("h264")).as(probe.output()).isBetween(140, 150);
      assertThat(counts.get("aac")).isGreaterThan(180);
    }
  }

  static int sessionsOf(String key) throws Exception {
    JsonObject list = Http.json(Http.get("api/v1/sessions"));
    return (int)
        list.getJsonArray("sessions").stream()
            .map(v -> (JsonObject) v)
            .filter(s -> key.equals(s.getString("stream", "")))
            .count();
  }
}
