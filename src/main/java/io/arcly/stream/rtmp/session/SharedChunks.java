package io.arcly.stream.rtmp.session;

import io.arcly.stream.flv.FlvMuxer;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.Payload;
import io.arcly.stream.kernel.media.TrackKind;
import io.arcly.stream.rtmp.wire.ChunkEncoder;
import io.arcly.stream.rtmp.wire.MessageType;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The RTMP form of a stream's frames, made once and written to every player: per frame, the FLV tag
 * body split into chunks with the type-3 headers in place. Each player adds only its own type-0
 * header (its own timestamp). Kept as a {@link StreamHandle} attachment, indexed like the stream's
 * ring by the frame's sequence number; a slot is computed by the first player that needs it (two
 * players racing compute the same bytes, one copy wins).
 *
 * <p>The cache covers the newest {@value #MAX_CAPACITY} frames at most (fewer if the ring is
 * smaller): players near the live edge and new players starting from a usual GOP share it, while a
 * player lagging further behind (or starting from a longer GOP) gets private copies of the older
 * frames, which never displace newer ones. So an RTMP-played stream keeps a fraction of its ring in
 * chunked form rather than all of it.
 */
final class SharedChunks {
  static final int CSID_AUDIO = 4;
  static final int CSID_VIDEO = 6;

  /** Most frames cached (a power of two): about 7 s of a 30 fps stream with audio. */
  static final int MAX_CAPACITY = 512;

  /** One frame in RTMP form. */
  record Entry(long seq, Frame frame, int csid, int typeId, int length, byte[] chunked) {}

  private final AtomicReferenceArray<Entry> slots;
  private final int mask;
  private final int chunkSize;

  private SharedChunks(int capacity, int chunkSize) {
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
    this.chunkSize = chunkSize;
  }

  /** The stream's cache for chunk size {@code chunkSize} (one server-wide setting). */
  static SharedChunks of(StreamHandle handle, int chunkSize) {
    SharedChunks c =
        handle.attachment(
            SharedChunks.class,
            h -> new SharedChunks(Math.min(h.capacity(), MAX_CAPACITY), chunkSize));
    return c.chunkSize == chunkSize ? c : new SharedChunks(16, chunkSize);
  }

  /** The frame at {@code seq} in RTMP form; {@code seq < 0} builds a private one. */
  Entry get(long seq, Frame f) {
    if (seq < 0) {
      return build(seq, f, chunkSize);
    }
    int i = (int) (seq & mask);
    Entry e = slots.getAcquire(i);
    if (e != null && e.seq == seq && e.frame == f) {
      return e;
    }
    Entry built = build(seq, f, chunkSize);
    while (e == null || e.seq < seq) { // never displace a newer frame's entry
      Entry seen = slots.compareAndExchangeRelease(i, e, built);
      if (seen == e) {
        return built;
      }
      e = seen;
      if (e != null && e.seq == seq && e.frame == f) {
        return e; // another player stored it first
      }
    }
    return built;
  }

  static Entry build(long seq, Frame f, int chunkSize) {
    FlvMuxer.Tag tag = FlvMuxer.tag(f);
    boolean video = f.kind() == TrackKind.VIDEO;
    int csid = video ? CSID_VIDEO : CSID_AUDIO;
    int type = (video ? MessageType.VIDEO : MessageType.AUDIO).code();
    return new Entry(seq, f, csid, type, tag.length(), chunk(csid, tag, chunkSize));
  }

  /** The tag body with type-3 basic headers every {@code chunkSize} bytes. */
  static byte[] chunk(int csid, FlvMuxer.Tag tag, int chunkSize) {
    return ChunkEncoder.continuationBody(csid, tag.header(), tag.data(), chunkSize);
  }

  /** The whole message for one player whose timestamp needs the extended field. */
  static byte[] message(Entry e, long timestamp, int streamId, int chunkSize) {
    FlvMuxer.Tag tag = FlvMuxer.tag(e.frame());
    Payload body = tag.toPayload();
    return ChunkEncoder.message(e.csid(), e.typeId(), timestamp, streamId, body, chunkSize);
  }
}
