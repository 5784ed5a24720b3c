package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.protocol.rtmp.RtmpTestClient;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application stops within {@code arcly.shutdown-timeout} (5 s) while requests are in flight: a
 * publisher, blocked Low-Latency HLS requests and API requests whose bodies trickle in.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShutdownIT {
  private static final String NAME = "stoppable";

  @ArquillianResource Deployer deployer;

  @Deployment(name = NAME, managed = false, testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @Test
  void stopsInTimeWithRequestsInFlight() throws Exception {
    deployer.deploy(NAME);
    Http.awaitWorkers();
    List<Socket> trickling = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
    try (RtmpTestClient pub = new RtmpTestClient(RtmpInteropIT.RTMP_PORT)) {
      pub.handshake(false);
      pub.connect("live");
      int id = pub.createStream();
      pub.command(id, Command.of("publish", 0, Amf.NULL, Amf.str("stopping"), Amf.str("live")));
      assertThat(pub.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
      // Bodies announced but never finished: their request threads wait in a read.
      for (int i = 0; i < Integer.getInteger("trickle", 4); i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", Deployments.HTTP_PORT), 5000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /api/v1/streams/live/stopping/relays HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"url\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        trickling.add(s);
      }
      // Playlist requests for a segment far ahead of a stream that has none: they wait.
      HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Http.get("hls/live/stopping/stream.m3u8").statusCode() != 404);
      for (int i = 0; i < 20; i++) {
        blocked.add(
            h1.sendAsync(
                HttpRequest.newBuilder(
                        Deployments.http("hls/live/stopping/stream.m3u8?_HLS_msn=1&_HLS_part=0"))
                    .header("User-Agent", "player-" + i)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      long start = System.nanoTime();
      deployer.undeploy(NAME);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("application stopped in %d ms with requests in flight%n", ms);
      assertThat(ms)
          .as("stopped within arcly.shutdown-timeout plus Liberty's own work")
          .isLessThan(8000);
      assertThat(pub.closedByServer()).as("the publisher's connection is closed").isTrue();
    } finally {
      for (Socket s : trickling) {
        s.close();
      }
    }
    for (CompletableFuture<HttpResponse<String>> f : blocked) {
      // Answered (the stream ended) or cut off with the application; never left hanging.
      assertThat(f).as("blocked request settled").succeedsWithin(Duration.ofSeconds(10));
    }
  }
}
