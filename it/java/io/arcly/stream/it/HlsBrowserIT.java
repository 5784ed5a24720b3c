package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Headless Chromium plays the Low-Latency HLS of an RTMP-published stream with hls.js in the
 * server's own player page ({@code /player/?stream=...}); the video advances and the latency (wall
 * clock minus the program date time of the frame on screen) is reported.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HlsBrowserIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  double watch(String key) throws Exception {
    try (Programs.Run pub = HlsIT.publishAndAwait(key, 60, 2);
        Chromium chromium = Chromium.start()) {
      // A src parameter is ignored: the page plays only this server's streams.
      chromium.open(
          Deployments.http("player/?stream=" + key + "&src=http://127.0.0.1:9/elsewhere.m3u8")
              .toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> currentTime(chromium) > 1.0);
      double t0 = currentTime(chromium);
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(20)).until(() -> currentTime(chromium) > t0 + 3.0);
      double wall = (System.nanoTime() - start) / 1e9;
      JsonObject s = stats(chromium);
      System.out.printf("hls.js played 3 s of %s in %.1f s of wall time%n", key, wall);
      assertThat(s.getString("state")).isEqualTo("playing");
      assertThat(s.getJsonArray("errors").toString())
          .as("nothing blocked by the page's Content-Security-Policy")
          .doesNotContain("csp:");
      // Latency settles after start; sample it for a few seconds and keep the median.
      // Latency settles after start: take a sample each time another half second has played.
      java.util.List<Double> taken = new java.util.ArrayList<>();
      double[] lastPlayed = {currentTime(chromium)};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                JsonObject st = stats(chromium);
                JsonNumber t = st.getJsonNumber("currentTime");
                JsonNumber l = st.getJsonNumber("pdtLatency");
                if (t != null && l != null && t.doubleValue() >= lastPlayed[0] + 0.5) {
                  taken.add(l.doubleValue());
                  lastPlayed[0] = t.doubleValue();
                }
                return taken.size() >= 10;
              });
      double[] samples = taken.stream().mapToDouble(Double::doubleValue).toArray();
      java.util.Arrays.sort(samples);
      double median = samples[samples.length / 2];
      System.out.printf(
          "hls.js latency for %s: median %.2f s (samples %s)%n",
          key, median, java.util.Arrays.toString(samples));
      assertThat(median).as("latency is measured").isBetween(0.0, 15.0);
      return median;
    }
  }

  /** The page's stats, empty until the page has loaded. */
  static JsonObject stats(Chromium c) throws Exception {
    return c.eval("window.arclyStats") instanceof JsonObject o
        ? o
        : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
  }

  static double currentTime(Chromium c) throws Exception {
    JsonNumber n = stats(c).getJsonNumber("currentTime");
    return n == null ? 0 : n.doubleValue();
  }

  @Test
  void chromiumPlaysLowLatencyHlsWithHlsJs() throws Exception {
    double latency = watch("live/browser");
    assertThat(latency).as("low-latency: well inside the playlist window").isLessThan(6.0);
  }

  @Test
  void thePlayerPageHasAStrictContentSecurityPolicyAndRefusesBadKeys() throws Exception {
    var page = Http.get("player/?stream=live/x");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
    assertThat(page.body()).doesNotContain("<script>", "style=");
    try (Chromium chromium = Chromium.start()) {
      chromium.open(Deployments.http("player/?stream=../../metrics").toString());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> stats(chromium).getString("state", "").startsWith("bad stream key"));
    }
  }

  @Test
  void chromiumPlaysMpegTsHlsWithHlsJs() throws Exception {
    watch("hlsts/browser");
  }
}
