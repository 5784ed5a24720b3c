package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.format.flv.FlvMuxer;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.StreamMetadata;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.FrameBatch;
import io.arcly.stream.kernel.play.PlayPump;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Writes a subscription's frames to one RTMP peer (a player, or the upstream of a relay) until the
 * stream ends: metadata first and whenever it changes, then every frame as the peer's own type-0
 * chunk header followed by the stream's {@link SharedChunks shared chunked bytes}.
 *
 * <p>Timestamps are rebased so the peer starts near zero. Only the first track of each kind is
 * written. The kernel's {@link PlayPump} batches: frames already waiting in the ring go out in one
 * gathering write (up to {@value #MAX_BATCH} frames or 512 KiB), and with a {@link Ticker} the
 * writer lingers until its next tick before reading again.
 */
public final class FrameWriter {
  static final int MAX_BATCH = 64;
  private static final int MAX_BATCH_BYTES = 512 * 1024;
  private static final int HEADER_VIEWS = 16;

  /**
   * Bytes of a type-0 header in {@link #headers}: at most 14 (a basic header of up to 3 bytes and
   * 11 more; 12 for the chunk streams used here). Extended timestamps take another path.
   */
  private static final int HEADER = ChunkEncoder.MAX_HEADER - 4;

  private final Peer peer;
  private final int streamId;
  private final int chunkSize;
  private final Ticker ticker;
  private final ByteBuffer[] buffers = new ByteBuffer[MAX_BATCH * 2];
  private final SharedChunks.Entry[] held = new SharedChunks.Entry[MAX_BATCH];
  private final byte[] header = new byte[ChunkEncoder.MAX_HEADER];

  /** The batch's type-0 headers, in direct memory while the writer runs. */
  private ByteBuffer headers;

  /**
   * Views of {@link #headers} for the first {@value #HEADER_VIEWS} frames of a batch, made as
   * batches grow and reused; a longer batch (the cached GOP at the start) makes the rest anew.
   */
  private final ByteBuffer[] headerViews = new ByteBuffer[HEADER_VIEWS];

  private long baseMs = -1;
  private StreamMetadata sentMetadata;

  /** A writer to {@code peer} on message stream {@code streamId} that writes without delay. */
  public FrameWriter(Peer peer, int streamId, int chunkSize) {
    this(peer, streamId, chunkSize, null);
  }

  /**
   * A writer to {@code peer} on message stream {@code streamId} that, after each write, lets frames
   * gather until the next tick of {@code ticker} (null: never).
   */
  public FrameWriter(Peer peer, int streamId, int chunkSize, Ticker ticker) {
    this.peer = peer;
    this.streamId = streamId;
    this.chunkSize = chunkSize;
    this.ticker = ticker;
  }

  /**
   * Writes frames that pass {@code wanted} until the stream ends (returns true) or {@code stop}
   * says so (returns false).
   */
  public boolean run(Subscription s, Predicate<Frame> wanted, BooleanSupplier stop)
      throws IOException, InterruptedException {
    headers = DirectBuffers.SHARED.take(MAX_BATCH * HEADER);
    Arrays.fill(headerViews, null);
    try {
      Batch batch = new Batch(s.stream(), wanted);
      return new PlayPump(MAX_BATCH, MAX_BATCH_BYTES, ticker).run(s, batch, stop);
    } finally {
      DirectBuffers.SHARED.give(headers);
      headers = null;
      Arrays.fill(headerViews, null);
    }
  }

  /**
   * One gathering write: per frame the peer's own type-0 chunk header, then the stream's shared
   * chunked bytes.
   */
  private final class Batch implements FrameBatch {
    private final StreamHandle handle;
    private final Predicate<Frame> wanted;
    private final SharedChunks shared;
    private int n;
    private int frames;
    private long bytes;
    private int headerAt;

    Batch(StreamHandle handle, Predicate<Frame> wanted) {
      this.handle = handle;
      this.wanted = wanted;
      this.shared = SharedChunks.of(handle, chunkSize);
    }

    @Override
    public boolean add(Frame f, long seq) {
      if (frames == 0) {
        sendMetadataIfChanged(handle);
      }
      if (!FlvMuxer.carries(f.codec()) || !handle.isPrimary(f) || !wanted.test(f)) {
        return false;
      }
      SharedChunks.Entry e = shared.get(seq, f);
      held[frames++] = e;
      long ts = timestamp(f);
      if (ChunkEncoder.extended(ts)) {
        byte[] whole = SharedChunks.message(e, ts, streamId, chunkSize);
        buffers[n++] = ByteBuffer.wrap(whole);
        bytes += whole.length;
      } else {
        int h = ChunkEncoder.header(header, 0, e.csid, e.typeId, ts, e.length, streamId);
        headers.put(headerAt, header, 0, h);
        buffers[n++] = headerView(frames - 1).limit(headerAt + h).position(headerAt);
        buffers[n++] = e.chunked();
        headerAt += h;
        bytes += h + e.size();
      }
      return true;
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public void write() throws IOException {
      if (n > 0) {
        peer.write(buffers, n);
      }
    }

    @Override
    public void clear() {
      Arrays.fill(buffers, 0, n, null);
      for (int i = 0; i < frames; i++) {
        held[i].release();
        held[i] = null;
      }
      n = 0;
      frames = 0;
      bytes = 0;
      headerAt = 0;
    }

    @Override
    public void idle() throws IOException {
      peer.flushQueued();
    }
  }

  private ByteBuffer headerView(int i) {
    if (i >= HEADER_VIEWS) {
      return headers.duplicate();
    }
    ByteBuffer v = headerViews[i];
    if (v == null) {
      v = headerViews[i] = headers.duplicate();
    }
    return v;
  }

  private long timestamp(Frame f) {
    long ms = MediaTime.toMillis(f.dts());
    if (baseMs < 0) {
      if (f.isConfig()) {
        return 0;
      }
      baseMs = ms;
    }
    return Math.max(0, ms - baseMs);
  }

  private void sendMetadataIfChanged(StreamHandle handle) {
    StreamMetadata m = handle.metadata();
    if (m == sentMetadata) {
      return;
    }
    sentMetadata = m;
    if (m.values().isEmpty()) {
      return;
    }
    DataMessage d = new DataMessage("onMetaData", List.of(AmfValues.ecma(m.values())));
    peer.send(ServerSession.CSID_STATUS, MessageType.DATA_AMF0.code(), streamId, 0, d.encode());
  }
}
