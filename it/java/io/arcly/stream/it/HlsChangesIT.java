package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * HLS of publishers that change what they send mid-stream, over RTMP with ffmpeg: a resolution
 * change (two files back to back on one connection) and timestamps that wrap as ffmpeg's FLV writer
 * wraps them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HlsChangesIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  /** A 3 s H.264 + AAC file of {@code size} made by ffmpeg. */
  static Path file(String size) throws Exception {
    Path file = Programs.LOGS.resolve("changes-" + size + ".flv");
    Programs.require("ffmpeg");
    java.nio.file.Files.createDirectories(Programs.LOGS);
    io.arcly.stream.testing.Ffmpeg.testClip(file, size, 3);
    return file;
  }

  /**
   * The tags of {@code second} after those of {@code first}, its timestamps going on from the last
   * of the first: one FLV whose second half starts with new sequence headers, as a publisher that
   * changes its encoder settings sends. Tags: {@code type(8) size(24) timestamp(24) ext(8)
   * streamId(24) body previousTagSize(32)} after a 9-byte header and PreviousTagSize0.
   */
  static Path join(Path first, Path second) throws IOException {
    byte[] a = Files.readAllBytes(first);
    byte[] b = Files.readAllBytes(second);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a, 0, 13);
    long end = copyTags(a, out, 0, false);
    copyTags(b, out, end + 40, true);
    Path joined = Programs.LOGS.resolve("changes-joined.flv");
    Files.write(joined, out.toByteArray());
    return joined;
  }

  /** Copies the tags of {@code flv} moved by {@code offsetMs}; returns the last timestamp. */
  static long copyTags(byte[] flv, ByteArrayOutputStream out, long offsetMs, boolean skipScript) {
    long last = 0;
    int at = 13;
    while (at + 11 <= flv.length) {
      int type = flv[at] & 0x1F;
      int size = (flv[at + 1] & 0xFF) << 16 | (flv[at + 2] & 0xFF) << 8 | flv[at + 3] & 0xFF;
      long ts =
          ((flv[at + 4] & 0xFF) << 16 | (flv[at + 5] & 0xFF) << 8 | flv[at + 6] & 0xFF)
              | (long) (flv[at + 7] & 0xFF) << 24;
      int next = at + 11 + size + 4;
      if (next > flv.length) {
        break;
      }
      if (!(skipScript && type == 18)) {
        long moved = ts + offsetMs;
        byte[] tag = java.util.Arrays.copyOfRange(flv, at, next);
        tag[4] = (byte) (moved >>> 16);
        tag[5] = (byte) (moved >>> 8);
        tag[6] = (byte) moved;
        tag[7] = (byte) (moved >>> 24);
        out.write(tag, 0, tag.length);
        last = Math.max(last, moved);
      }
      at = next;
    }
    return last;
  }

  static Programs.Run publishFile(String key, Path flv) throws IOException {
    return Programs.start(
        "changes-publish-" + key.replace('/', '-'),
        List.of(
            Programs.require("ffmpeg"),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "warning",
            "-re",
            "-i",
            flv.toString(),
            "-c",
            "copy",
            "-f",
            "flv",
            RtmpInteropIT.url(key)));
  }

  static Programs.Run ffmpegReading(String tag, String key, String... output) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Programs.require("ffmpeg"),
                "-hide_banner",
                "-nostdin",
                "-nostats",
                "-live_start_index",
                "0",
                "-i",
                HlsIT.hls(key, "index.m3u8"),
                "-t",
                "5.5"));
    cmd.addAll(List.of(output));
    return Programs.start(tag, cmd);
  }

  @Test
  void aResolutionChangeMidStreamDecodesWithoutErrorsAndShowsBothSizes() throws Exception {
    Path joined = join(file("640x360"), file("1280x720"));
    List<String> keys = List.of("live/resize", "hlsts/resize"); // Low-Latency fMP4, MPEG-TS
    List<Programs.Run> publishers = new ArrayList<>();
    try {
      for (String key : keys) {
        publishers.add(publishFile(key, joined));
      }
      for (String key : keys) {
        RtmpInteropIT.awaitLive(key);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Http.get("hls/live/resize/index.m3u8").body().contains("1280x720"));
      for (Programs.Run p : publishers) {
        assertThat(p.await(30)).as(p.output()).isZero();
      }
    } finally {
      publishers.forEach(Programs.Run::close);
    }
    for (String key : keys) {
      String playlist = Http.get("hls/" + key + "/stream.m3u8").body();
      assertThat(playlist).as(key).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
      String tag = key.replace('/', '-');
      try (Programs.Run decode =
          ffmpegReading("changes-decode-" + tag, key, "-v", "error", "-f", "null", "-")) {
        assertThat(decode.await(60)).as(decode.output()).isZero();
        assertThat(decode.output()).as(key + ": decode errors").isBlank();
      }
      try (Programs.Run sizes =
          ffmpegReading(
              "changes-sizes-" + tag, key, "-map", "0:v", "-vf", "showinfo", "-f", "null", "-")) {
        assertThat(sizes.await(60)).as(sizes.output()).isZero();
        assertThat(HlsIT.count(sizes.output(), " s:640x360 ")).as(key).isGreaterThan(30);
        assertThat(HlsIT.count(sizes.output(), " s:1280x720 ")).as(key).isGreaterThan(30);
      }
    }
  }

  @Test
  void timestampsWrappingAt2To31MillisecondsKeepThePlaylistGrowingAfterADiscontinuity()
      throws Exception {
    String key = "live/wrap";
    // ffmpeg's FLV writer keeps 31 bits: 2.6 s in, the timestamps fall from 2^31 ms back to 0
    try (Programs.Run pub =
        Programs.start(
            "changes-publish-wrap",
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
                "testsrc2=size=320x180:rate=30",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100",
                "-t",
                "10",
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
                "-output_ts_offset",
                "2147481",
                "-f",
                "flv",
                RtmpInteropIT.url(key)))) {
      RtmpInteropIT.awaitLive(key);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Http.get("hls/" + key + "/stream.m3u8").body().contains("DISCONTINUITY"));
      long discontinuities =
          Http.json(Http.get("api/v1/streams/" + key))
              .getJsonObject("stats")
              .getJsonNumber("discontinuities")
              .longValue();
      assertThat(discontinuities).as("audio and video wrapped together: one jump").isOne();
      int segments = HlsIT.count(Http.get("hls/" + key + "/stream.m3u8").body(), "#EXTINF");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  HlsIT.count(Http.get("hls/" + key + "/stream.m3u8").body(), "#EXTINF")
                      >= segments + 2);
      String playlist = Http.get("hls/" + key + "/stream.m3u8").body();
      assertThat(playlist).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
      assertThat(playlist).contains("#EXT-X-TARGETDURATION:2\n");
      assertThat(pub.await(30)).as(pub.output()).isZero();
    }
  }
}
