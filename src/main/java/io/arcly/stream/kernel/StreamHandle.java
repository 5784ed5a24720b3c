package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One live stream: the single-writer fan-out bus between its publisher and its subscribers.
 *
 * <p>Frames go into a bounded ring of {@link AppSpec#effectiveRingCapacity()} slots; every {@link
 * Subscription} keeps its own cursor into it, so the publisher never waits for anyone and memory
 * per stream is bounded. A subscriber lapped by the publisher skips to the newest keyframe and
 * counts a drop. The GOP cache is the ring itself from the last keyframe on, plus the latest codec
 * configurations: a new subscriber gets the configurations, then the GOP, then live frames.
 *
 * <p>Every frame passes the stream's {@link Timeline} first, so subscribers see timestamps that go
 * on across the publisher's timestamp jumps (each flagged {@link Frame#DISCONTINUITY}).
 *
 * <p>Only the owner of the {@link PublishSession} publishes, from one thread at a time.
 */
public final class StreamHandle {
  /** The most tracks a stream may have. */
  public static final int MAX_TRACKS = 16;

  /** One ring entry: the frame and the sequence number it was written under. */
  record Slot(long seq, Frame frame) {}

  private final Engine engine;
  private final StreamKey key;
  private final AppSpec spec;
  private static final System.Logger LOG = System.getLogger(StreamHandle.class.getName());

  private final ClientInfo publisher;
  private final long id;
  private final Instant startedAt;
  private final long startedNanos;

  private final Timeline timeline;
  private final AtomicReferenceArray<Slot> slots;
  private final int mask;
  private volatile long head;
  private volatile long anchorSeq = -1;
  private volatile boolean hasVideo;

  /** The latest configuration frame of each track, in the order tracks first appeared. */
  private volatile List<Frame> configs = List.of();

  /** The first track of each kind, by {@link TrackKind#ordinal()}; -1 before it appears. */
  private final AtomicIntegerArray primary = new AtomicIntegerArray(new int[] {-1, -1, -1});

  /** Track ids seen, a bit per id; publisher thread only. */
  private final long[] seenTracks = new long[(Frame.MAX_TRACK + 64) / 64];

  private int trackCount;
  private volatile StreamMetadata metadata = StreamMetadata.EMPTY;
  private boolean metadataCutLogged;
  private volatile List<TrackInfo> tracks = List.of();
  private volatile java.util.function.Supplier<List<TrackReception>> reception;
  private final AtomicReference<EndReason> endReason = new AtomicReference<>();
  private final CopyOnWriteArrayList<Consumer<EndReason>> endListeners =
      new CopyOnWriteArrayList<>();

  private final ConcurrentHashMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriberCount = new AtomicInteger();
  private final AtomicLong subscriberIds = new AtomicLong();

  // Written by the single publisher only; volatile so readers see fresh values.
  private volatile long framesIn;
  private volatile long bytesIn;
  private volatile long videoFrames;
  private volatile long audioFrames;
  private volatile long keyframes;
  private volatile long lastFrameNanos;

  private final LongAdder framesOut = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder drops = new LongAdder();

  // Rate sampling state, touched only by housekeeping (synchronized sampleRates).
  private long sampleNanos;
  private long sampleBytesIn;
  private long sampleBytesOut;
  private long sampleVideoFrames;
  private volatile long bitrateIn;
  private volatile long bitrateOut;
  private volatile double fps;

  StreamHandle(Engine engine, StreamKey key, AppSpec spec, ClientInfo publisher, long id) {
    this.engine = engine;
    this.key = key;
    this.spec = spec;
    this.publisher = publisher;
    this.id = id;
    this.startedAt = engine.wallNow();
    this.startedNanos = engine.nanoTime();
    this.lastFrameNanos = startedNanos;
    this.sampleNanos = startedNanos;
    this.timeline = new Timeline(spec.maxTimestampJump());
    int capacity = spec.effectiveRingCapacity();
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  /** The stream key. */
  public StreamKey key() {
    return key;
  }

  /** The settings of the stream's application. */
  public AppSpec spec() {
    return spec;
  }

  /** Who publishes this stream. */
  public ClientInfo publisher() {
    return publisher;
  }

  /** A number unique to this publish within the engine. */
  public long id() {
    return id;
  }

  /** When the publisher started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The ring capacity in frames. */
  public int capacity() {
    return mask + 1;
  }

  /** Whether the stream has ended. */
  public boolean isEnded() {
    return endReason.get() != null;
  }

  /** Why the stream ended, once it has. */
  public Optional<EndReason> endReason() {
    return Optional.ofNullable(endReason.get());
  }

  /**
   * The stream's tracks in the order they appeared, each described from its latest configuration
   * (or as the publisher described it).
   */
  public List<TrackInfo> tracks() {
    return tracks;
  }

  /**
   * The id of the first track of {@code kind}, the one consumers that carry one track per kind
   * (RTMP, HLS) use; -1 when the stream has none yet.
   */
  public int primaryTrack(TrackKind kind) {
    return primary.getAcquire(kind.ordinal());
  }

  /** Whether {@code f} is on the first track of its kind. */
  public boolean isPrimary(Frame f) {
    return primaryTrack(f.kind()) == f.track();
  }

  /** How the tracks arrive, for protocols over lossy transports; empty otherwise. */
  public List<TrackReception> reception() {
    java.util.function.Supplier<List<TrackReception>> r = reception;
    if (r == null) {
      return List.of();
    }
    try {
      return List.copyOf(r.get());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  void setReception(java.util.function.Supplier<List<TrackReception>> source) {
    reception = source;
  }

  /** The latest metadata. */
  public StreamMetadata metadata() {
    return metadata;
  }

  /** The latest configuration frame of the first track of {@code kind}, if one was sent. */
  public Optional<Frame> config(TrackKind kind) {
    return config(primaryTrack(kind));
  }

  /** The latest configuration frame of track {@code track}, if one was sent. */
  public Optional<Frame> config(int track) {
    for (Frame f : configs) {
      if (f.track() == track) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Current number of subscribers. */
  public int subscriberCount() {
    return subscriberCount.get();
  }

  /** The current subscribers. */
  public List<Subscription> subscribers() {
    return List.copyOf(subscribers);
  }

  /** The frames a new subscriber would receive before live frames: configurations, then the GOP. */
  public List<Frame> replayBuffer() {
    List<Frame> out = new ArrayList<>(configFrames());
    long h = head;
    long start = gopStart(h);
    for (long s = start; s < h; s++) {
      Slot slot = slots.getAcquire((int) (s & mask));
      if (slot != null && slot.seq == s) {
        out.add(slot.frame);
      }
    }
    return out;
  }

  /**
   * The stream's attachment of {@code type}, created by {@code factory} on first use: per-stream
   * state a protocol or muxer shares between its subscribers (for example output produced once for
   * every viewer). It lives as long as the stream.
   */
  public <T> T attachment(Class<T> type, Function<StreamHandle, ? extends T> factory) {
    return type.cast(attachments.computeIfAbsent(type, t -> factory.apply(this)));
  }

  /** A snapshot of live QoS figures. */
  public Qos qos() {
    return new Qos(
        (engine.nanoTime() - startedNanos) / 1_000_000L,
        framesIn,
        bytesIn,
        videoFrames,
        audioFrames,
        keyframes,
        bitrateIn,
        fps,
        framesOut.sum(),
        bytesOut.sum(),
        bitrateOut,
        subscriberCount.get(),
        drops.sum(),
        timeline.discontinuities());
  }

  /**
   * Subscribes a consumer that is not a remote player (packager, recorder, relay): no play session
   * is opened for it. Remote players go through {@link IngestContext#openPlay}.
   *
   * @throws StreamException {@code STREAM_NOT_FOUND} once ended, {@code SUBSCRIBER_LIMIT}
   */
  public Subscription subscribe(ClientInfo client) {
    return subscribe(client, null);
  }

  Subscription subscribe(ClientInfo client, PlaySession session) {
    if (isEnded()) {
      throw new StreamException(
          StreamException.Reason.STREAM_NOT_FOUND, "stream " + key + " has ended");
    }
    int limit = spec.maxSubscribers();
    while (true) {
      int n = subscriberCount.get();
      if (limit > 0 && n >= limit) {
        throw new StreamException(
            StreamException.Reason.SUBSCRIBER_LIMIT,
            "stream " + key + " has its maximum of " + limit + " subscribers");
      }
      if (subscriberCount.compareAndSet(n, n + 1)) {
        break;
      }
    }
    long h = head;
    long start = gopStart(h);
    boolean live = start == h;
    Subscription sub =
        new Subscription(
            this, subscriberIds.incrementAndGet(), client, session, start, live, configFrames());
    subscribers.add(sub);
    engine.observer().subscriberJoined(key, client.protocol());
    engine.emit(StreamEvent.Type.SUBSCRIBER_JOIN, key, subscriberDetail(sub));
    return sub;
  }

  void unsubscribe(Subscription sub) {
    if (subscribers.remove(sub)) {
      subscriberCount.decrementAndGet();
      engine.observer().subscriberLeft(key, sub.client().protocol());
      engine.emit(StreamEvent.Type.SUBSCRIBER_LEAVE, key, subscriberDetail(sub));
    }
  }

  private static Map<String, String> subscriberDetail(Subscription sub) {
    return Map.of(
        "subscriber", Long.toString(sub.id()),
        "protocol", sub.client().protocol(),
        "remote", sub.client().remoteAddress());
  }

  /** Where a new subscriber starts: the GOP's first frame when it is cached, else the live edge. */
  private long gopStart(long h) {
    long anchor = anchorSeq;
    if (spec.gopCache()
        && anchor >= 0
        && anchor <= h
        && h - anchor <= spec.gopCacheFrames()
        && h - anchor < capacity()) {
      return anchor;
    }
    return h;
  }

  private List<Frame> configFrames() {
    return configs;
  }

  // ---- publisher side -------------------------------------------------------------------

  int publish(Frame published) {
    if (isEnded()) {
      throw new StreamException(
          StreamException.Reason.SESSION_CLOSED, "stream " + key + " has ended");
    }
    Frame frame = timeline.apply(published);
    TrackKind kind = frame.kind();
    int track = frame.track();
    if ((seenTracks[track >>> 6] & (1L << track)) == 0) {
      addTrack(frame);
    }
    if (kind == TrackKind.VIDEO && !hasVideo) {
      hasVideo = true;
    }
    if (frame.isConfig()) {
      setConfig(frame);
    } else if (kind == TrackKind.VIDEO) {
      videoFrames++;
      if (frame.isKeyframe()) {
        keyframes++;
      }
    } else if (kind == TrackKind.AUDIO) {
      audioFrames++;
    }
    long seq = head;
    if (isAnchor(frame)) {
      anchorSeq = seq;
    }
    slots.setRelease((int) (seq & mask), new Slot(seq, frame));
    head = seq + 1;
    framesIn++;
    bytesIn += frame.size();
    lastFrameNanos = engine.nanoTime();
    engine.observer().frameIn(publisher.protocol(), kind, frame.size());
    for (Subscription s : subscribers) {
      Thread t = s.waiter;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
    return subscriberCount.get();
  }

  /** The first frame of a track: the track is listed, and the first of its kind is primary. */
  private void addTrack(Frame frame) {
    if (trackCount >= MAX_TRACKS) {
      throw new StreamException(
          StreamException.Reason.TRACK_LIMIT,
          "stream " + key + " has its maximum of " + MAX_TRACKS + " tracks");
    }
    int track = frame.track();
    seenTracks[track >>> 6] |= 1L << track;
    trackCount++;
    primary.compareAndSet(frame.kind().ordinal(), -1, track);
    if (trackInfo(track) == null) {
      putTrack(TrackInfo.codecOnly(track, frame.codec()));
    }
  }

  /** A track's latest configuration replaces its earlier one, and describes the track anew. */
  private void setConfig(Frame frame) {
    List<Frame> next = new ArrayList<>(configs.size() + 1);
    boolean replaced = false;
    for (Frame c : configs) {
      if (c.track() == frame.track()) {
        next.add(frame);
        replaced = true;
      } else {
        next.add(c);
      }
    }
    if (!replaced) {
      next.add(frame);
    }
    configs = List.copyOf(next);
    TrackInfo info;
    try {
      info = engine.describer().describe(frame);
    } catch (RuntimeException e) {
      info = null; // a describer must not fail the publisher; the codec is known anyway
    }
    TrackInfo known = trackInfo(frame.track());
    boolean unreadable = info == null || info.codecString().isEmpty();
    if (unreadable && known != null && known.codec() == frame.codec()) {
      return; // a record the describer cannot read leaves what the publisher said standing
    }
    putTrack(
        info == null
            ? TrackInfo.codecOnly(frame.track(), frame.codec())
            : info.withId(frame.track()));
  }

  private TrackInfo trackInfo(int id) {
    for (TrackInfo t : tracks) {
      if (t.id() == id) {
        return t;
      }
    }
    return null;
  }

  /**
   * A frame a decoder can start at: a keyframe of the first video track, or any frame of the first
   * audio track of a stream without video.
   */
  boolean isAnchor(Frame f) {
    if (f.isConfig() || !isPrimary(f)) {
      return false;
    }
    return switch (f.kind()) {
      case VIDEO -> f.isKeyframe();
      case AUDIO -> !hasVideo;
      case DATA -> false;
    };
  }

  void setMetadata(StreamMetadata m) {
    if (m.dropped() > 0 && !metadataCutLogged) {
      metadataCutLogged = true; // once per stream: encoders resend the same metadata
      LOG.log(
          System.Logger.Level.INFO,
          "metadata of "
              + key
              + " from "
              + publisher.protocol()
              + " "
              + publisher.remoteAddress()
              + " cut to the limits: "
              + m.dropped()
              + " entries dropped or shortened");
    }
    metadata = m;
    engine.emit(
        StreamEvent.Type.METADATA, key, Map.of("keys", String.join(",", m.values().keySet())));
  }

  /** Describes a track, replacing the earlier description with its id. */
  void putTrack(TrackInfo info) {
    List<TrackInfo> next = new ArrayList<>(tracks.size() + 1);
    boolean replaced = false;
    for (TrackInfo t : tracks) {
      if (t.id() == info.id()) {
        next.add(info);
        replaced = true;
      } else {
        next.add(t);
      }
    }
    if (!replaced) {
      next.add(info);
    }
    tracks = List.copyOf(next);
  }

  /**
   * Runs {@code listener} once when the stream ends, with the reason; at once if it has ended
   * already. It runs on the thread that ended the stream and must not block.
   */
  public void onEnd(Consumer<EndReason> listener) {
    endListeners.add(listener);
    EndReason r = endReason.get();
    if (r != null && endListeners.remove(listener)) {
      listener.accept(r);
    }
  }

  /** Marks the stream ended and wakes every subscriber; true only for the call that ended it. */
  boolean end(EndReason reason) {
    if (!endReason.compareAndSet(null, reason)) {
      return false;
    }
    for (Subscription s : subscribers) {
      Thread t = s.waiter;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
    for (Consumer<EndReason> l : endListeners) {
      if (endListeners.remove(l)) {
        try {
          l.accept(reason);
        } catch (RuntimeException e) {
          System.getLogger(StreamHandle.class.getName())
              .log(System.Logger.Level.WARNING, "end listener of " + key + " failed: " + e);
        }
      }
    }
    return true;
  }

  // ---- subscriber side (called by Subscription) ------------------------------------------

  long head() {
    return head;
  }

  long anchorSeq() {
    return anchorSeq;
  }

  /**
   * The slot where {@code seq} lives: null or an older seq when not written yet, a newer seq when
   * lapped.
   */
  Slot slotAt(long seq) {
    return slots.getAcquire((int) (seq & mask));
  }

  Frame[] currentConfigs() {
    return configFrames().toArray(Frame[]::new);
  }

  void countSent(String protocol, int frames, long bytes) {
    framesOut.add(frames);
    bytesOut.add(bytes);
    engine.observer().framesOut(protocol, frames, bytes);
  }

  void countDrop(String protocol, long frames) {
    drops.add(frames);
    engine.observer().subscriberDropped(protocol, frames);
  }

  long lastFrameNanos() {
    return lastFrameNanos;
  }

  synchronized void sampleRates(long now) {
    long elapsed = now - sampleNanos;
    if (elapsed < 100_000_000L) {
      return;
    }
    long bin = bytesIn;
    long bout = bytesOut.sum();
    long vf = videoFrames;
    bitrateIn = Math.round((bin - sampleBytesIn) * 8e9 / elapsed);
    bitrateOut = Math.round((bout - sampleBytesOut) * 8e9 / elapsed);
    fps = Math.round((vf - sampleVideoFrames) * 1e11 / elapsed) / 100.0;
    sampleNanos = now;
    sampleBytesIn = bin;
    sampleBytesOut = bout;
    sampleVideoFrames = vf;
  }

  @Override
  public String toString() {
    return "StreamHandle[" + key + " #" + id + "]";
  }
}
