package io.arcly.stream.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Headless Chromium (Debian {@code chromium}) driven over the DevTools protocol: open a page and
 * evaluate JavaScript in it. Started with a fresh profile on loopback; closing kills it.
 */
public final class Chromium implements AutoCloseable {
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Programs.Run process;
  private final int port;
  private WebSocket page;
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private Chromium(Programs.Run process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Chromium headless. */
  public static Chromium start() throws Exception {
    String bin = Programs.require("chromium");
    Path profile = Files.createTempDirectory("arcly-chromium");
    Programs.Run run =
        Programs.start(
            "chromium",
            List.of(
                bin,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--mute-audio",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank"));
    String[] ws = new String[1];
    Awaitility.await("chromium devtools")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Matcher m = DEVTOOLS.matcher(run.output());
              if (m.find()) {
                ws[0] = m.group(1);
                return true;
              }
              return !run.isAlive();
            });
    if (ws[0] == null) {
      run.close();
      throw new IllegalStateException("chromium did not start: " + run.output());
    }
    return new Chromium(run, URI.create(ws[0]).getPort());
  }

  /** Opens {@code url} in a new page and attaches to it. */
  public void open(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?" + url))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonObject target = Json.createReader(new StringReader(r.body())).readObject();
    page =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(target.getString("webSocketDebuggerUrl")), new Listener())
            .get(10, TimeUnit.SECONDS);
  }

  /** Evaluates {@code expression} in the page and returns its JSON value. */
  public JsonValue eval(String expression) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    pending.put(id, f);
    JsonObject msg =
        Json.createObjectBuilder()
            .add("id", id)
            .add("method", "Runtime.evaluate")
            .add(
                "params",
                Json.createObjectBuilder().add("expression", expression).add("returnByValue", true))
            .build();
    page.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
    JsonObject result = f.get(10, TimeUnit.SECONDS).getJsonObject("result").getJsonObject("result");
    return result.containsKey("value") ? result.get("value") : JsonValue.NULL;
  }

  /** What Chromium printed. */
  public String output() {
    return process.output();
  }

  @Override
  public void close() {
    if (page != null) {
      page.abort();
    }
    process.close();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonObject o = Json.createReader(new StringReader(text.toString())).readObject();
        text.setLength(0);
        if (o.containsKey("id")) {
          CompletableFuture<JsonObject> f = pending.remove(o.getInt("id"));
          if (f != null) {
            f.complete(o);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }
}
