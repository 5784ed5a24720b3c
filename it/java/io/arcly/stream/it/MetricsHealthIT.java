package io.arcly.stream.it;

import static io.arcly.stream.it.Http.delete;
import static io.arcly.stream.it.Http.get;
import static io.arcly.stream.it.Http.json;
import static io.arcly.stream.it.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MicroProfile Health and Metrics, from the outside. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsHealthIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher();
  }

  @Test
  void readinessListsEveryWorkerAndLivenessTheEngine() throws Exception {
    Http.awaitWorkers();
    HttpResponse<String> ready = get("health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = json(ready);
    assertThat(body.getString("status")).isEqualTo("UP");
    JsonObject workers = Http.check(body, "arcly-workers");
    assertThat(workers.getString("status")).isEqualTo("UP");
    assertThat(workers.getJsonObject("data").getString("in-process"))
        .isEqualTo("ready: in-process");

    HttpResponse<String> live = get("health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    JsonObject engine = Http.check(json(live), "arcly-engine");
    assertThat(engine.getString("status")).isEqualTo("UP");
  }

  @Test
  void metricsCountFramesPublishersAndRejections() throws Exception {
    post("it/publisher/live/m?frames=40");
    try {
      assertThat(post("it/publisher/live/m").statusCode()).isEqualTo(409);
      post("it/player/live/m");
      String text = get("metrics?scope=application").body();
      assertThat(value(text, "arcly_publishers_active", "")).isEqualTo(1);
      assertThat(value(text, "arcly_subscribers_active", "")).isEqualTo(1);
      assertThat(value(text, "arcly_sessions_active", "")).isEqualTo(1);
      assertThat(value(text, "arcly_rtmp_pending_bytes", "")).isNotNegative();
      assertThat(value(text, "arcly_rtsp_udp_unknown", "")).isNotNegative();
      assertThat(value(text, "arcly_rtsp_multicast_groups", "")).isZero();
      assertThat(value(text, "arcly_rtp_lost", "")).isZero();
      assertThat(value(text, "arcly_rtp_dropped_units", "")).isZero();
      assertThat(value(text, "arcly_frames_in_total", "protocol=\"in-process\"")).isEqualTo(42);
      assertThat(value(text, "arcly_bytes_in_bytes_total", "protocol=\"in-process\""))
          .isEqualTo(40 * 1000 + 5 + 2);
      assertThat(value(text, "arcly_frames_out_total", "protocol=\"in-process\""))
          .as("the player got the configs and the GOP from the last keyframe (frame 30)")
          .isEqualTo(12);
      assertThat(value(text, "arcly_bytes_out_bytes_total", "protocol=\"in-process\""))
          .isEqualTo(10 * 1000 + 5 + 2);
      assertThat(value(text, "arcly_sessions_rejected_total", "reason=\"already_publishing\""))
          .isEqualTo(1);
    } finally {
      delete("it/player/live/m");
      delete("it/publisher/live/m");
    }
    String after = get("metrics?scope=application").body();
    assertThat(value(after, "arcly_publishers_active", "")).isZero();
  }

  /** The value of the first sample of {@code metric} whose labels contain {@code label}. */
  private static double value(String text, String metric, String label) {
    Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no sample of " + metric + " with " + label + " in:\n" + text);
  }
}
