package io.arcly.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.testing.RtspCamera;
import io.arcly.stream.testing.RtspCamera.Codecs;
import io.arcly.stream.testing.RtspCamera.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmark's RTSP players ({@code bench/RtspPlayer.java}, run by {@code bench/RtmpLoad.java}
 * as {@code bench/run fanout --protocol rtsp} runs them) against the test camera: every player
 * keeps up, finds its first keyframe (H.264 IDR in FU-A, H.265 IRAP in FU) and counts bytes.
 */
class RtspLoadPlayerTest {
  @BeforeAll
  static void peers() {
    Assumptions.assumeTrue(
        Runtime.version().feature() >= 22,
        "the benchmark needs the source launcher of JDK 22+; this test runs on "
            + Runtime.version());
    RtspCamera.require();
  }

  /** Runs {@code java bench/RtmpLoad.java args...} with this JDK; returns {exit, stdout+stderr}. */
  static Object[] load(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss256k");
    cmd.add(Path.of("bench", "RtmpLoad.java").toString());
    cmd.addAll(args);
    Path out = Files.createTempFile("rtsp-load", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the load did not finish in 60 s: " + Files.readString(out));
      }
      return new Object[] {p.exitValue(), Files.readString(out)};
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static final Pattern FPS = Pattern.compile("video-fps-per-player=([0-9.]+)");
  private static final Pattern TTFK = Pattern.compile("first-keyframe p50=([0-9.]+) ms");
  private static final Pattern MBITS = Pattern.compile("throughput=([0-9.]+) Mbit/s");

  @ParameterizedTest
  @EnumSource(
      value = Codecs.class,
      names = {"H264_AAC", "H265_PCMA"})
  void everyPlayerKeepsUpAndFindsAKeyframe(Codecs codecs) throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera().codecs(codecs))) {
      Object[] r =
          load(
              List.of(
                  "fanout",
                  cam.url(),
                  "--publish",
                  "none",
                  "--players",
                  "4",
                  "--seconds",
                  "3",
                  "--warmup",
                  "1",
                  "--settle",
                  "0"));
      String out = (String) r[1];
      assertThat((int) r[0]).as(out).isZero();
      assertThat(out).contains("fanout players=4 keeping-up=4 (100.0%) errors=0");
      assertThat(number(FPS, out)).as("video access units per second").isGreaterThan(5);
      assertThat(number(TTFK, out)).as("first keyframe of a joining player, ms").isPositive();
      assertThat(number(MBITS, out)).as("bytes counted").isPositive();
      assertThat(out).doesNotContain("got no keyframe");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Codecs.class,
      names = {"H264", "H265_PCMA"})
  void timeToFirstKeyframe(Codecs codecs) throws Exception {
    try (RtspCamera cam = RtspCamera.start(Options.camera().codecs(codecs))) {
      Object[] r = load(List.of("ttfk", cam.url(), "3"));
      String out = (String) r[1];
      assertThat((int) r[0]).as(out).isZero();
      assertThat(out).containsPattern("ttfk n=3 median=[0-9.]+ ms");
    }
  }

  private static double number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
