package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.format.flv.FlvMuxer;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.StreamMetadata;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Writes a subscription's frames to one RTMP peer (a player, or the upstream of a relay) until the
 * stream ends: metadata first and whenever it changes, then every frame as the peer's own type-0
 * chunk header followed by the stream's {@link SharedChunks shared chunked bytes}.
 *
 * <p>Timestamps are rebased so the peer starts near zero. Frames already waiting in the ring are
 * written together in one gathering write (up to {@value #MAX_BATCH} frames or 512 KiB). With a
 * {@link Ticker} (whose period is the batch delay), the writer then lingers until its next tick
 * before reading again, so a player's frames go out in fewer, larger writes, the publisher does not
 * wake the writer frame by frame, and writers wake in a few bursts per period rather than one by
 * one; a frame waits at most one period. A frame that arrives after an idle pause (and the cached
 * GOP at the start) is written at once.
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

  private static final Duration POLL = Duration.ofSeconds(1);

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
      return write(s, wanted, stop);
    } finally {
      DirectBuffers.SHARED.give(headers);
      headers = null;
      Arrays.fill(headerViews, null);
    }
  }

  private boolean write(Subscription s, Predicate<Frame> wanted, BooleanSupplier stop)
      throws IOException, InterruptedException {
    StreamHandle handle = s.stream();
    SharedChunks shared = SharedChunks.of(handle, chunkSize);
    while (!stop.getAsBoolean()) {
      Frame f = s.next(POLL);
      if (f == null) {
        if (s.isEnded()) {
          return !stop.getAsBoolean();
        }
        peer.flushQueued();
        continue;
      }
      sendMetadataIfChanged(handle);
      int n = 0;
      int frames = 0;
      long bytes = 0;
      int headerAt = 0;
      try {
        do {
          long seq = s.lastSequence();
          if (!FlvMuxer.carries(f.codec()) || !handle.isPrimary(f) || !wanted.test(f)) {
            continue;
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
        } while (frames < MAX_BATCH && bytes < MAX_BATCH_BYTES && (f = s.poll()) != null);
        if (n > 0) {
          peer.write(buffers, n);
          s.recordSent(frames, bytes);
        }
      } finally {
        Arrays.fill(buffers, 0, n, null);
        for (int i = 0; i < frames; i++) {
          held[i].release();
          held[i] = null;
        }
      }
      if (n > 0 && ticker != null && f == null) { // drained, not cut by the batch limits
        s.linger(ticker);
      }
    }
    return false;
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
