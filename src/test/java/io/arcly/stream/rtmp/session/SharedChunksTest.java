package io.arcly.stream.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.media.ClientInfo;
import io.arcly.stream.kernel.media.CodecId;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.Payload;
import io.arcly.stream.kernel.media.StreamKey;
import io.arcly.stream.kernel.spi.Credentials;
import org.junit.jupiter.api.Test;

class SharedChunksTest {
  private static final StreamKey KEY = new StreamKey("live", "chunks");
  private static final ClientInfo PUBLISHER = new ClientInfo("test", "127.0.0.1:5000", "unit");

  private static Frame video(long i) {
    byte[] nal = {0, 0, 0, 2, 0x41, (byte) i};
    return Frame.video(CodecId.H264, i * 33_000L, i * 33_000L, false, Payload.wrap(nal));
  }

  @Test
  void aFrameIsChunkedOnceForEveryPlayerAndOlderFramesNeverDisplaceNewerOnes() throws Exception {
    Engine engine = Engine.builder().build(); // ring of 2048 frames: the cache holds 512
    IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
    try (PublishSession session = ctx.openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      SharedChunks chunks = SharedChunks.of(session.handle(), 4096);
      assertThat(SharedChunks.of(session.handle(), 4096)).isSameAs(chunks);
      long live = 1000;
      long lagging = live - SharedChunks.MAX_CAPACITY; // the same slot, one lap older
      Frame liveFrame = video(live);
      Frame oldFrame = video(lagging);

      SharedChunks.Entry shared = chunks.get(live, liveFrame);
      assertThat(chunks.get(live, liveFrame)).isSameAs(shared); // made once, shared

      SharedChunks.Entry old = chunks.get(lagging, oldFrame); // a lagging player's private copy
      assertThat(old.seq()).isEqualTo(lagging);
      assertThat(old.chunked()).isNotEmpty();
      assertThat(chunks.get(live, liveFrame)).isSameAs(shared); // still cached
      assertThat(chunks.get(lagging, oldFrame)).isNotSameAs(old); // never cached

      // A newer frame in the same slot takes it over.
      Frame next = video(live + SharedChunks.MAX_CAPACITY);
      SharedChunks.Entry newer = chunks.get(live + SharedChunks.MAX_CAPACITY, next);
      assertThat(chunks.get(live + SharedChunks.MAX_CAPACITY, next)).isSameAs(newer);
      assertThat(chunks.get(live, liveFrame)).isNotSameAs(shared);
    }
  }
}
