package io.arcly.stream.kernel;

import static io.arcly.stream.kernel.TestFrames.PUBLISHER;
import static io.arcly.stream.kernel.TestFrames.VIEWER;
import static io.arcly.stream.kernel.TestFrames.audio;
import static io.arcly.stream.kernel.TestFrames.audioConfig;
import static io.arcly.stream.kernel.TestFrames.video;
import static io.arcly.stream.kernel.TestFrames.videoConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BusTest {
  private static final StreamKey KEY = new StreamKey("live", "bus");

  private static IngestContext context(Engine engine) {
    return IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void thousandSubscribersThatKeepUpSeeEveryFrameInOrder() throws Exception {
    int frames = 3000;
    int subscribers = 1000;
    Engine engine =
        Engine.builder().application(AppSpec.defaults("live").withRingFrames(4096)).build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      assertThat(session.handle().capacity()).isGreaterThanOrEqualTo(frames);
      List<Subscription> subs = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        subs.add(session.handle().subscribe(VIEWER));
      }
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch done = new CountDownLatch(subscribers);
      try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Subscription sub : subs) {
          readers.submit(
              () -> {
                try (sub) {
                  long expected = 0;
                  Frame f;
                  while ((f = sub.take()) != null) {
                    long seq = f.pts() / 1000;
                    if (seq != expected) {
                      failures.add(
                          "subscriber " + sub.id() + " got " + seq + " expecting " + expected);
                      return null;
                    }
                    expected++;
                  }
                  if (expected != frames) {
                    failures.add("subscriber " + sub.id() + " ended after " + expected + " frames");
                  }
                  if (sub.droppedFrames() != 0) {
                    failures.add("subscriber " + sub.id() + " dropped " + sub.droppedFrames());
                  }
                } finally {
                  done.countDown();
                }
                return null;
              });
        }
        for (int i = 0; i < frames; i++) {
          assertThat(session.publish(video(i, i % 30 == 0))).isEqualTo(subscribers);
        }
        session.close();
        assertThat(done.await(100, TimeUnit.SECONDS)).as("all readers finished").isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(session.handle().subscriberCount()).isZero();
      assertThat(session.handle().qos().drops()).isZero();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stalledSubscriberSkipsToKeyframeAndNeverHoldsThePublisherBack() {
    Engine engine =
        Engine.builder()
            .application(AppSpec.defaults("live").withGopCache(true, 64).withRingFrames(128))
            .build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      StreamHandle h = session.handle();
      session.publish(videoConfig());
      session.publish(audioConfig());
      session.publish(video(0, true));
      Subscription stalled = h.subscribe(VIEWER);
      Subscription fast = h.subscribe(VIEWER);
      assertThat(fast.poll().isConfig()).isTrue();
      assertThat(fast.poll().isConfig()).isTrue();
      assertThat(fast.poll().pts()).isZero();

      // The publisher goes on far past the ring while one subscriber reads nothing.
      int total = h.capacity() * 50;
      for (int i = 1; i <= total; i++) {
        session.publish(i % 2 == 0 ? audio(i) : video(i, i % 25 == 1));
        Frame f = fast.poll();
        assertThat(f).isNotNull();
        assertThat(f.pts()).isEqualTo(i * 1000L);
      }
      assertThat(fast.droppedFrames()).isZero();

      // The stalled one resumes: the codec configurations again, then a keyframe, skip counted.
      Frame resume = stalled.poll();
      int configs = 0;
      while (resume.isConfig()) {
        configs++;
        resume = stalled.poll();
      }
      assertThat(configs).isGreaterThanOrEqualTo(2);
      assertThat(resume.isKeyframe()).isTrue();
      assertThat(stalled.droppedFrames()).isGreaterThan(0);
      assertThat(stalled.dropEvents()).isEqualTo(1);
      assertThat(stalled.lag()).isLessThan(h.capacity());
      assertThat(h.qos().drops()).isEqualTo(stalled.droppedFrames());
      // Memory is bounded by the ring: nothing older than one ring is reachable.
      assertThat(h.replayBuffer().size()).isLessThanOrEqualTo(h.capacity() + 2);
    }
  }

  @Test
  void newSubscriberGetsConfigsThenTheGopFromTheLastKeyframe() {
    Engine engine = Engine.builder().build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      session.publish(videoConfig());
      session.publish(audioConfig());
      session.publish(video(0, true));
      session.publish(video(1, false));
      session.publish(video(2, true));
      session.publish(audio(3));
      session.publish(video(4, false));

      Subscription sub = session.handle().subscribe(VIEWER);
      List<Frame> got = drain(sub);
      assertThat(got).hasSize(5);
      assertThat(got.get(0)).isEqualTo(videoConfig());
      assertThat(got.get(1)).isEqualTo(audioConfig());
      assertThat(got.subList(2, 5)).extracting(Frame::pts).containsExactly(2000L, 3000L, 4000L);
      assertThat(session.handle().replayBuffer()).containsExactlyElementsOf(got);

      session.publish(video(5, false));
      assertThat(sub.poll().pts()).isEqualTo(5000L);
    }
  }

  @Test
  void withoutGopCacheANewSubscriberWaitsForTheNextKeyframe() {
    Engine engine =
        Engine.builder().application(AppSpec.defaults("live").withGopCache(false, 1)).build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      session.publish(videoConfig());
      session.publish(video(0, true));
      session.publish(video(1, false));
      Subscription sub = session.handle().subscribe(VIEWER);
      assertThat(sub.poll()).isEqualTo(videoConfig());
      assertThat(sub.poll()).isNull();
      session.publish(video(2, false));
      session.publish(audio(3));
      assertThat(sub.poll()).isNull();
      session.publish(video(4, true));
      assertThat(sub.poll().pts()).isEqualTo(4000L);
    }
  }

  @Test
  void gopLongerThanTheCacheIsNotReplayed() {
    Engine engine =
        Engine.builder().application(AppSpec.defaults("live").withGopCache(true, 4)).build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      session.publish(video(0, true));
      for (int i = 1; i < 10; i++) {
        session.publish(video(i, false));
      }
      Subscription sub = session.handle().subscribe(VIEWER);
      assertThat(sub.poll()).isNull();
      session.publish(video(10, true));
      assertThat(sub.poll().pts()).isEqualTo(10_000L);
    }
  }

  @Test
  void audioOnlyStreamStartsAtTheNewestFrame() {
    Engine engine = Engine.builder().build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      session.publish(audioConfig());
      for (int i = 0; i < 5; i++) {
        session.publish(audio(i));
      }
      Subscription sub = session.handle().subscribe(VIEWER);
      assertThat(drain(sub)).extracting(Frame::pts).containsExactly(0L, 4000L);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void closingThePublishSessionEndsTheStreamForEverySubscriber() throws Exception {
    Engine engine = Engine.builder().build();
    List<StreamEvent> events = new ArrayList<>();
    engine.subscribeEvents("live", events::add);
    PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE);
    Subscription sub = session.handle().subscribe(VIEWER);
    session.publish(video(0, true));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<Long>> reader =
          pool.submit(
              () -> {
                List<Long> seen = new ArrayList<>();
                Frame f;
                while ((f = sub.take()) != null) {
                  seen.add(f.pts());
                }
                return seen;
              });
      session.publish(video(1, false));
      session.close();
      assertThat(reader.get(20, TimeUnit.SECONDS)).containsExactly(0L, 1000L);
    }
    assertThat(sub.isEnded()).isTrue();
    assertThat(session.isOpen()).isFalse();
    assertThat(session.endReason()).contains(EndReason.CLOSED);
    assertThat(engine.findStream(KEY)).isEmpty();
    assertThat(events)
        .extracting(StreamEvent::type)
        .containsSubsequence(
            StreamEvent.Type.PUBLISH_START,
            StreamEvent.Type.SUBSCRIBER_JOIN,
            StreamEvent.Type.PUBLISH_END);
    assertThat(sub.next(Duration.ZERO)).isNull();
    sub.close();
    assertThat(events.get(events.size() - 1).type()).isEqualTo(StreamEvent.Type.SUBSCRIBER_LEAVE);
  }

  @Test
  void timedWaitReturnsNullWithoutEndingTheSubscription() throws Exception {
    Engine engine = Engine.builder().build();
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub = session.handle().subscribe(VIEWER);
      assertThat(sub.next(Duration.ofMillis(5))).isNull();
      assertThat(sub.isEnded()).isFalse();
    }
  }

  private static Thread lingerOnAnotherThread(Subscription sub, Ticker ticker) {
    return lingerOnAnotherThread(sub, ticker, 1);
  }

  private static Thread lingerOnAnotherThread(Subscription sub, Ticker ticker, int times) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (int i = 0; i < times; i++) {
                  sub.linger(ticker);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aLingeringReaderIsWokenByWakeupAndCloseButNotByNewFrames() throws Exception {
    Engine engine = Engine.builder().build();
    Ticker idle =
        new Ticker(Duration.ofHours(1), 1); // never run: only a wakeup or close ends a wait
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub = session.handle().subscribe(VIEWER);
      Thread lingering = lingerOnAnotherThread(sub, idle);
      await().until(() -> lingering.getState() == Thread.State.WAITING);
      for (int i = 0; i < 5; i++) {
        session.publish(video(i, i == 0));
      }
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(lingering::isAlive);
      sub.wakeup();
      assertThat(lingering.join(Duration.ofSeconds(5))).as("woken").isTrue();
      assertThat(drain(sub)).hasSize(5);

      assertThat(sub.next(Duration.ZERO)).as("consumes the earlier wakeup").isNull();
      Thread second = lingerOnAnotherThread(sub, idle);
      await().until(() -> second.getState() == Thread.State.WAITING);
      sub.close();
      assertThat(second.join(Duration.ofSeconds(5))).as("woken by close").isTrue();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void lingeringReadersAreReleasedAtEveryTickAndAtOnceWhenTheTickerStops() throws Exception {
    Engine engine = Engine.builder().build();
    Ticker ticker = new Ticker(Duration.ofMillis(40), 4);
    try (PublishSession session = context(engine).openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      List<Subscription> subs = new ArrayList<>();
      List<Thread> lingering = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Subscription sub = session.handle().subscribe(VIEWER);
        subs.add(sub);
        lingering.add(lingerOnAnotherThread(sub, ticker, 10));
      }
      await().until(() -> lingering.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      Thread clock = Thread.ofVirtual().start(ticker::run);
      for (Thread t : lingering) {
        assertThat(t.join(Duration.ofSeconds(10))).as("released by ten ticks").isTrue();
      }
      ticker.stop();
      assertThat(clock.join(Duration.ofSeconds(5))).as("the clock stopped").isTrue();
      Thread after = lingerOnAnotherThread(subs.get(0), ticker);
      assertThat(after.join(Duration.ofSeconds(5))).as("no wait once stopped").isTrue();
      subs.forEach(Subscription::close);
    }
  }

  private static List<Frame> drain(Subscription sub) {
    List<Frame> out = new ArrayList<>();
    Frame f;
    while ((f = sub.poll()) != null) {
      out.add(f);
    }
    return out;
  }
}
