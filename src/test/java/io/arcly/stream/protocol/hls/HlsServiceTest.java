package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.AuthDecision;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.kernel.spi.StreamAuthenticator;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packager as a host worker: packaging on publish, authorization, viewers, token URIs. */
class HlsServiceTest {
  static final StreamKey KEY = new StreamKey("live", "cam");

  static final StreamAuthenticator TOKEN =
      new StreamAuthenticator() {
        @Override
        public AuthDecision authorizePublish(StreamKey key, Credentials c, ClientInfo client) {
          return AuthDecision.ALLOW;
        }

        @Override
        public AuthDecision authorizePlay(StreamKey key, Credentials c, ClientInfo client) {
          return c.param("token").filter("t1"::equals).isPresent()
              ? AuthDecision.ALLOW
              : AuthDecision.deny("bad token");
        }
      };

  @Test
  void packagesEveryNewStreamAndAuthorizesViewersWithTheirToken() throws Exception {
    Engine engine =
        Engine.builder().application(AppSpec.defaults("live")).authenticator(TOKEN).build();
    HlsService hls = new HlsService(HlsSettings.defaults());
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(hls));
    try {
      assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
      IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
      ClientInfo viewer = new ClientInfo("hls", "10.0.0.9", "Safari");
      assertThatThrownBy(() -> hls.authorize(KEY, viewer, Credentials.parseQuery("token=bad")))
          .isInstanceOf(StreamException.class)
          .hasMessageContaining("bad token");
      hls.authorize(KEY, viewer, Credentials.parseQuery("token=t1"));

      try (PublishSession pub =
          ctx.openPublish(KEY, new ClientInfo("test", "127.0.0.1:1", ""), Credentials.NONE)) {
        // The packager subscribes on a thread of its own once the publish starts.
        await().until(() -> pub.handle().subscriberCount() == 1);
        pub.publish(
            Frame.config(
                CodecId.H264,
                0,
                Payload.wrap(new byte[] {1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE0, 0})));
        for (int i = 0; i < 90; i++) {
          long dts = i * 1000L / 30 * 1000;
          pub.publish(
              Frame.video(
                  CodecId.H264,
                  dts,
                  dts,
                  i % 30 == 0,
                  Payload.wrap(new byte[] {0, 0, 0, 1, 0x65})));
        }
        await()
            .until(() -> hls.find(KEY).map(s -> !s.snapshot().segments().isEmpty()).orElse(false));
        String playlist = hls.find(KEY).orElseThrow().playlist(false, "?token=t1");
        assertThat(playlist).contains(".m4s?token=t1\"", ".mp4?token=t1\"");
        assertThat(playlist.lines().filter(l -> l.startsWith("seg")))
            .allSatisfy(l -> assertThat(l).endsWith("?token=t1"));
        hls.touch(KEY, viewer, 100);
        hls.touch(KEY, viewer, 200);
        assertThat(engine.sessions().list())
            .singleElement()
            .satisfies(s -> assertThat(s.bytesSent()).isEqualTo(300));
      }
    } finally {
      assertThat(host.stop()).isEmpty();
    }
    assertThat(engine.sessions().count()).as("viewers end with the worker").isZero();
  }

  @Test
  void blockedRequestsAreCappedServerWideAndPerClient() {
    HlsSettings s = HlsSettings.defaults();
    HlsService hls =
        new HlsService(
            new HlsSettings(
                true,
                s.variant(),
                java.util.Map.of(),
                s.segmentDuration(),
                s.partDuration(),
                s.window(),
                false,
                s.retention(),
                "*",
                3,
                2,
                s.viewerTimeout(),
                ""));
    java.util.List<String> evicted = new java.util.ArrayList<>();
    HlsService.Slot a1 = hls.block("a", () -> evicted.add("a1"));
    HlsService.Slot a2 = hls.block("a", () -> evicted.add("a2"));
    assertThat(evicted).isEmpty();
    HlsService.Slot a3 = hls.block("a", () -> evicted.add("a3"));
    assertThat(evicted)
        .as("a client's oldest waiter makes room for its newest")
        .containsExactly("a1");
    assertThat(a1.isReleased()).isTrue();
    assertThat(a1.release()).as("an evicted slot is released once").isFalse();
    assertThat(hls.blockedRequests()).isEqualTo(2);
    HlsService.Slot b1 = hls.block("b", () -> evicted.add("b1"));
    assertThat(hls.block("c", () -> {})).as("a fourth waiter is refused (503)").isNull();
    assertThat(b1.release()).isTrue();
    assertThat(a2.release()).isTrue();
    assertThat(a3.release()).isTrue();
    assertThat(hls.blockedRequests()).isZero();
    assertThat(evicted).containsExactly("a1");
  }
}
