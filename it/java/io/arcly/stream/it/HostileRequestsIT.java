package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request bodies that once pinned a core or answered 500, sent at once: each is answered with the
 * API's JSON error naming the problem, and the server's CPU falls back to idle afterwards.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileRequestsIT {
  private static final String RELAYS = "api/v1/streams/live/hostile/relays";

  record Probe(String name, String contentType, byte[] body, int status, String message) {}

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @Test
  void badBodiesAreAnsweredAndLeaveNothingRunning() throws Exception {
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // Four of these used to take two cores for good.
      probes.add(probe("open object in unknown member " + i, "{\"x\":{", 400, "not valid JSON"));
    }
    probes.add(probe("empty", "", 400, "is empty"));
    probes.add(probe("lone brace", "{", 400, "not valid JSON"));
    probes.add(probe("deep arrays", "[".repeat(60_000), 400, "nested deeper"));
    probes.add(probe("deep arrays past the limit", "[".repeat(100_000), 413, "longer than 65536"));
    probes.add(
        new Probe(
            "10 MB",
            "application/json",
            ("{\"url\":\"" + "a".repeat(10 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
            413,
            "longer than 65536"));
    probes.add(
        new Probe(
            "invalid utf-8",
            "application/json",
            new byte[] {'{', '"', 'u', 'r', 'l', '"', ':', '"', (byte) 0xff, '"', '}'},
            400,
            "not valid UTF-8"));
    probes.add(probe("unknown member", "{\"url\":\"rtmp://h/a/b\",\"x\":1}", 400, "unknown"));
    probes.add(probe("wrong type", "{\"url\":[]}", 400, "must be a string"));
    probes.add(
        new Probe(
            "not json",
            "text/plain",
            "url=rtmp://h/a/b".getBytes(StandardCharsets.UTF_8),
            415,
            ""));

    long baseline = cpuNanos();
    double activeBefore = activeRequestThreads();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (Probe p : probes) {
      HttpRequest req =
          HttpRequest.newBuilder(Deployments.http(RELAYS))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", p.contentType)
              .POST(HttpRequest.BodyPublishers.ofByteArray(p.body))
              .build();
      answers.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      HttpResponse<String> r = answers.get(i).get(40, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(p.name + ": " + r.body()).isEqualTo(p.status);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(p.name)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      var json = Http.json(r);
      assertThat(json.getInt("status")).as(p.name).isEqualTo(p.status);
      assertThat(json.getString("message")).as(p.name).contains(p.message);
    }
    assertThat(cpuNanos()).isGreaterThan(baseline);

    // Nothing keeps running once every request has its answer: over a one-second window the
    // server uses a small fraction of a core (a spinning request thread would use all of one).
    long[] last = {cpuNanos(), System.nanoTime()};
    Awaitility.await("server CPU back to idle")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              // CPU time the server used since the previous poll, against the wall time between.
              long cpu = cpuNanos();
              long now = System.nanoTime();
              double share = (double) (cpu - last[0]) / (now - last[1]);
              last[0] = cpu;
              last[1] = now;
              return share < 0.3;
            });
    Awaitility.await("request threads back to their baseline")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> activeRequestThreads() <= activeBefore);
  }

  /** Liberty's executor threads busy now (the one answering this request among them). */
  private static double activeRequestThreads() throws IOException, InterruptedException {
    String text = Http.get("metrics?scope=vendor").body();
    return text.lines()
        .filter(l -> l.startsWith("threadpool_activeThreads") && l.contains("Default_Executor"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no threadpool_activeThreads in " + text));
  }

  private static Probe probe(String name, String body, int status, String message) {
    return new Probe(
        name, "application/json", body.getBytes(StandardCharsets.UTF_8), status, message);
  }

  /** CPU time (user + system) of the Liberty server's process, from /proc. */
  static long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(serverPid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }

  /** The Liberty server's process: from its pid file, else the JVM running server "arclyit". */
  static long serverPid() throws IOException {
    String server = System.getProperty("arcly.it.server", "arclyit");
    Path pid =
        Path.of(
            System.getProperty("arcly.it.wlp.home", "target/liberty/wlp"),
            "usr/servers/.pid",
            server + ".pid");
    if (Files.isRegularFile(pid)) {
      return Long.parseLong(Files.readString(pid).trim());
    }
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("ws-server.jar") && c.contains(server))
                    .orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Liberty server " + server + " running"))
        .pid();
  }
}
