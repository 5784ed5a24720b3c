package io.arcly.stream.kernel.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The play pump's batches and ends, and the wait for a publisher, against a real engine. */
class PlayPumpTest {
  private static final StreamKey KEY = new StreamKey("live", "pump");
  private static final ClientInfo PUBLISHER = new ClientInfo("test", "127.0.0.1:1", "enc");
  private static final ClientInfo PLAYER = new ClientInfo("test", "127.0.0.1:2", "player");

  private final Engine engine = Engine.builder().build();
  private final IngestContext ctx =
      IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());

  private static Frame video(long i, boolean key) {
    return Frame.video(CodecId.H264, i * 40_000, i * 40_000, key, Payload.wrap(new byte[100]));
  }

  /** Records batches; frames of odd pts (in 40 ms units) are not wanted. */
  private static final class Recorder implements FrameBatch {
    final List<List<Long>> written = new ArrayList<>();
    final List<Long> current = new ArrayList<>();
    int clears;
    boolean failWrite;

    @Override
    public boolean add(Frame frame, long sequence) {
      if ((frame.pts() / 40_000) % 2 == 1) {
        return false;
      }
      current.add(frame.pts() / 40_000);
      return true;
    }

    @Override
    public long bytes() {
      return current.size() * 100L;
    }

    @Override
    public void write() throws IOException {
      if (failWrite) {
        throw new IOException("peer gone");
      }
      written.add(List.copyOf(current));
    }

    @Override
    public void clear() {
      current.clear();
      clears++;
    }
  }

  @Test
  void framesReadyTogetherGoOutTogetherUntilTheStreamEnds() throws Exception {
    Recorder r = new Recorder();
    Subscription sub;
    try (PublishSession s = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      sub = ctx.openPlay(KEY, PLAYER, Credentials.NONE);
      for (int i = 0; i < 10; i++) {
        s.publish(video(i, i == 0));
      }
    }
    // Ten frames ready at once, batches of at most 3 taken frames; the stream has ended.
    assertThat(new PlayPump(3, 1 << 20, null).run(sub, r, () -> false)).isTrue();
    assertThat(r.written).containsExactly(List.of(0L, 2L, 4L), List.of(6L, 8L));
    assertThat(sub.stream().qos().framesOut()).isEqualTo(5);
    assertThat(sub.stream().qos().bytesOut()).isEqualTo(500);
  }

  @Test
  void aBatchIsClearedWhenTheWriteFailsAndStopEndsThePump() throws Exception {
    try (PublishSession s = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub = ctx.openPlay(KEY, PLAYER, Credentials.NONE);
      s.publish(video(0, true));
      Recorder r = new Recorder();
      r.failWrite = true;
      assertThatThrownBy(() -> new PlayPump(8, 1 << 20, null).run(sub, r, () -> false))
          .isInstanceOf(IOException.class);
      assertThat(r.clears).isEqualTo(1);
      assertThat(r.current).isEmpty();
      assertThat(new PlayPump(8, 1 << 20, null).run(sub, new Recorder(), () -> true)).isFalse();
    }
  }

  @Test
  void aPlayerWaitsForThePublisherAndSubscribesWhenItComes() throws Exception {
    PublisherWait wait = new PublisherWait(ctx, KEY, PLAYER, Credentials.NONE);
    assertThat(wait.open(Duration.ofSeconds(30))).isNull();
    AtomicInteger idles = new AtomicInteger();
    CompletableFuture<Subscription> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return wait.await(Duration.ofSeconds(30), () -> false, idles::incrementAndGet);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    // Listed as a session while it waits.
    await().until(() -> engine.sessions().list().size() == 1);
    try (PublishSession s = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      Subscription sub = waiting.get();
      assertThat(sub.stream().key()).isEqualTo(KEY);
      assertThat(idles.get()).isPositive();
      sub.close();
    }
  }

  @Test
  void aWaitEndsWithNotFoundAtItsLimitOrNullWhenStopped() throws Exception {
    PublisherWait wait = new PublisherWait(ctx, KEY, PLAYER, Credentials.NONE);
    assertThatThrownBy(() -> wait.open(Duration.ZERO))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("not live");
    assertThatThrownBy(() -> wait.await(Duration.ofMillis(50), () -> false, () -> {}))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("no publisher for live/pump");
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Subscription> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return wait.await(Duration.ofSeconds(30), stop::get, () -> {});
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    await().until(() -> engine.sessions().list().size() == 1);
    stop.set(true);
    wait.wake();
    assertThat(waiting.get()).isNull();
    assertThat(engine.sessions().list()).isEmpty();
  }
}
