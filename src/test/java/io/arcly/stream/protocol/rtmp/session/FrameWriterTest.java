package io.arcly.stream.protocol.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FrameWriterTest {
  private static final StreamKey KEY = new StreamKey("live", "writer");
  private static final ClientInfo PUBLISHER = new ClientInfo("test", "127.0.0.1:5000", "unit");
  private static final ClientInfo VIEWER = new ClientInfo("rtmp", "127.0.0.1:6000", "viewer");

  /** A peer that records each gathering write as the number of frames (header + body pairs). */
  private static final class RecordingPeer implements Peer {
    final List<Integer> writes = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public String remoteAddress() {
      return "127.0.0.1:6000";
    }

    @Override
    public void send(int csid, int typeId, int streamId, long timestamp, byte[] body) {}

    @Override
    public void setOutChunkSize(int size) {}

    @Override
    public int outChunkSize() {
      return 4096;
    }

    @Override
    public void setReadTimeout(Duration timeout) {}

    @Override
    public void startMediaWriter(Runnable wake) {}

    @Override
    public void stopMediaWriter() {}

    @Override
    public void write(ByteBuffer[] buffers, int count) {
      synchronized (bytes) {
        for (int i = 0; i < count; i++) {
          ByteBuffer b = buffers[i];
          byte[] copy = new byte[b.remaining()];
          b.get(copy); // consumed, as a socket write does
          bytes.writeBytes(copy);
        }
      }
      writes.add(count / 2);
    }

    /** The messages written so far, decoded by a peer's chunk decoder. */
    List<RawMessage> messages() {
      ByteBuffer in;
      synchronized (bytes) {
        in = ByteBuffer.allocate(16 + bytes.size());
        // Set Chunk Size 4096 first, as a player would have received it.
        in.put(new byte[] {2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0x10, 0});
        in.put(bytes.toByteArray());
      }
      in.flip();
      List<RawMessage> out = new ArrayList<>();
      new ChunkDecoder()
          .decode(
              in,
              m -> {
                if (m.typeId() != 1) {
                  out.add(m);
                }
              });
      return out;
    }

    @Override
    public void flushQueued() {}

    @Override
    public Thread startThread(String name, Runnable task) {
      return Thread.ofVirtual().start(task);
    }

    @Override
    public void close(String reason, boolean error) {}

    @Override
    public boolean isClosed() {
      return false;
    }
  }

  private static Thread start(FrameWriter writer, Subscription sub, AtomicBoolean stop) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                writer.run(sub, f -> true, stop::get);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private static PublishSession openPublish() {
    Engine engine = Engine.builder().build();
    IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
    return ctx.openPublish(KEY, PUBLISHER, Credentials.NONE);
  }

  /** Stops the writer, checks that its thread ends, and leaves the stream. */
  private static void stopWriter(Thread t, Subscription sub, AtomicBoolean stop)
      throws InterruptedException {
    stop.set(true);
    sub.wakeup();
    assertThat(t.join(Duration.ofSeconds(5))).isTrue();
    sub.close();
  }

  private static Frame video(int i) {
    byte[] nal = {0, 0, 0, 2, (byte) (i == 0 ? 0x65 : 0x41), (byte) i};
    return Frame.video(CodecId.H264, i * 33_000L, i * 33_000L, i == 0, Payload.wrap(nal));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void withATickerFramesPublishedMeanwhileGoOutTogetherAndAWakeupCutsTheWaitShort()
      throws Exception {
    try (PublishSession session = openPublish()) {
      session.publish(
          Frame.config(CodecId.H264, 0, Payload.wrap(new byte[] {1, 0x64, 0, 0x1f, -1, -31, 0})));
      session.publish(video(0));
      Subscription sub = session.handle().subscribe(VIEWER);
      RecordingPeer peer = new RecordingPeer();
      // A ticker that never runs, so only a wakeup can end the wait.
      FrameWriter writer = new FrameWriter(peer, 1, 4096, new Ticker(Duration.ofHours(1), 1));
      AtomicBoolean stop = new AtomicBoolean();
      Thread t = start(writer, sub, stop);
      // The configuration and the cached keyframe go out at once, in one write.
      await().until(() -> peer.writes.equals(List.of(2)));
      for (int i = 1; i <= 5; i++) {
        session.publish(video(i));
      }
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> peer.writes.size() == 1);
      sub.wakeup(); // what a queued control message does
      await().until(() -> peer.writes.equals(List.of(2, 5)));
      stopWriter(t, sub, stop);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void withoutABatchDelayEachFrameIsWrittenWhenItArrives() throws Exception {
    try (PublishSession session = openPublish()) {
      session.publish(video(0));
      Subscription sub = session.handle().subscribe(VIEWER);
      RecordingPeer peer = new RecordingPeer();
      FrameWriter writer = new FrameWriter(peer, 1, 4096);
      AtomicBoolean stop = new AtomicBoolean();
      Thread t = start(writer, sub, stop);
      for (int i = 1; i <= 3; i++) {
        int before = peer.writes.size();
        session.publish(video(i));
        await().until(() -> peer.writes.size() > before);
      }
      assertThat(peer.writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
      stopWriter(t, sub, stop);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void batchesLongerThanTheReusedHeaderViewsCarryEveryFrameWithItsOwnTimestamp() throws Exception {
    try (PublishSession session = openPublish()) {
      for (int i = 0; i < 40; i++) { // waiting in the ring: the first write carries all 40
        session.publish(video(i));
      }
      Subscription sub = session.handle().subscribe(VIEWER);
      RecordingPeer peer = new RecordingPeer();
      FrameWriter writer = new FrameWriter(peer, 1, 4096);
      AtomicBoolean stop = new AtomicBoolean();
      Thread t = start(writer, sub, stop);
      await().until(() -> peer.writes.equals(List.of(40)));
      for (int i = 40; i < 50; i++) { // then batches that reuse the views
        session.publish(video(i));
      }
      await().until(() -> peer.messages().size() == 50);
      List<RawMessage> got = peer.messages();
      for (int i = 0; i < 50; i++) {
        RawMessage m = got.get(i);
        assertThat(m.typeId()).isEqualTo(9);
        assertThat(m.streamId()).isEqualTo(1);
        assertThat(m.timestamp()).as("frame %d", i).isEqualTo(i * 33L);
        byte[] body = m.body().toByteArray();
        assertThat(body[body.length - 1]).as("frame %d", i).isEqualTo((byte) i);
      }
      stopWriter(t, sub, stop);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aPublisherWhoseTimestampsJumpBackAnHourStillGivesPlayersRisingTimestamps() throws Exception {
    try (PublishSession session = openPublish()) {
      Subscription sub = session.handle().subscribe(VIEWER);
      RecordingPeer peer = new RecordingPeer();
      FrameWriter writer = new FrameWriter(peer, 1, 4096);
      AtomicBoolean stop = new AtomicBoolean();
      Thread t = start(writer, sub, stop);
      long hour = 3_600_000_000L;
      for (int i = 0; i < 20; i++) {
        long dts = i < 10 ? hour + i * 33_000L : (i - 10) * 33_000L; // the clock restarts at 0
        byte[] nal = {0, 0, 0, 2, (byte) (i % 10 == 0 ? 0x65 : 0x41), (byte) i};
        session.publish(Frame.video(CodecId.H264, dts, dts, i % 10 == 0, Payload.wrap(nal)));
      }
      await().until(() -> peer.messages().size() == 20);
      List<RawMessage> got = peer.messages();
      for (int i = 1; i < 20; i++) {
        assertThat(got.get(i).timestamp() - got.get(i - 1).timestamp())
            .as("step to frame %d", i)
            .isBetween(1L, 33L);
      }
      assertThat(session.handle().qos().discontinuities()).isEqualTo(1);
      stopWriter(t, sub, stop);
    }
  }
}
