package io.arcly.stream.protocol.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Relays between two servers: a push list, API-style start and stop, reconnect, URL checks. */
class RelayTest {
  record Node(Engine engine, WorkerHost host, RtmpServer server) implements AutoCloseable {
    static Node start(RtmpSettings settings) {
      Engine e = Engine.builder().application(AppSpec.defaults("live")).build();
      RtmpServer s = new RtmpServer(settings);
      WorkerHost h =
          new WorkerHost(
              e, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
      h.start(List.of(s));
      s.port();
      return new Node(e, h, s);
    }

    @Override
    public void close() {
      assertThat(host.stop()).isEmpty();
    }
  }

  static void publishSome(RtmpTestClient c, int frames) throws Exception {
    c.send(6, 9, 1, 0, RtmpServerTest.videoTag(true, true, RtmpServerTest.AVC_CONFIG));
    for (int i = 0; i < frames; i++) {
      c.send(
          6,
          9,
          1,
          i * 33L,
          RtmpServerTest.videoTag(
              false, i % 30 == 0, RtmpServerTest.nal(i % 30 == 0 ? 5 : 1, 200)));
    }
  }

  static RtmpTestClient publish(int port, String stream) throws Exception {
    RtmpTestClient c = new RtmpTestClient(port);
    c.handshake(false);
    c.connect("live");
    int id = c.createStream();
    c.command(id, Command.of("publish", 0, Amf.NULL, Amf.str(stream), Amf.str("live")));
    assertThat(c.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
    return c;
  }

  @Test
  void aPushListRelaysEveryStreamOfTheApplicationUnderItsName() throws Exception {
    try (Node upstream = Node.start(RtmpSettings.forTests())) {
      RtmpSettings s =
          RtmpSettings.forTests()
              .withPush(
                  Map.of(
                      "live", List.of("rtmp://127.0.0.1:" + upstream.server().port() + "/live")));
      try (Node origin = Node.start(s);
          RtmpTestClient pub = publish(origin.server().port(), "cam")) {
        publishSome(pub, 40);
        StreamKey key = new StreamKey("live", "cam");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> upstream.engine().findStream(key).isPresent());
        var h = upstream.engine().findStream(key).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.qos().videoFrames() >= 20);
        assertThat(h.publisher().protocol()).isEqualTo("rtmp");
        assertThat(h.publisher().clientName()).startsWith("FMLE/3.0");
        assertThat(origin.server().relays().orElseThrow().of(key))
            .singleElement()
            .satisfies(r -> assertThat(r.state()).isEqualTo(Relay.State.PUBLISHING));
      }
      // The origin's stream ended: the relay unpublished upstream.
      await().atMost(Duration.ofSeconds(10)).until(() -> upstream.engine().streamCount() == 0);
    }
  }

  @Test
  void anApiRelayStopsOnRequestAndRetriesAnAbsentUpstream() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    try (Node origin = Node.start(RtmpSettings.forTests());
        RtmpTestClient pub = publish(origin.server().port(), "cam")) {
      publishSome(pub, 5);
      StreamKey key = new StreamKey("live", "cam");
      Relays relays = origin.server().relays().orElseThrow();
      Relay r = relays.start(key, "rtmp://127.0.0.1:" + deadPort + "/live/x");
      await().atMost(Duration.ofSeconds(10)).until(() -> r.attempts() >= 2);
      assertThat(r.lastError()).contains("Connection refused");
      assertThat(relays.stop(key, r.id())).isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> r.state() == Relay.State.STOPPED);
      assertThat(relays.list()).isEmpty();
      assertThatThrownBy(() -> relays.start(new StreamKey("live", "none"), "rtmp://h/a/b"))
          .hasMessage("stream live/none is not live");
    }
  }

  @Test
  void relayUrlsAreValidated() {
    assertThat(RelayTarget.parse("rtmp://cdn.example.com/live/backup"))
        .isEqualTo(new RelayTarget("cdn.example.com", 1935, "live", "backup"));
    assertThat(RelayTarget.parse("rtmp://10.0.0.5:1936/app/key?token=1"))
        .isEqualTo(new RelayTarget("10.0.0.5", 1936, "app", "key?token=1"));
    assertThat(RelayTarget.parse("rtmp://[::1]:2000/a/b").host()).isEqualTo("::1");
    assertThatThrownBy(() -> RelayTarget.parse("http://x/live/s"))
        .hasMessageContaining("must use the rtmp scheme, not http");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://hostonly"))
        .hasMessageContaining("has no application");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://host/liveonly"))
        .hasMessageContaining("has no stream name");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://:1935/a/b"))
        .hasMessageContaining("has no host");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h:0/a/b")).hasMessageContaining("bad port");
    assertThatThrownBy(() -> RelayTarget.parseBase("rtmp://h/a/b"))
        .hasMessageContaining("names a stream");
    assertThat(RelayTarget.parse("rtmp://h/a/b%20c?t=x&u=%C3%A9").stream())
        .isEqualTo("b%20c?t=x&u=%C3%A9");
  }

  @Test
  void relayUrlsWithHostileCharactersOrLengthAreRefused() {
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/" + "x".repeat(10_000)))
        .hasMessage("relay url is 10011 characters long; at most 1024");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/b\r\nX-Injected: 1"))
        .hasMessage(
            "relay url has control character U+000D at position 12; percent-encode it (RFC 3986)");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/b c"))
        .hasMessageContaining("has a space at position 12");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/b%zz"))
        .hasMessageContaining("a bad %-escape at position 12");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/caf\u00e9"))
        .hasMessageContaining("'\u00e9' at position 14");
    assertThatThrownBy(() -> RelayTarget.parse("rtmp://h/a/b\"x"))
        .hasMessageContaining("'\"' at position 12");
  }

  @Test
  void aRelayToItselfIsRefusedAndRelaysPerStreamAreCapped() throws Exception {
    try (Node origin = Node.start(RtmpSettings.forTests());
        RtmpTestClient pub = publish(origin.server().port(), "cam")) {
      publishSome(pub, 5);
      StreamKey key = new StreamKey("live", "cam");
      Relays relays = origin.server().relays().orElseThrow();
      int port = origin.server().port();
      for (String self :
          List.of(
              "rtmp://127.0.0.1:" + port + "/live/cam",
              "rtmp://localhost:" + port + "/live/cam?token=x",
              "rtmp://[::1]:" + port + "/live/cam",
              "rtmp://0.0.0.0:" + port + "/live/cam")) {
        assertThatThrownBy(() -> relays.start(key, self))
            .as(self)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("a relay to itself");
      }
      // Another key on this server is a republish, not a loop.
      Relay other = relays.start(key, "rtmp://127.0.0.1:" + port + "/live/cam2");
      await().atMost(Duration.ofSeconds(10)).until(() -> other.state() == Relay.State.PUBLISHING);
      for (int i = 1; i < RtmpSettings.DEFAULT_RELAYS_PER_STREAM; i++) {
        relays.start(key, "rtmp://127.0.0.1:" + port + "/live/copy" + i);
      }
      assertThatThrownBy(() -> relays.start(key, "rtmp://127.0.0.1:" + port + "/live/one-more"))
          .isInstanceOf(Relays.LimitException.class)
          .hasMessage(
              "stream live/cam has 8 relays already, the most allowed"
                  + " (arcly.rtmp.relay.max-per-stream)");
      assertThat(relays.stop(key, null)).isEqualTo(8);
    }
  }

  @Test
  void anHttpServerAsUpstreamIsNamedInTheRelaysError() throws Exception {
    try (ServerSocket http = new ServerSocket(0);
        Node origin = Node.start(RtmpSettings.forTests());
        RtmpTestClient pub = publish(origin.server().port(), "cam")) {
      Thread server =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      try (var s = http.accept()) {
                        s.getInputStream().readNBytes(1537);
                        s.getOutputStream()
                            .write(
                                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                      } catch (java.io.IOException e) {
                        return;
                      }
                    }
                  });
      publishSome(pub, 5);
      StreamKey key = new StreamKey("live", "cam");
      Relays relays = origin.server().relays().orElseThrow();
      Relay r = relays.start(key, "rtmp://127.0.0.1:" + http.getLocalPort() + "/live/x");
      await().atMost(Duration.ofSeconds(10)).until(() -> !r.lastError().isEmpty());
      assertThat(r.lastError())
          .isEqualTo("upstream is not an rtmp server: it answered \"HTTP/1.1 400 Bad Request\"");
      relays.stop(key, null);
      http.close();
      server.join();
    }
  }
}
