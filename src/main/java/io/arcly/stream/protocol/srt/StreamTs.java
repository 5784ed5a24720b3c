package io.arcly.stream.protocol.srt;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.format.mpegts.TsMuxer;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The MPEG-TS form of a stream's frames, made once per frame and shared by every SRT reader: one
 * muxer per stream (its first video and first audio track), each frame's transport packets cut into
 * SRT payloads of seven packets (1316 bytes), the PAT and PMT before every video keyframe (and
 * every {@value #AUDIO_TABLES_EVERY}th frame of a stream without video).
 *
 * <p>Kept as a {@link StreamHandle} attachment, indexed like the ring by the frame's sequence
 * number; a slot is built by the first reader that needs it, in ring order (the muxer's continuity
 * counters follow the ring). The cache covers the newest {@value #CAPACITY} frames; a reader
 * further behind muxes older frames with a muxer of its own.
 */
final class StreamTs {
  /** Frames cached (a power of two). */
  static final int CAPACITY = 512;

  /** The transport packets of one SRT payload: 7 x 188 bytes, as libsrt senders use. */
  static final int PAYLOAD = 1316;

  static final int AUDIO_TABLES_EVERY = 16;

  /** One frame's payloads; {@code tables} when they start with the PAT and PMT. */
  record Chunks(long seq, List<Payload> payloads, boolean tables) {
    static final Chunks NONE = new Chunks(-1, List.of(), false);

    long bytes() {
      long n = 0;
      for (Payload p : payloads) {
        n += p.length();
      }
      return n;
    }
  }

  private final StreamHandle handle;
  private final AtomicReferenceArray<Chunks> slots = new AtomicReferenceArray<>(CAPACITY);
  private final TsMuxer muxer;
  private int videoTrack = -1;
  private int audioTrack = -1;
  private long built = -1;
  private int audioFrames;

  private StreamTs(StreamHandle handle) {
    this.handle = handle;
    pickTracks();
    this.muxer = muxer(handle, videoTrack, audioTrack);
  }

  /** The stream. */
  StreamHandle handle() {
    return handle;
  }

  /** The stream's TS form, created on first use. */
  static StreamTs of(StreamHandle handle) {
    return handle.attachment(StreamTs.class, StreamTs::new);
  }

  /** A muxer configured with the stream's latest configurations of those tracks. */
  static TsMuxer muxer(StreamHandle handle, int video, int audio) {
    TsMuxer m = new TsMuxer(null, null);
    for (int track : new int[] {video, audio}) {
      if (track >= 0) {
        handle.config(track).ifPresent(c -> configure(m, c));
      }
    }
    return m;
  }

  static void configure(TsMuxer m, Frame config) {
    try {
      m.updateConfig(config);
    } catch (IllegalArgumentException | CodecException e) {
      // a codec MPEG-TS does not carry here (AV1, Opus, ...), or a broken record: no such track
    }
  }

  private synchronized void pickTracks() {
    videoTrack = -1;
    audioTrack = -1;
    for (TrackInfo t : handle.tracks()) {
      if (t.kind() == TrackKind.VIDEO && videoTrack < 0) {
        videoTrack = t.id();
      } else if (t.kind() == TrackKind.AUDIO && audioTrack < 0) {
        audioTrack = t.id();
      }
    }
  }

  /** Whether frames of {@code track} go into the stream's TS. */
  synchronized boolean carries(int track) {
    if (track != videoTrack && track != audioTrack) {
      pickTracks(); // a track that came after the first reader
    }
    return track == videoTrack || track == audioTrack;
  }

  /**
   * The payloads of {@code f}, the stream's frame under ring sequence {@code seq} (-1 for a
   * replayed configuration): none for a configuration (which configures the muxer) or a track not
   * carried; null when the frame is older than what the shared muxer has built (the reader lags
   * further than the cache): the reader then muxes it with a muxer of its own.
   */
  Chunks chunks(long seq, Frame f) {
    if (!carries(f.track()) || seq < 0) {
      return Chunks.NONE;
    }
    int i = (int) (seq & (CAPACITY - 1));
    Chunks c = slots.getAcquire(i);
    if (c != null && c.seq() == seq) {
      return c;
    }
    Chunks made = build(seq, f);
    if (made == null) {
      return null;
    }
    if (c == null || c.seq() < seq) {
      slots.compareAndSet(i, c, made);
    }
    return made;
  }

  private synchronized Chunks build(long seq, Frame f) {
    if (seq <= built) {
      return null; // behind the shared muxer: the reader muxes it itself
    }
    built = seq;
    if (f.isConfig()) {
      configure(muxer, f);
      return new Chunks(seq, List.of(), false);
    }
    boolean tables = tablesBefore(f);
    try {
      return split(seq, muxer.packets(List.of(f), tables), tables);
    } catch (CodecException e) {
      return new Chunks(seq, List.of(), false); // a frame the muxer cannot frame: left out
    }
  }

  private boolean tablesBefore(Frame f) {
    if (f.kind() == TrackKind.VIDEO) {
      return f.isKeyframe();
    }
    return videoTrack < 0 && audioFrames++ % AUDIO_TABLES_EVERY == 0;
  }

  /** The tracks muxed: the video track id, the audio track id (-1 for none). */
  synchronized int[] trackIds() {
    return new int[] {videoTrack, audioTrack};
  }

  /** The PAT and PMT of the stream now, as one payload, for a reader's start. */
  synchronized Payload tables() {
    TsMuxer m = muxer(handle, videoTrack, audioTrack);
    return Payload.wrap(m.packets(List.of(), true));
  }

  /** Cuts transport packets into SRT payloads. */
  static Chunks split(long seq, byte[] ts, boolean tables) {
    int n = (ts.length + PAYLOAD - 1) / PAYLOAD;
    Payload all = Payload.wrap(ts);
    Payload[] out = new Payload[n];
    for (int i = 0; i < n; i++) {
      out[i] = all.slice(i * PAYLOAD, Math.min(ts.length, (i + 1) * PAYLOAD));
    }
    return new Chunks(seq, List.of(out), tables);
  }
}
