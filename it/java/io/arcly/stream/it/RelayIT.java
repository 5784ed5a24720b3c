package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The RTMP relay against a real nginx with the RTMP module (Debian {@code libnginx-mod-rtmp}),
 * started on a free loopback port: the server pushes an ffmpeg-published stream into nginx, and
 * ffprobe reads it back from nginx.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RelayIT {
  static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void rtmpListens() {
    Http.awaitWorkers();
  }

  /** Starts nginx-rtmp with application "live" on a free port; returns the port. */
  static Programs.Run nginx(Path dir, int port) throws Exception {
    String bin = Programs.require("nginx");
    if (!Files.exists(MODULE)) {
      Programs.require("ngx_rtmp_module.so"); // skips (or fails under CI) with the package hint
    }
    Files.createDirectories(dir);
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(
        conf,
        """
        load_module %s;
        daemon off;
        master_process off;
        worker_processes 1;
        error_log %s/error.log info;
        pid %s/nginx.pid;
        events { worker_connections 64; }
        rtmp {
          server {
            listen 127.0.0.1:%d;
            application live { live on; }
          }
        }
        """
            .formatted(MODULE, dir.toAbsolutePath(), dir.toAbsolutePath(), port));
    return Programs.start(
        "nginx",
        List.of(
            bin, "-p", dir.toAbsolutePath().toString(), "-c", conf.toAbsolutePath().toString()));
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theServerRelaysIntoNginxAndFfprobeReadsItBack() throws Exception {
    int port = freePort();
    String key = "live/relayed";
    try (Programs.Run nginx = nginx(Programs.LOGS.resolve("nginx"), port);
        Programs.Run pub = RtmpInteropIT.ffmpegPublish("publish-relay", key, 30)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                  return true;
                }
              });
      RtmpInteropIT.awaitLive(key);
      var created =
          Http.postJson(
              "api/v1/streams/" + key + "/relays",
              "{\"url\":\"rtmp://127.0.0.1:" + port + "/live/copy\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = Http.json(created).getString("id");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  Http.get("api/v1/streams/" + key + "/relays")
                      .body()
                      .contains("\"state\":\"publishing\""));
      try (Programs.Run probe =
          Programs.start(
              "probe-nginx",
              List.of(
                  Programs.require("ffprobe"),
                  "-v",
                  "error",
                  "-show_entries",
                  "stream=codec_name,width,height",
                  "-of",
                  "compact=p=0",
                  "rtmp://127.0.0.1:" + port + "/live/copy"))) {
        assertThat(probe.await(30)).as(probe.output() + nginx.output()).isZero();
        assertThat(probe.output())
            .contains("codec_name=h264|width=640|height=360", "codec_name=aac");
      }
      assertThat(Http.delete("api/v1/streams/" + key + "/relays/" + id).statusCode())
          .isEqualTo(204);
      JsonObject list = Http.json(Http.get("api/v1/streams/" + key + "/relays"));
      assertThat(list.getInt("count")).isZero();
    }
  }

  @Test
  void badRelayUrlsAreRefusedWithTheReason() throws Exception {
    String key = "live/relay-bad";
    try (Programs.Run pub = RtmpInteropIT.ffmpegPublish("publish-relay-bad", key, 20)) {
      RtmpInteropIT.awaitLive(key);
      for (String url :
          List.of(
              "http://example.com/live/x",
              "rtmp://hostonly",
              "rtmp://host/appOnly",
              "rtmp://:99/a/b")) {
        var r = Http.postJson("api/v1/streams/" + key + "/relays", "{\"url\":\"" + url + "\"}");
        assertThat(r.statusCode()).as(url).isEqualTo(400);
        assertThat(r.body()).contains(url);
      }
    }
    var r = Http.postJson("api/v1/streams/live/not-live/relays", "{\"url\":\"rtmp://h/a/b\"}");
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
