package io.arcly.stream.it;

import static io.arcly.stream.it.Http.delete;
import static io.arcly.stream.it.Http.json;
import static io.arcly.stream.it.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WebSocket event feed: one JSON message per stream event, filtered by application. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventsIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher();
  }

  /** Collects text messages and the close code. */
  static final class Feed implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<String> first = new CompletableFuture<>();
    final boolean reading;
    WebSocket socket;

    Feed(boolean reading) {
      this.reading = reading;
    }

    @Override
    public void onOpen(WebSocket ws) {
      socket = ws;
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (!first.complete(data.toString())) {
        messages.add(data.toString());
      }
      if (reading) {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      first.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
      first.complete(null);
    }

    JsonObject next() throws InterruptedException {
      String m = messages.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("an event arrived").isNotNull();
      return json(m);
    }
  }

  /** Connects and waits for the server's ready message, after which no event is missed. */
  static Feed connect(String query, boolean reading) throws Exception {
    Feed feed = new Feed(reading);
    Http.client()
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(Deployments.ws("api/v1/events" + query), feed)
        .get(10, TimeUnit.SECONDS);
    String first = feed.first.get(20, TimeUnit.SECONDS);
    if (first != null) {
      assertThat(json(first).getString("type")).isEqualTo("ready");
    } else {
      assertThat(feed.closed).as("neither ready nor closed").isDone();
    }
    return feed;
  }

  @Test
  void publishStartAndEndArriveAsJsonFilteredByApplication() throws Exception {
    Feed all = connect("", true);
    Feed other = connect("?app=other", true);
    try {
      post("it/publisher/live/ws?frames=1");
      JsonObject start = all.next();
      assertThat(start.getString("type")).isEqualTo("publish_start");
      assertThat(start.getString("key")).isEqualTo("live/ws");
      assertThat(start.getString("app")).isEqualTo("live");
      assertThat(start.getString("stream")).isEqualTo("ws");
      assertThat(start.getString("at")).isNotBlank();
      assertThat(start.getJsonObject("detail").getString("protocol")).isEqualTo("in-process");
      assertThat(start.getJsonObject("detail").getString("remote")).isEqualTo("127.0.0.1:40000");
      assertThat(all.next().getString("type")).isEqualTo("metadata");

      delete("it/publisher/live/ws");
      JsonObject end = all.next();
      assertThat(end.getString("type")).isEqualTo("publish_end");
      assertThat(end.getJsonObject("detail").getString("reason")).isEqualTo("closed");

      // The filtered client saw none of that: its first event is its own application's.
      post("it/publisher/other/x?frames=1");
      JsonObject first = other.next();
      assertThat(first.getString("key")).isEqualTo("other/x");
      assertThat(first.getString("type")).isEqualTo("publish_start");
    } finally {
      delete("it/publisher/other/x");
      all.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      other.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void badApplicationFilterIsRefused() throws Exception {
    Feed bad = connect("?app=..", true);
    assertThat(bad.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1003);
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndOthersCarryOn() throws Exception {
    Feed stalled = connect("?app=burst", false);
    Feed healthy = connect("?app=live", true);
    try {
      // Far more events than the server lets one client have in flight (arcly.events.max-pending
      // is 16 on the test server) and more bytes than the socket buffers hold.
      for (int i = 0; i < 20 && !stalled.closed.isDone(); i++) {
        post("it/publisher/burst/b/cycles?count=2000");
      }
      stalled.socket.request(Long.MAX_VALUE);
      assertThat(stalled.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1008);

      post("it/publisher/live/after?frames=1");
      assertThat(healthy.next().getString("key")).isEqualTo("live/after");
    } finally {
      delete("it/publisher/live/after");
      healthy.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
