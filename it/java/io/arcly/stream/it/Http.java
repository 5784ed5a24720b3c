package io.arcly.stream.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/** A small HTTP client for the integration-test server. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** GET a path. */
  public static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(Deployments.http(path)).GET());
  }

  /** POST an empty body to a path. */
  public static HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(Deployments.http(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** POST a JSON body to a path. */
  public static HttpResponse<String> postJson(String path, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(Deployments.http(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** DELETE a path. */
  public static HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(Deployments.http(path)).DELETE());
  }

  /** Parses a JSON object. */
  public static JsonObject json(HttpResponse<String> r) {
    try (var reader = Json.createReader(new StringReader(r.body()))) {
      return reader.readObject();
    }
  }

  /** Parses a JSON object. */
  public static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** The named check of a MicroProfile Health answer. */
  public static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
  }

  /**
   * Waits (bounded) until no protocol worker is still starting: workers run on managed threads,
   * which Liberty starts only once the application is up, so readiness settles just after deploy.
   */
  public static void awaitWorkers() {
    Awaitility.await("protocol workers settle")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonObject workers = check(json(get("health/ready")), "arcly-workers");
              return workers.getJsonObject("data").values().stream()
                  .noneMatch(v -> v.toString().contains("starting"));
            });
  }

  /** The shared client, for WebSockets. */
  public static HttpClient client() {
    return CLIENT;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return CLIENT.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
