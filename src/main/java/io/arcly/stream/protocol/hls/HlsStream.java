package io.arcly.stream.protocol.hls;

import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The HLS rendition of one stream key: it packages each publish session's frames into segments (and
 * Low-Latency parts) once, keeps a sliding window of them in memory, and lets blocked requests wait
 * for a segment or part without holding a thread.
 *
 * <p>A {@link Packager} per publish session cuts the segments: they start at video keyframes (any
 * audio frame for audio-only streams), after an {@code EXT-X-DISCONTINUITY} where the
 * configuration, the tracks or the timestamps changed. A publisher that comes back within the
 * retention time continues the same playlist after an {@code EXT-X-DISCONTINUITY} (with a new
 * initialization segment for fMP4).
 *
 * <p>One packaging thread writes; any number of readers see immutable {@link Snapshot}s.
 */
public final class HlsStream {
  private final StreamKey key;
  final Variant variant;
  final HlsSettings settings;
  final Clock clock;
  final BiFunction<Frame, Frame, MediaFormat> formats;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile Snapshot snapshot;
  private volatile Instant endedAt;
  private volatile Rendered rendered;
  private volatile java.util.function.Consumer<Snapshot> listener;
  private final ReentrantLock publishing = new ReentrantLock();

  // Numbering that goes on across publish sessions (packaging thread only).
  private final Packager.Counters counters = new Packager.Counters();

  /**
   * A rendition of {@code key}; {@code formats} makes a format from video and audio configurations
   * (either may be null) whenever they change, and throws for a configuration it cannot carry.
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
    counters.nextMsn = clock.instant().getEpochSecond();
    counters.generation = (int) (counters.nextMsn & 0x3FFFFFFF);
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
    Packager p = new Packager(this, counters);
    try {
      while (true) {
        Frame f = sub.next(Duration.ofSeconds(1));
        if (f == null) {
          if (sub.isEnded()) {
            break;
          }
          continue;
        }
        if (sub.stream().isPrimary(f)) { // one track of each kind: the first
          p.offer(f);
        }
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

  void publish(Snapshot s) {
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
}
