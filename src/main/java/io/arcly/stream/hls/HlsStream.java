package io.arcly.stream.hls;

import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.StreamKey;
import io.arcly.stream.kernel.media.TrackKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The HLS rendition of one stream key: it packages each publish session's frames into segments (and
 * Low-Latency parts) once, keeps a sliding window of them in memory, and lets blocked requests wait
 * for a segment or part without holding a thread.
 *
 * <p>Segments start at video keyframes (any audio frame for audio-only streams) once the target
 * duration is reached, so a GOP longer than the target makes a longer segment, never one that does
 * not start with a keyframe. Parts are cut at the first frame past the part target. A publisher
 * that comes back within the retention time continues the same playlist after an {@code
 * EXT-X-DISCONTINUITY} (with a new initialization segment for fMP4).
 *
 * <p>One packaging thread writes; any number of readers see immutable {@link Snapshot}s.
 */
public final class HlsStream {
  private final StreamKey key;
  private final Variant variant;
  private final HlsSettings settings;
  private final Clock clock;
  private final BiFunction<Frame, Frame, MediaFormat> formats;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile Snapshot snapshot;
  private volatile Instant endedAt;
  private volatile Rendered rendered;
  private volatile java.util.function.Consumer<Snapshot> listener;
  private final ReentrantLock publishing = new ReentrantLock();

  // Packaging state (packaging thread only).
  private long nextMsn;
  private int generation;
  private int discontinuities;
  private boolean published;

  /**
   * A rendition of {@code key}; {@code formats} makes the format of a publish session from its
   * video and audio configurations (either may be null).
   */
  public HlsStream(
      StreamKey key,
      Variant variant,
      HlsSettings settings,
      Clock clock,
      BiFunction<Frame, Frame, MediaFormat> formats) {
    this.key = key;
    this.variant = variant;
    this.settings = settings;
    this.clock = clock;
    this.formats = formats;
    this.snapshot =
        Snapshot.empty(variant, targetSeconds(settings.segmentDuration()), settings.window());
    // Numbering starts at the epoch second, so a later rendition of the same key never reuses a
    // segment name a cache may still hold (segments are served as immutable).
    this.nextMsn = clock.instant().getEpochSecond();
    this.generation = (int) (nextMsn & 0x3FFFFFFF);
  }

  /** The stream key. */
  public StreamKey key() {
    return key;
  }

  /** The variant packaged. */
  public Variant variant() {
    return variant;
  }

  /** The current state, for readers. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * The media playlist of the current snapshot, rendered once per snapshot and shared by every
   * request that asks for it without a URI suffix (the common case: no token in the URL).
   */
  public String playlist(boolean skip, String uriSuffix) {
    Snapshot s = snapshot;
    double part = settings.partDuration().toMillis() / 1000.0;
    if (!uriSuffix.isEmpty()) {
      return Playlists.media(s.window(part).withUriSuffix(uriSuffix), skip);
    }
    Rendered r = rendered;
    if (r == null || r.snapshot != s) {
      r = new Rendered(s);
      rendered = r;
    }
    return r.get(skip, part);
  }

  /** The playlists of one snapshot, rendered on first use. */
  private static final class Rendered {
    final Snapshot snapshot;
    private volatile String full;
    private volatile String delta;

    Rendered(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    String get(boolean skip, double part) {
      if (skip) {
        String d = delta;
        if (d == null) {
          d = Playlists.media(snapshot.window(part), true);
          delta = d;
        }
        return d;
      }
      String f = full;
      if (f == null) {
        f = Playlists.media(snapshot.window(part), false);
        full = f;
      }
      return f;
    }
  }

  /** When the last publish session ended, if none is running. */
  public Instant endedAt() {
    return endedAt;
  }

  /**
   * Packages one publish session from {@code sub} until its stream ends. Runs on the caller's
   * thread; one session at a time.
   */
  public void publish(Subscription sub) throws InterruptedException {
    // A takeover starts the next session while the last one is still finishing: one at a time.
    publishing.lockInterruptibly();
    try {
      packageSession(sub);
    } finally {
      publishing.unlock();
    }
  }

  private void packageSession(Subscription sub) throws InterruptedException {
    endedAt = null;
    Packager p = new Packager();
    try {
      while (true) {
        Frame f = sub.next(Duration.ofSeconds(1));
        if (f == null) {
          if (sub.isEnded()) {
            break;
          }
          continue;
        }
        p.offer(f);
      }
    } finally {
      p.finish();
      sub.close();
      endedAt = clock.instant();
      if (settings.endList()) {
        publish(snapshot.withEnded());
      }
      releaseWaiters();
    }
  }

  /**
   * Whether a publisher feeds this rendition now; when none does, nothing a request could wait for
   * will come.
   */
  public boolean isLive() {
    return endedAt == null;
  }

  /** Answers every waiting request now with what exists: the publisher left. */
  private void releaseWaiters() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.done.compareAndSet(false, true)) {
        it.remove();
        w.action.run();
      }
    }
  }

  /** Marks the rendition ended for good (retention over or server stopping); wakes every waiter. */
  public void close() {
    publish(snapshot.withEnded());
  }

  // ---- waiting ---------------------------------------------------------------------------

  /** A request waiting for a segment or part; cancel it when the request gives up. */
  public final class Waiter {
    final long msn;
    final int part;
    final Runnable action;
    final AtomicBoolean done = new AtomicBoolean();

    Waiter(long msn, int part, Runnable action) {
      this.msn = msn;
      this.part = part;
      this.action = action;
    }

    /** Stops waiting; returns false when the action already ran. */
    public boolean cancel() {
      if (done.compareAndSet(false, true)) {
        waiters.remove(this);
        return true;
      }
      return false;
    }
  }

  /**
   * Runs {@code action} once segment {@code msn} (or, with {@code part >= 0}, part {@code part} of
   * it) exists or the rendition ended: at once (returning null) when it does already, else later on
   * the packaging thread (returning the waiter to cancel on time-out).
   */
  public Waiter await(long msn, int part, Runnable action) {
    if (snapshot.has(msn, part) || !isLive()) {
      action.run();
      return null;
    }
    Waiter w = new Waiter(msn, part, action);
    waiters.add(w);
    if ((snapshot.has(msn, part) || !isLive()) && w.done.compareAndSet(false, true)) {
      waiters.remove(w);
      action.run();
      return null;
    }
    return w;
  }

  /** Requests waiting now. */
  public int waiting() {
    return waiters.size();
  }

  /**
   * Also hands every new snapshot to {@code listener} (on the packaging thread; must not block).
   */
  void onSnapshot(java.util.function.Consumer<Snapshot> listener) {
    this.listener = listener;
  }

  private void publish(Snapshot s) {
    snapshot = s;
    java.util.function.Consumer<Snapshot> l = listener;
    if (l != null) {
      l.accept(s);
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (s.has(w.msn, w.part) && w.done.compareAndSet(false, true)) {
        it.remove();
        w.action.run();
      }
    }
  }

  static int targetSeconds(Duration d) {
    return (int) Math.max(1, Math.ceil(d.toMillis() / 1000.0));
  }

  // ---- packaging -------------------------------------------------------------------------

  /** One publish session's segmenter. */
  private final class Packager {
    // Cut when the next frame would start at or within 2% of the target: a part never exceeds
    // PART-TARGET because of rounding (30 fps in microseconds makes 6 frames 199.98 ms).
    private final long segmentTarget = settings.segmentDuration().toNanos() / 1000 * 98 / 100;
    private final long partTarget = settings.partDuration().toNanos() / 1000 * 98 / 100;
    private Frame videoConfig;
    private Frame audioConfig;
    private MediaFormat format;
    private TrackKind reference;
    private int audioBeforeStart;
    private Instant wall0;
    private long dts0;
    private long segStart;
    private long partStart;
    private long lastDts;
    private long frameStep = 1;
    private boolean partIndependent;
    private boolean segDiscontinuity;
    private Instant segPdt;
    private final List<Frame> partFrames = new ArrayList<>();
    private final List<Frame> segFrames = new ArrayList<>();
    private final List<Snapshot.Chunk> segParts = new ArrayList<>();

    void offer(Frame f) {
      if (f.isConfig()) {
        if (f.kind() == TrackKind.VIDEO) {
          videoConfig = f;
        } else if (f.kind() == TrackKind.AUDIO) {
          audioConfig = f;
        }
        if (format != null && format.config(f)) {
          newGeneration();
        }
        return;
      }
      if (f.kind() == TrackKind.DATA) {
        return;
      }
      if (format == null && !start(f)) {
        return;
      }
      if (f.kind() == reference) {
        long d = f.dts();
        boolean anchor = reference == TrackKind.AUDIO || f.isKeyframe();
        if (anchor && d - segStart >= segmentTarget) {
          closePart(d);
          closeSegment(d);
          startSegment(f, false);
        } else if (format.parts() && d - partStart >= partTarget && !partFrames.isEmpty()) {
          closePart(d);
          partStart = d;
          partIndependent = f.isKeyframe() || reference == TrackKind.AUDIO;
        }
        if (d > lastDts) {
          frameStep = d - lastDts;
        }
        lastDts = d;
      }
      partFrames.add(f);
      if (!format.parts()) {
        segFrames.add(f);
      }
    }

    /**
     * Starts packaging at a video keyframe, or for an audio-only stream after a second of audio.
     */
    private boolean start(Frame f) {
      if (f.kind() == TrackKind.VIDEO) {
        if (videoConfig == null || !f.isKeyframe()) {
          return false;
        }
        reference = TrackKind.VIDEO;
      } else {
        if (videoConfig != null || audioConfig == null || ++audioBeforeStart < 50) {
          return false;
        }
        reference = TrackKind.AUDIO;
      }
      format =
          reference == TrackKind.VIDEO
              ? formats.apply(videoConfig, audioConfig)
              : formats.apply(null, audioConfig);
      newGeneration();
      wall0 = clock.instant();
      dts0 = f.dts();
      startSegment(f, published);
      published = true;
      return true;
    }

    private void newGeneration() {
      byte[] init = format.init();
      if (init != null) {
        generation++;
        publish(snapshot.withInit(generation, init));
      }
    }

    private void startSegment(Frame f, boolean discontinuity) {
      segStart = f.dts();
      partStart = f.dts();
      lastDts = f.dts();
      partIndependent = true;
      segDiscontinuity = discontinuity;
      if (discontinuity) {
        discontinuities++;
      }
      segPdt = wall0.plusNanos((segStart - dts0) * 1000);
      segParts.clear();
      publish(snapshot.withCurrent(currentSegment(), partUri(nextMsn, 0)));
    }

    private Snapshot.Seg currentSegment() {
      return new Snapshot.Seg(
          nextMsn,
          0,
          segPdt,
          segDiscontinuity,
          discontinuities - (segDiscontinuity ? 1 : 0),
          generation,
          List.copyOf(segParts),
          false);
    }

    private void closePart(long endDts) {
      if (!format.parts() || partFrames.isEmpty()) {
        partFrames.clear();
        return;
      }
      byte[] data = format.part(partFrames, endDts);
      partFrames.clear();
      segParts.add(new Snapshot.Chunk((endDts - partStart) / 1e6, partIndependent, data));
      publish(snapshot.withCurrent(currentSegment(), partUri(nextMsn, segParts.size())));
    }

    private void closeSegment(long endDts) {
      List<Snapshot.Chunk> chunks;
      if (format.parts()) {
        chunks = List.copyOf(segParts);
      } else {
        chunks =
            List.of(new Snapshot.Chunk((endDts - segStart) / 1e6, true, format.segment(segFrames)));
        segFrames.clear();
        partFrames.clear();
      }
      if (chunks.isEmpty()) {
        return;
      }
      Snapshot.Seg done =
          new Snapshot.Seg(
              nextMsn,
              (endDts - segStart) / 1e6,
              segPdt,
              segDiscontinuity,
              discontinuities - (segDiscontinuity ? 1 : 0),
              generation,
              chunks,
              true);
      nextMsn++;
      publish(snapshot.withComplete(done, settings.window(), partUri(nextMsn, 0)));
    }

    /** Ends the session: what was gathered becomes a last (short) segment. */
    void finish() {
      if (format == null) {
        return;
      }
      long end = lastDts + frameStep;
      closePart(end);
      closeSegment(end);
      publish(snapshot.withCurrent(null, null));
    }

    private String partUri(long msn, int index) {
      return variant.parts() ? Snapshot.partUri(msn, index) : null;
    }
  }
}
