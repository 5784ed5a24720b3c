package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.testing.RtspCamera;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Camera pulls through the API against a real RTSP camera (GStreamer's RTSP server): added with
 * credentials that are never shown again, pulled over TCP and UDP, always on and on demand, and
 * watched over RTMP and RTSP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SourcesIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  static String body(String name, String url, String key, String transport, boolean onDemand) {
    return "{\"name\":\""
        + name
        + "\",\"url\":\""
        + url
        + "\",\"key\":\""
        + key
        + "\",\"transport\":\""
        + transport
        + "\",\"onDemand\":"
        + onDemand
        + ",\"closeAfter\":\"2s\"}";
  }

  @Test
  void aCameraAddedThroughTheApiIsPulledOverTcpAndUdpAndWatchedOverRtmp() throws Exception {
    RtspCamera.require();
    try (RtspCamera cam =
        RtspCamera.start(
            RtspCamera.Options.camera()
                .codecs(RtspCamera.Codecs.H265_PCMA)
                .auth(RtspCamera.Auth.DIGEST, "admin", "pa55"))) {
      for (String transport : List.of("tcp", "udp")) {
        String name = "cam-" + transport;
        String key = "live/" + name;
        var created =
            Http.postJson(
                "api/v1/sources", body(name, cam.urlWithCredentials(), key, transport, false));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("pa55").contains("\"credentials\":true");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> Http.get("api/v1/sources/" + name).body().contains("\"state\":\"pulling\""));
        JsonObject stream = RtspInteropIT.awaitTracks(key, 2, false);
        assertThat(stream.toString()).contains("\"protocol\":\"rtsp-pull\"", "hvc1.", "pcma");
        try (Programs.Run probe =
            RtspInteropIT.probeStreams("source-rtsp-" + transport, RtspInteropIT.url(key))) {
          assertThat(probe.await(60)).as(probe.output()).isZero();
          assertThat(probe.output()).contains("codec_name=hevc", "codec_name=pcm_alaw");
        }
        assertThat(Http.delete("api/v1/sources/" + name).statusCode()).isEqualTo(204);
        RtspInteropIT.awaitGone(key);
      }
    }
  }

  @Test
  void anOnDemandCameraStartsForAViewerAndStopsAfterIt() throws Exception {
    RtspCamera.require();
    try (RtspCamera cam = RtspCamera.start(RtspCamera.Options.camera())) {
      String key = "live/cam-demand";
      assertThat(
              Http.postJson("api/v1/sources", body("cam-demand", cam.url(), key, "auto", true))
                  .statusCode())
          .isEqualTo(201);
      assertThat(Http.get("api/v1/sources/cam-demand").body()).contains("\"state\":\"idle\"");
      assertThat(Http.get("api/v1/streams/" + key).statusCode()).isEqualTo(404);
      try (Programs.Run probe =
          RtspInteropIT.probeStreams("source-demand", RtmpInteropIT.url(key))) {
        assertThat(probe.await(60)).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=h264", "codec_name=aac");
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.get("api/v1/sources/cam-demand").body().contains("\"state\":\"idle\""));
      RtspInteropIT.awaitGone(key);
      assertThat(Http.delete("api/v1/sources/cam-demand").statusCode()).isEqualTo(204);
    }
  }

  @Test
  void badSourcesAreRefusedWithTheReason() throws Exception {
    var r = Http.postJson("api/v1/sources", body("x", "http://camera/x", "live/x", "auto", false));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("cannot pull http://");
    assertThat(Http.get("api/v1/sources/nope").statusCode()).isEqualTo(404);
  }
}
