package io.arcly.stream.kernel;

import static io.arcly.stream.kernel.TestFrames.PUBLISHER;
import static io.arcly.stream.kernel.TestFrames.VIEWER;
import static io.arcly.stream.kernel.TestFrames.video;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.kernel.spi.AuthDecision;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.kernel.spi.StreamAuthenticator;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static final StreamKey KEY = new StreamKey("live", "cam");

  private static IngestContext context(Engine engine) {
    return IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
  }

  @RepeatedTest(50)
  void twoRacingPublishersOneWinsTheOtherIsAlreadyPublishing() throws Exception {
    Engine engine = Engine.builder().build();
    IngestContext ctx = context(engine);
    CyclicBarrier gate = new CyclicBarrier(2);
    List<Object> outcomes = new CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ClientInfo who = new ClientInfo("test", "127.0.0.1:" + (7000 + i), "racer");
        fs.add(
            pool.submit(
                () -> {
                  gate.await(10, TimeUnit.SECONDS);
                  try {
                    outcomes.add(ctx.openPublish(KEY, who, Credentials.NONE));
                  } catch (StreamException e) {
                    outcomes.add(e.reason());
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(20, TimeUnit.SECONDS);
      }
    }
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes).filteredOn(o -> o instanceof PublishSession).hasSize(1);
    assertThat(outcomes).contains(StreamException.Reason.ALREADY_PUBLISHING);
    PublishSession winner =
        (PublishSession)
            outcomes.stream().filter(o -> o instanceof PublishSession).findFirst().orElseThrow();
    assertThat(engine.getStream(KEY)).isSameAs(winner.handle());
    assertThat(winner.isOpen()).isTrue();
    winner.close();
    assertThat(engine.findStream(KEY)).isEmpty();
    context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE).close();
  }

  @Test
  void secondPublisherIsRefusedAndTheFirstIsUnaffected() {
    Engine engine = Engine.builder().build();
    try (PublishSession first = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      assertThatThrownBy(() -> context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE))
          .isInstanceOf(StreamException.class)
          .hasMessage("stream live/cam is already publishing");
      assertThat(first.publish(video(0, true))).isZero();
      assertThat(first.isOpen()).isTrue();
    }
  }

  @Test
  void takeoverEndsTheOldPublisherAndKeepsTheNew() {
    Engine engine =
        Engine.builder().application(AppSpec.defaults("live").withTakeover(true)).build();
    List<StreamEvent.Type> events = new CopyOnWriteArrayList<>();
    engine.subscribeEvents(null, e -> events.add(e.type()));
    PublishSession first = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    AtomicReference<EndReason> told = new AtomicReference<>();
    first.onEnd(told::set);
    Subscription oldViewer = first.handle().subscribe(VIEWER);

    PublishSession second = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    assertThat(told.get()).isEqualTo(EndReason.TAKEN_OVER);
    assertThat(first.isOpen()).isFalse();
    assertThat(oldViewer.isEnded()).isTrue();
    assertThatThrownBy(() -> first.publish(video(0, true)))
        .isInstanceOf(StreamException.class)
        .extracting(e -> ((StreamException) e).reason())
        .isEqualTo(StreamException.Reason.SESSION_CLOSED);
    assertThat(engine.getStream(KEY)).isSameAs(second.handle());

    first.close(); // late close of the old session leaves the new one alone
    assertThat(second.isOpen()).isTrue();
    assertThat(engine.getStream(KEY)).isSameAs(second.handle());
    assertThat(events)
        .containsExactly(
            StreamEvent.Type.PUBLISH_START, StreamEvent.Type.SUBSCRIBER_JOIN,
            StreamEvent.Type.PUBLISH_END, StreamEvent.Type.PUBLISH_START);
  }

  @Test
  void idlePublisherIsReapedAfterTheTimeout() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    Engine engine =
        Engine.builder()
            .nanoClock(now::get)
            .application(AppSpec.defaults("live").withIdleTimeout(Duration.ofSeconds(5)))
            .build();
    PublishSession s = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    AtomicReference<EndReason> told = new AtomicReference<>();
    s.onEnd(told::set);
    Subscription viewer = s.handle().subscribe(VIEWER);

    now.addAndGet(Duration.ofSeconds(4).toNanos());
    s.publish(video(0, true));
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(engine.housekeeping()).isZero();
    assertThat(s.isOpen()).isTrue();

    now.addAndGet(Duration.ofMillis(1001).toNanos());
    assertThat(engine.housekeeping()).isEqualTo(1);
    assertThat(told.get()).isEqualTo(EndReason.IDLE);
    assertThat(engine.findStream(KEY)).isEmpty();
    assertThat(viewer.poll().isKeyframe()).isTrue();
    assertThat(viewer.poll()).isNull();
    assertThat(viewer.isEnded()).isTrue();
  }

  @Test
  void qosRatesComeFromHousekeepingSamples() {
    AtomicLong now = new AtomicLong(0);
    Engine engine = Engine.builder().nanoClock(now::get).build();
    try (PublishSession s = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub = s.handle().subscribe(VIEWER);
      for (int i = 0; i < 30; i++) {
        s.publish(video(i, i == 0)); // 8 bytes each
        sub.recordSent(1, 100);
      }
      now.set(Duration.ofSeconds(1).toNanos());
      engine.housekeeping();
      Qos q = s.handle().qos();
      assertThat(q.fps()).isEqualTo(30.0);
      assertThat(q.bitrateIn()).isEqualTo(30 * 8 * 8);
      assertThat(q.bitrateOut()).isEqualTo(30 * 100 * 8);
      assertThat(q.framesIn()).isEqualTo(30);
      assertThat(q.videoFrames()).isEqualTo(30);
      assertThat(q.keyframes()).isEqualTo(1);
      assertThat(q.framesOut()).isEqualTo(30);
      assertThat(q.subscribers()).isEqualTo(1);
      assertThat(q.uptimeMillis()).isEqualTo(1000);
    }
  }

  @Test
  void limitsAreEnforcedPerApplicationAndPerStream() {
    Engine engine = Engine.builder().application(AppSpec.defaults("live").withLimits(1, 2)).build();
    IngestContext ctx = context(engine);
    try (PublishSession s = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      assertThatThrownBy(
              () -> ctx.openPublish(new StreamKey("live", "other"), PUBLISHER, Credentials.NONE))
          .hasMessage("application live has its maximum of 1 publishers");
      ctx.openPlay(KEY, VIEWER, Credentials.NONE);
      Subscription second = ctx.openPlay(KEY, VIEWER, Credentials.NONE);
      assertThatThrownBy(() -> ctx.openPlay(KEY, VIEWER, Credentials.NONE))
          .isInstanceOf(StreamException.class)
          .hasMessage("stream live/cam has its maximum of 2 subscribers");
      assertThat(engine.sessions().count()).isEqualTo(2);
      second.close();
      ctx.openPlay(KEY, VIEWER, Credentials.NONE);
    }
    ctx.openPublish(new StreamKey("live", "other"), PUBLISHER, Credentials.NONE).close();
  }

  @Test
  void strictApplicationsRefuseUnknownApps() {
    Engine engine =
        Engine.builder().strictApplications(true).application(AppSpec.defaults("live")).build();
    assertThatThrownBy(
            () ->
                context(engine)
                    .openPublish(new StreamKey("other", "x"), PUBLISHER, Credentials.NONE))
        .isInstanceOf(StreamException.class)
        .hasMessage("application \"other\" is not configured");
    context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE).close();
  }

  @Test
  void authenticatorRefusalsAreCountedWithTheirReason() {
    List<String> rejected = new CopyOnWriteArrayList<>();
    Engine engine =
        Engine.builder()
            .authenticator(
                new StreamAuthenticator() {
                  @Override
                  public AuthDecision authorizePublish(
                      StreamKey key, Credentials c, ClientInfo client) {
                    return c.param("token").filter("s3cret"::equals).isPresent()
                        ? AuthDecision.ALLOW
                        : AuthDecision.deny("bad token");
                  }

                  @Override
                  public AuthDecision authorizePlay(
                      StreamKey key, Credentials c, ClientInfo client) {
                    return AuthDecision.deny("no viewers");
                  }
                })
            .observer(
                new Observer() {
                  @Override
                  public void sessionRejected(String protocol, String reason) {
                    rejected.add(protocol + ":" + reason);
                  }
                })
            .build();
    IngestContext ctx = context(engine);
    assertThatThrownBy(() -> ctx.openPublish(KEY, PUBLISHER, Credentials.parseQuery("token=nope")))
        .hasMessage("publish to live/cam refused: bad token");
    try (PublishSession s =
        ctx.openPublish(KEY, PUBLISHER, Credentials.parseQuery("token=s3cret"))) {
      assertThatThrownBy(() -> ctx.openPlay(KEY, VIEWER, Credentials.NONE))
          .hasMessage("play of live/cam refused: no viewers");
      assertThatThrownBy(
              () -> ctx.openPublish(KEY, PUBLISHER, Credentials.parseQuery("token=s3cret")))
          .hasMessageContaining("already publishing");
    }
    assertThat(rejected)
        .containsExactly("test:unauthorized", "test:unauthorized", "test:already_publishing");
    assertThat(engine.sessions().count()).isZero();
  }

  @Test
  void kickEndsThePublisherAndTellsIt() {
    Engine engine = Engine.builder().build();
    PublishSession s = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    AtomicReference<EndReason> told = new AtomicReference<>();
    s.onEnd(told::set);
    assertThat(engine.kick(KEY)).isTrue();
    assertThat(told.get()).isEqualTo(EndReason.KICKED);
    assertThat(engine.kick(KEY)).isFalse();
    s.close();
    assertThat(s.endReason()).contains(EndReason.KICKED);
  }

  @Test
  void shutdownEndsEveryStreamAndRefusesNewOnes() {
    Engine engine = Engine.builder().build();
    PublishSession a = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    PublishSession b =
        context(engine).openPublish(new StreamKey("live", "b"), PUBLISHER, Credentials.NONE);
    engine.shutdown();
    assertThat(a.endReason()).contains(EndReason.SHUTDOWN);
    assertThat(b.endReason()).contains(EndReason.SHUTDOWN);
    assertThat(engine.streamCount()).isZero();
    assertThatThrownBy(() -> context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE))
        .hasMessage("the server is shutting down");
  }

  @Test
  void playSessionsTrackPlayersWithBytes() {
    Engine engine = Engine.builder().build();
    IngestContext ctx = context(engine);
    try (PublishSession s = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub =
          ctx.openPlay(
              KEY, new ClientInfo("test", "10.0.0.1:1", "LNX 9,0,124,2"), Credentials.NONE);
      sub.recordSent(3, 4096);
      PlaySession ps = engine.sessions().list().get(0);
      assertThat(ps.client().clientName()).isEqualTo("LNX 9,0,124,2");
      assertThat(ps.bytesSent()).isEqualTo(4096);
      assertThat(ps.key()).isEqualTo(KEY);
      sub.close();
      assertThat(engine.sessions().list()).isEmpty();
    }
    assertThatThrownBy(() -> ctx.openPlay(KEY, VIEWER, Credentials.NONE))
        .isInstanceOf(StreamException.class)
        .hasMessage("stream live/cam is not live");
  }
}
