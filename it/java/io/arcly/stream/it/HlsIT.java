package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HLS of RTMP-published streams read by ffprobe and ffmpeg, in the three variants (application
 * {@code live}: Low-Latency fMP4, {@code hlscmaf}: fMP4, {@code hlsts}: MPEG-TS), and the
 * Low-Latency blocking reload.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HlsIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  static String hls(String key, String file) {
    return Deployments.http("hls/" + key + "/" + file).toString();
  }

  /** Publishes to {@code key} and waits until its playlist lists {@code segments} segments. */
  static Programs.Run publishAndAwait(String key, int seconds, int segments) throws Exception {
    Programs.Run pub =
        RtmpInteropIT.ffmpegPublish("publish-" + key.replace('/', '-'), key, seconds);
    RtmpInteropIT.awaitLive(key);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> r = Http.get("hls/" + key + "/stream.m3u8");
              return r.statusCode() == 200 && count(r.body(), "#EXTINF") >= segments;
            });
    return pub;
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  void readableByFfmpeg(String app, String segmentType, String extension) throws Exception {
    String key = app + "/cam";
    try (Programs.Run pub = publishAndAwait(key, 40, 3)) {
      HttpResponse<String> multi = Http.get("hls/" + key + "/index.m3u8");
      assertThat(multi.headers().firstValue("Content-Type"))
          .hasValue("application/vnd.apple.mpegurl");
      assertThat(multi.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(multi.body()).contains("CODECS=\"avc1.", "mp4a.40.2\"", "RESOLUTION=640x360");
      HttpResponse<String> media = Http.get("hls/" + key + "/stream.m3u8");
      assertThat(media.headers().firstValue("Cache-Control")).hasValue("no-cache");
      Matcher seg = Pattern.compile("(seg\\d+\\." + extension + ")").matcher(media.body());
      assertThat(seg.find()).as(media.body()).isTrue();
      HttpResponse<String> s = Http.get("hls/" + key + "/" + seg.group(1));
      assertThat(s.statusCode()).isEqualTo(200);
      assertThat(s.headers().firstValue("Content-Type")).hasValue(segmentType);
      assertThat(s.headers().firstValue("Cache-Control").orElse("")).contains("immutable");

      Path copy = Programs.LOGS.resolve("hls-" + app + ".ts");
      Files.deleteIfExists(copy);
      try (Programs.Run rec =
          Programs.start(
              "hls-record-" + app,
              List.of(
                  Programs.require("ffmpeg"),
                  "-hide_banner",
                  "-nostdin",
                  "-v",
                  "error",
                  "-live_start_index",
                  "0",
                  "-i",
                  hls(key, "index.m3u8"),
                  "-t",
                  "6",
                  "-c",
                  "copy",
                  "-f",
                  "mpegts",
                  copy.toString()))) {
        assertThat(rec.await(60)).as(rec.output()).isZero();
        assertThat(rec.output()).as("ffmpeg reading the hls").isBlank();
      }
      try (Programs.Run probe =
          Programs.start(
              "hls-probe-" + app,
              List.of(
                  Programs.require("ffprobe"),
                  "-v",
                  "error",
                  "-select_streams",
                  "v",
                  "-show_entries",
                  "packet=pts_time",
                  "-of",
                  "csv=p=0",
                  copy.toString()))) {
        assertThat(probe.await(30)).isZero();
        List<Double> pts = new ArrayList<>();
        for (String line : probe.output().split("\n")) {
          if (!line.isBlank()) {
            pts.add(Double.parseDouble(line.trim().replace(",", "")));
          }
        }
        pts.sort(Double::compare);
        assertThat(pts.get(pts.size() - 1) - pts.get(0)).as("duration").isBetween(5.5, 6.5);
        for (int i = 1; i < pts.size(); i++) {
          assertThat(pts.get(i) - pts.get(i - 1)).as("gap at " + pts.get(i)).isLessThan(0.1);
        }
      }
      try (Programs.Run decode =
          Programs.start(
              "hls-decode-" + app,
              List.of(
                  Programs.require("ffmpeg"),
                  "-hide_banner",
                  "-nostdin",
                  "-v",
                  "error",
                  "-i",
                  hls(key, "index.m3u8"),
                  "-t",
                  "4",
                  "-f",
                  "null",
                  "-"))) {
        assertThat(decode.await(60)).isZero();
        assertThat(decode.output()).as("decode errors").isBlank();
      }
      String sessions = Http.get("api/v1/sessions").body();
      assertThat(sessions).contains("\"protocol\":\"hls\"", "Lavf");
    }
  }

  @Test
  void mpegTsSegmentsPlayInFfmpeg() throws Exception {
    readableByFfmpeg("hlsts", "video/mp2t", "ts");
  }

  @Test
  void fmp4SegmentsPlayInFfmpeg() throws Exception {
    readableByFfmpeg("hlscmaf", "video/mp4", "m4s");
  }

  @Test
  void lowLatencyPlaysInFfmpegAndBlocksUntilTheNextPartExists() throws Exception {
    readableByFfmpeg("live", "video/mp4", "m4s");
    String key = "live/ll";
    try (Programs.Run pub = publishAndAwait(key, 40, 2)) {
      String playlist = Http.get("hls/" + key + "/stream.m3u8").body();
      assertThat(playlist)
          .contains(
              "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PART-INF:PART-TARGET=0.2");
      Matcher hint =
          Pattern.compile("PRELOAD-HINT:TYPE=PART,URI=\"seg(\\d+)\\.(\\d+)\\.m4s\"")
              .matcher(playlist);
      assertThat(hint.find()).as(playlist).isTrue();
      long msn = Long.parseLong(hint.group(1));
      int part = Integer.parseInt(hint.group(2)) + 1; // one after the hinted part: not made yet
      long start = System.nanoTime();
      HttpResponse<String> blocked =
          Http.get("hls/" + key + "/stream.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + part);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(blocked.statusCode()).isEqualTo(200);
      String wanted = part >= 10 ? "seg" + (msn + 1) + ".0.m4s" : "seg" + msn + "." + part + ".m4s";
      assertThat(blocked.body())
          .satisfiesAnyOf(
              b -> assertThat(b).contains("seg" + msn + "." + part + ".m4s"),
              b -> assertThat(b).contains(wanted));
      assertThat(ms)
          .as("answered once the part exists: two parts of 200 ms at most, plus a bound")
          .isBetween(50L, 900L);

      // The hinted part itself: the request waits for it, then gets the bytes.
      String next =
          blocked.body().replaceAll("(?s).*PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\".*", "$1");
      HttpResponse<String> partBytes = Http.get("hls/" + key + "/" + next);
      assertThat(partBytes.statusCode()).isEqualTo(200);
      assertThat(partBytes.headers().firstValue("Content-Type")).hasValue("video/mp4");

      // Hundreds of blocked requests at once are all answered.
      List<CompletableFuture<HttpResponse<String>>> many = new ArrayList<>();
      long edge = msn + 1;
      // HTTP/1.1: one connection per request, as 300 separate players would have.
      java.net.http.HttpClient h1 =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build();
      for (int i = 0; i < 300; i++) {
        many.add(
            h1.sendAsync(
                java.net.http.HttpRequest.newBuilder(
                        Deployments.http(
                            "hls/" + key + "/stream.m3u8?_HLS_msn=" + edge + "&_HLS_part=0"))
                    .header("User-Agent", "player-" + i)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : many) {
        assertThat(f.get().statusCode()).isEqualTo(200);
      }

      // Bad requests.
      assertThat(Http.get("hls/" + key + "/stream.m3u8?_HLS_msn=" + (msn + 100)).statusCode())
          .isEqualTo(400);
      assertThat(Http.get("hls/" + key + "/stream.m3u8?_HLS_msn=x").statusCode()).isEqualTo(400);
      assertThat(Http.get("hls/" + key + "/stream.m3u8?_HLS_part=1").statusCode()).isEqualTo(400);
      assertThat(Http.get("hls/" + key + "/..%2F..%2Fserver.xml").statusCode()).isIn(400, 404);
      assertThat(Http.get("hls/" + key + "/seg1.m4s").statusCode()).isEqualTo(404);
      assertThat(Http.get("hls/live/nobody/stream.m3u8").statusCode()).isEqualTo(404);
    }
  }
}
