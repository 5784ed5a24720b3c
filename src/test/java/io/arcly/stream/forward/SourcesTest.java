package io.arcly.stream.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sources reconnect with back-off, start on demand and stop when nobody watches. */
class SourcesTest {
  private static final StreamKey CAM = new StreamKey("live", "cam");
  private static final ClientInfo VIEWER = new ClientInfo("rtsp", "127.0.0.1:9", "player");

  private final Engine engine = Engine.builder().build();
  private final ShutdownSignal shutdown = new ShutdownSignal();
  private final AtomicInteger pulls = new AtomicInteger();
  private volatile boolean failing;
  private Thread worker;

  /** Publishes one keyframe, then holds the stream until stopped (or fails when told to). */
  private final PullClient fake =
      new PullClient() {
        @Override
        public String scheme() {
          return "fake";
        }

        @Override
        public void pull(Pull pull) throws Exception {
          pulls.incrementAndGet();
          if (failing) {
            throw new java.io.IOException("connection refused");
          }
          CountDownLatch stop = new CountDownLatch(1);
          pull.onStop(stop::countDown);
          try (PublishSession s =
              pull.context()
                  .openPublish(
                      pull.spec().key(),
                      new ClientInfo("fake", "camera:1", "source " + pull.spec().name()),
                      Credentials.NONE)) {
            s.publish(Frame.video(CodecId.H264, 0, 0, true, Payload.wrap(new byte[8])));
            pull.pulling();
            stop.await();
          }
        }
      };

  private Sources start(SourceSpec... specs) {
    Sources sources = new Sources(List.of(specs), List.of(fake), Duration.ofSeconds(2));
    IngestContext ctx = IngestContext.standalone(engine, "sources", Thread.ofVirtual().factory());
    worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    sources.serve(ctx, shutdown);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    return sources;
  }

  private static SourceSpec spec(String name, boolean onDemand, Duration closeAfter) {
    return new SourceSpec(
        name,
        "fake://user:secret@camera/" + name,
        CAM,
        SourceSpec.Transport.AUTO,
        onDemand,
        closeAfter,
        Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws Exception {
    shutdown.request();
    if (worker != null) {
      worker.join(10_000);
      assertThat(worker.isAlive()).isFalse();
    }
  }

  @Test
  void anAlwaysOnSourcePublishesAndShowsNoCredentials() {
    Sources sources = start(spec("cam", false, Duration.ZERO));
    await().until(() -> engine.findStream(CAM).isPresent());
    await().until(() -> sources.get("cam").orElseThrow().state().equals("pulling"));
    SourceStatus s = sources.get("cam").orElseThrow();
    assertThat(s.url()).isEqualTo("fake://camera/cam");
    assertThat(s.credentials()).isTrue();
    assertThat(s.toString()).doesNotContain("secret");
  }

  @Test
  void aFailingSourceBacksOffAndTriesAgain() {
    failing = true;
    Sources sources = start(spec("cam", false, Duration.ZERO));
    await().until(() -> pulls.get() >= 2);
    SourceStatus s = sources.get("cam").orElseThrow();
    assertThat(s.error()).isEqualTo("connection refused");
    failing = false;
    await().atMost(Duration.ofSeconds(20)).until(() -> engine.findStream(CAM).isPresent());
    await().until(() -> sources.get("cam").orElseThrow().error() == null);
  }

  @Test
  void anOnDemandSourceStartsForAViewerAndStopsAfterItLeaves() throws Exception {
    Sources sources = start(spec("cam", true, Duration.ZERO));
    await().until(() -> sources.get("cam").isPresent());
    assertThat(sources.get("cam").orElseThrow().state()).isEqualTo("idle");
    assertThat(pulls.get()).isZero();

    IngestContext viewerCtx =
        IngestContext.standalone(engine, "rtsp", Thread.ofVirtual().factory());
    PublisherWait wait = new PublisherWait(viewerCtx, CAM, VIEWER, Credentials.NONE);
    // No play wait of its own: the on-demand source makes it wait.
    assertThat(wait.open(Duration.ZERO)).isNull();
    Subscription sub = wait.await(Duration.ZERO, () -> false, () -> {});
    assertThat(sub).isNotNull();
    assertThat(sub.poll().isKeyframe()).isTrue();
    assertThat(pulls.get()).isEqualTo(1);

    sub.close();
    await().until(() -> engine.findStream(CAM).isEmpty());
    await().until(() -> sources.get("cam").orElseThrow().state().equals("idle"));
  }

  @Test
  void namesAndKeysAreUniqueAndUnknownSchemesRefused() {
    Sources sources = start(spec("cam", true, Duration.ZERO));
    await().until(() -> sources.get("cam").isPresent());
    assertThatThrownBy(() -> sources.add(spec("cam", true, Duration.ZERO)))
        .isInstanceOf(Sources.ConflictException.class)
        .hasMessageContaining("named cam");
    assertThatThrownBy(() -> sources.add(spec("other", true, Duration.ZERO)))
        .isInstanceOf(Sources.ConflictException.class)
        .hasMessageContaining("already publishes live/cam");
    assertThatThrownBy(
            () ->
                sources.add(
                    new SourceSpec(
                        "x",
                        "srt://camera:9000",
                        new StreamKey("live", "x"),
                        SourceSpec.Transport.AUTO,
                        false,
                        Duration.ZERO,
                        Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot pull srt://, only fake://");
    assertThat(sources.remove("cam")).isTrue();
    assertThat(sources.remove("cam")).isFalse();
    assertThat(sources.list()).isEmpty();
  }

  @Test
  void urlsAreCheckedAndRedacted() {
    assertThatThrownBy(() -> SourceSpec.uri("rtsp://cam /x"))
        .hasMessageContaining("space, control or non-ASCII character at 11");
    assertThatThrownBy(() -> SourceSpec.uri("camera/path"))
        .hasMessageContaining("scheme and a host");
    assertThatThrownBy(() -> SourceSpec.uri("rtsp://" + "a".repeat(2000)))
        .hasMessageContaining("at most 1024");
    assertThat(SourceSpec.redact("rtsp://admin:p@ss@cam:554/live?x=@"))
        .isEqualTo("rtsp://cam:554/live?x=@");
    assertThat(SourceSpec.redact("rtsp://cam/live")).isEqualTo("rtsp://cam/live");
  }
}
