package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.protocol.rtmp.RtmpTestClient;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Low-Latency HLS requests that wait for a part that does not come: a stream stalls (its publisher
 * stays connected and sends nothing more), so requests for the next segment block. They end with a
 * JSON 503, when their client goes away, or at once when the publisher leaves; none stays behind.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HlsBlockingIT {
  private static final int RTMP_PORT = Integer.getInteger("arcly.it.rtmp.port", 19350);
  private static byte[] flv;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeAll
  static void makeSource() throws Exception {
    Path file = Programs.LOGS.resolve("hls-blocking.flv");
    Files.createDirectories(Programs.LOGS);
    try (Programs.Run ff =
        Programs.start(
            "hls-blocking-source",
            List.of(
                Programs.require("ffmpeg"),
                "-y",
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "warning",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x180:rate=30",
                "-t",
                "5",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "30",
                "-f",
                "flv",
                file.toString()))) {
      assertThat(ff.await(60)).as("ffmpeg made the source").isZero();
    }
    flv = Files.readAllBytes(file);
  }

  @BeforeEach
  void workersListen() {
    Http.awaitWorkers();
  }

  @Test
  void aRequestThatWaitsTooLongGetsAJson503WithRetryAfter() throws Exception {
    try (RtmpTestClient pub = stalledPublisher("live/stall-timeout")) {
      long next = nextMsn("live/stall-timeout");
      HttpResponse<String> r = Http.get(blocking("live/stall-timeout", next));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Http.json(r).getString("error")).isEqualTo("not_yet");
      assertThat(blockedRequests()).isZero();
    }
  }

  @Test
  void waitersAreAnsweredAtOnceWhenThePublisherLeaves() throws Exception {
    String key = "live/stall-leave";
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long left;
    try (RtmpTestClient pub = stalledPublisher(key)) {
      long next = nextMsn(key);
      for (int i = 0; i < 100; i++) {
        waiting.add(
            h1.sendAsync(
                HttpRequest.newBuilder(Deployments.http(blocking(key, next)))
                    .header("User-Agent", "player-" + i)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> blockedRequests() == 100);
      left = System.nanoTime();
    }
    for (CompletableFuture<HttpResponse<String>> f : waiting) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("#EXTM3U");
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left);
    assertThat(ms)
        .as("answered when the publisher left, not at their own time-out")
        .isLessThan(4000L);
    assertThat(blockedRequests()).isZero();
    // A request for what will never come now is answered at once rather than parked.
    assertThat(Http.get(blocking(key, 1_000)).statusCode()).isIn(200, 400);
    assertThat(blockedRequests()).isZero();
  }

  @Test
  void oneClientHoldsABoundedNumberOfWaitingPlacesEvenIfItLeavesSilently() throws Exception {
    String key = "live/stall-reset";
    try (RtmpTestClient pub = stalledPublisher(key)) {
      long next = nextMsn(key);
      List<Socket> sockets = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", Deployments.HTTP_PORT), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET /" + blocking(key, next) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sockets.add(s);
      }
      // The client's oldest requests make room for its newest (16 per client on this server).
      await().atMost(Duration.ofSeconds(10)).until(() -> blockedRequests() == 16);
      byte[] head = sockets.get(0).getInputStream().readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 503");
      for (Socket s : sockets) {
        s.setSoLinger(true, 0); // close with a reset, as a killed player does
        s.close();
      }
      // The container does not report a reset while a request waits: the rest wait out their
      // three target durations.
      await("waiters of gone clients dropped")
          .atMost(Duration.ofSeconds(15))
          .until(() -> blockedRequests() == 0);
    }
  }

  /** Publishes the whole source at once and then stays connected, sending nothing more. */
  private static RtmpTestClient stalledPublisher(String key) throws Exception {
    String[] parts = key.split("/");
    RtmpTestClient c = new RtmpTestClient(RTMP_PORT);
    c.handshake(false);
    c.connect(parts[0]);
    int id = c.createStream();
    c.command(id, Command.of("publish", 0, Amf.NULL, Amf.str(parts[1]), Amf.str("live")));
    assertThat(c.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
    // FLV: 9-byte header, then (previous tag size, tag) pairs.
    int at = 9 + 4;
    while (at + 11 <= flv.length) {
      int type = flv[at] & 0x1f;
      int size = be(at + 1, 3);
      long ts = be(at + 4, 3) | ((flv[at + 7] & 0xffL) << 24);
      byte[] body = java.util.Arrays.copyOfRange(flv, at + 11, at + 11 + size);
      if (type == 8 || type == 9) {
        c.send(type == 9 ? 6 : 4, type, id, ts, body);
      }
      at += 11 + size + 4;
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              HttpResponse<String> r = Http.get("hls/" + key + "/stream.m3u8");
              return r.statusCode() == 200 && r.body().contains("#EXTINF");
            });
    return c;
  }

  private static int be(int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (flv[at + i] & 0xff);
    }
    return v;
  }

  /** The segment after the one being written: it will not exist while the stream is stalled. */
  private static long nextMsn(String key) throws Exception {
    String playlist = Http.get("hls/" + key + "/stream.m3u8").body();
    Matcher m = Pattern.compile("PRELOAD-HINT:TYPE=PART,URI=\"seg(\\d+)\\.").matcher(playlist);
    assertThat(m.find()).as(playlist).isTrue();
    return Long.parseLong(m.group(1)) + 1;
  }

  private static String blocking(String key, long msn) {
    return "hls/" + key + "/stream.m3u8?_HLS_msn=" + msn + "&_HLS_part=0";
  }

  /** The {@code arcly_hls_blocked_requests} gauge. */
  static long blockedRequests() throws IOException, InterruptedException {
    return Http.get("metrics?scope=application")
        .body()
        .lines()
        .filter(l -> l.startsWith("arcly_hls_blocked_requests"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no arcly_hls_blocked_requests gauge"));
  }
}
