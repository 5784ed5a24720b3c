package io.arcly.stream.protocol.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SharedChunksTest {
  private static final StreamKey KEY = new StreamKey("live", "chunks");
  private static final ClientInfo PUBLISHER = new ClientInfo("test", "127.0.0.1:5000", "unit");

  private static Frame video(long i) {
    byte[] nal = {0, 0, 0, 2, 0x41, (byte) i};
    return Frame.video(CodecId.H264, i * 33_000L, i * 33_000L, false, Payload.wrap(nal));
  }

  private static PublishSession open(Engine engine) {
    IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
    return ctx.openPublish(KEY, PUBLISHER, Credentials.NONE);
  }

  @Test
  void aFrameIsChunkedOnceForEveryPlayerAndOlderFramesNeverDisplaceNewerOnes() throws Exception {
    Engine engine = Engine.builder().build(); // ring of 2048 frames: the cache holds 512
    try (PublishSession session = open(engine)) {
      SharedChunks chunks = SharedChunks.of(session.handle(), 4096, new DirectBuffers(1 << 20));
      assertThat(SharedChunks.of(session.handle(), 4096)).isSameAs(chunks);
      long live = 1000;
      long lagging = live - SharedChunks.MAX_CAPACITY; // the same slot, one lap older
      Frame liveFrame = video(live);
      Frame oldFrame = video(lagging);

      SharedChunks.Entry shared = chunks.get(live, liveFrame);
      assertThat(shared.pooled()).isTrue();
      assertThat(shared.chunked().isDirect()).isTrue();
      assertThat(chunks.get(live, liveFrame)).isSameAs(shared); // made once, shared

      SharedChunks.Entry old = chunks.get(lagging, oldFrame); // a lagging player's private copy
      assertThat(old.seq).isEqualTo(lagging);
      assertThat(old.pooled()).isFalse();
      assertThat(old.size()).isEqualTo(shared.size());
      assertThat(chunks.get(live, liveFrame)).isSameAs(shared); // still cached
      assertThat(chunks.get(lagging, oldFrame)).isNotSameAs(old); // never cached

      // A newer frame in the same slot takes it over.
      Frame next = video(live + SharedChunks.MAX_CAPACITY);
      SharedChunks.Entry newer = chunks.get(live + SharedChunks.MAX_CAPACITY, next);
      assertThat(chunks.get(live + SharedChunks.MAX_CAPACITY, next)).isSameAs(newer);
      assertThat(chunks.get(live, liveFrame)).isNotSameAs(shared);
    }
  }

  @Test
  void cachedMemoryReturnsToThePoolOnlyAfterTheLastWriterAndTheCacheLetGo() throws Exception {
    Engine engine = Engine.builder().build();
    DirectBuffers pool = new DirectBuffers(1 << 20);
    PublishSession session = open(engine);
    SharedChunks chunks = SharedChunks.of(session.handle(), 4096, pool);
    Frame first = video(1);
    SharedChunks.Entry writing = chunks.get(1, first); // a player writing it
    ByteBuffer bytes = writing.chunked();
    byte[] before = new byte[bytes.remaining()];
    bytes.get(before);
    SharedChunks.Entry second = chunks.get(1, first); // a second player
    second.release(); // done writing

    // A newer frame takes the slot: the cache lets go, but the first player still writes.
    chunks.get(1 + SharedChunks.MAX_CAPACITY, video(1 + SharedChunks.MAX_CAPACITY)).release();
    assertThat(pool.idleBytes()).isZero();
    assertThat(writing.retain()).isTrue(); // still held, so still usable
    writing.release();
    writing.release(); // the last reference: back in the pool
    assertThat(pool.idleBytes()).isEqualTo(DirectBuffers.MIN_SIZE);
    assertThat(writing.retain()).isFalse(); // released memory is never handed out again

    // The stream's end returns what the cache holds; frames built afterwards are private.
    session.close();
    assertThat(pool.idleBytes()).isEqualTo(2L * DirectBuffers.MIN_SIZE);
    SharedChunks.Entry late = chunks.get(2 + SharedChunks.MAX_CAPACITY, video(2));
    assertThat(late.pooled()).isFalse();
    late.release();
    assertThat(pool.idleBytes()).isEqualTo(2L * DirectBuffers.MIN_SIZE);

    // Reused memory holds exactly the new frame's bytes.
    SharedChunks.Entry reused = SharedChunks.build(7, video(7), 4096, pool);
    ByteBuffer r = reused.chunked();
    byte[] after = new byte[r.remaining()];
    r.get(after);
    assertThat(after).isEqualTo(SharedChunks.build(7, video(7), 4096, null).chunked().array());
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void poolRecyclesBySizeClassAndKeepsABoundedAmountIdle() {
    DirectBuffers pool = new DirectBuffers(4096);
    ByteBuffer small = pool.take(100);
    assertThat(small.isDirect()).isTrue();
    assertThat(small.capacity()).isEqualTo(DirectBuffers.MIN_SIZE);
    assertThat(small.limit()).isEqualTo(100);
    ByteBuffer big = pool.take(3000);
    assertThat(big.capacity()).isEqualTo(4096);
    assertThat(pool.take(DirectBuffers.MAX_SIZE + 1)).isNull();
    pool.give(small);
    assertThat(pool.take(512)).isSameAs(small);
    pool.give(small);
    pool.give(big); // 512 + 4096 > 4096: left to the garbage collector
    assertThat(pool.idleBytes()).isEqualTo(DirectBuffers.MIN_SIZE);
    assertThat(pool.take(4000)).isNotSameAs(big);
  }
}
