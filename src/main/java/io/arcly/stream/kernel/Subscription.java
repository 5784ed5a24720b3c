package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One consumer's cursor into a {@link StreamHandle}: it yields the cached configurations and GOP
 * first, then live frames, in publish order.
 *
 * <p>A subscription is read by one thread at a time. Reading never slows the publisher: a reader
 * that falls a whole ring behind skips forward to the newest keyframe still in the ring (or waits
 * for the next one), re-reads the current codec configurations, and counts the skipped frames as
 * drops. Close it when done; closing is idempotent.
 */
public final class Subscription implements AutoCloseable {
  private final StreamHandle handle;
  private final long id;
  private final ClientInfo client;
  private final PlaySession session;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The thread parked waiting for frames, so the publisher can wake it. */
  volatile Thread waiter;

  /** The thread lingering in {@link #linger}, which only a wakeup, close or tick ends. */
  private volatile Thread lingering;

  // Reader-thread state.
  private long cursor;
  private boolean needSyncPoint;
  private Frame[] pending;
  private int pendingIndex;
  private volatile long droppedFrames;
  private volatile long dropEvents;
  private volatile long delivered;
  private long lastSeq = -1;
  private volatile boolean woken;

  Subscription(
      StreamHandle handle,
      long id,
      ClientInfo client,
      PlaySession session,
      long start,
      boolean live,
      List<Frame> configs) {
    this.handle = handle;
    this.id = id;
    this.client = client;
    this.session = session;
    this.cursor = start;
    this.needSyncPoint = live;
    this.pending = configs.toArray(Frame[]::new);
  }

  /** A number unique within the stream. */
  public long id() {
    return id;
  }

  /** The consumer. */
  public ClientInfo client() {
    return client;
  }

  /** The stream read. */
  public StreamHandle stream() {
    return handle;
  }

  /** The play session this subscription reports to, for remote players. */
  public Optional<PlaySession> playSession() {
    return Optional.ofNullable(session);
  }

  /** Frames skipped because this subscriber fell a whole ring behind. */
  public long droppedFrames() {
    return droppedFrames;
  }

  /** How many times this subscriber had to skip. */
  public long dropEvents() {
    return dropEvents;
  }

  /** Frames handed out so far. */
  public long delivered() {
    return delivered;
  }

  /** Frames published but not read yet. */
  public long lag() {
    return Math.max(0, handle.head() - cursor);
  }

  /** Whether every frame has been read and the stream has ended, or this subscription is closed. */
  public boolean isEnded() {
    return closed.get()
        || (handle.isEnded() && pendingIndex >= pending.length && cursor >= handle.head());
  }

  /** The next frame if one is ready, else null (check {@link #isEnded()} to tell why). */
  public Frame poll() {
    if (closed.get()) {
      return null;
    }
    if (pendingIndex < pending.length) {
      delivered++;
      lastSeq = -1;
      return pending[pendingIndex++];
    }
    while (true) {
      long h = handle.head();
      if (cursor >= h) {
        return null;
      }
      StreamHandle.Slot slot = handle.slotAt(cursor);
      if (slot == null || slot.seq() < cursor) {
        return null;
      }
      if (slot.seq() > cursor) {
        skipAhead(h);
        if (pendingIndex < pending.length) {
          delivered++;
          lastSeq = -1;
          return pending[pendingIndex++];
        }
        continue;
      }
      cursor++;
      Frame f = slot.frame();
      if (needSyncPoint && !f.isConfig()) {
        if (!handle.isAnchor(f)) {
          continue;
        }
        needSyncPoint = false;
      }
      delivered++;
      lastSeq = cursor - 1;
      return f;
    }
  }

  /**
   * The ring sequence number of the frame last returned, or -1 when it was a replayed codec
   * configuration. Every subscriber of a stream sees the same frame under the same number, so
   * protocols key output they share between subscribers (such as an RTMP chunked message) on it.
   */
  public long lastSequence() {
    return lastSeq;
  }

  /**
   * Makes a {@link #next} call waiting on another thread return null now (or the next call, if none
   * waits), so the reading thread can attend to other work such as control messages.
   */
  public void wakeup() {
    woken = true;
    unparkReaders();
  }

  private void unparkReaders() {
    Thread t = waiter;
    if (t != null) {
      LockSupport.unpark(t);
    }
    t = lingering;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Waits for the next tick of {@code ticker} without being woken by new frames: only {@link
   * #wakeup()}, {@link #close()} and a stopped ticker cut the wait short. A consumer that writes in
   * batches lingers between writes, so frames gather into fewer, larger writes and the publisher
   * does not wake it frame by frame. Frames published meanwhile are read afterwards.
   */
  public void linger(Ticker ticker) throws InterruptedException {
    Thread me = Thread.currentThread();
    lingering = me;
    try {
      long target = ticker.enrol(me, id);
      while (!woken && !closed.get() && !ticker.reached(target)) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } finally {
      lingering = null;
    }
  }

  /** Lapped: jump to the newest keyframe still safely in the ring, or to the live edge. */
  private void skipAhead(long h) {
    long from = cursor;
    long anchor = handle.anchorSeq();
    if (anchor > cursor && h - anchor < handle.capacity() / 2) {
      cursor = anchor;
      needSyncPoint = false;
    } else {
      cursor = h;
      needSyncPoint = true;
    }
    pending = handle.currentConfigs();
    pendingIndex = 0;
    long skipped = cursor - from;
    droppedFrames += skipped;
    dropEvents++;
    handle.countDrop(client.protocol(), skipped);
  }

  /**
   * Waits up to {@code maxWait} for the next frame. Returns null on time-out, after {@link
   * #wakeup()}, at end of stream or when closed; {@link #isEnded()} tells which.
   */
  public Frame next(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      Frame f = poll();
      if (f != null) {
        return f;
      }
      if (isEnded()) {
        return null;
      }
      if (woken) {
        woken = false;
        return null;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      waiter = Thread.currentThread();
      try {
        if (cursor < handle.head() || handle.isEnded() || closed.get() || woken) {
          continue;
        }
        LockSupport.parkNanos(this, remaining);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      } finally {
        waiter = null;
      }
    }
  }

  /** Waits for the next frame; returns null only at end of stream or when closed. */
  public Frame take() throws InterruptedException {
    while (true) {
      Frame f = next(Duration.ofSeconds(60));
      if (f != null || isEnded()) {
        return f;
      }
    }
  }

  /** Reports what the consumer sent to its client, for QoS, metrics and the session list. */
  public void recordSent(int frames, long bytes) {
    handle.countSent(client.protocol(), frames, bytes);
    if (session != null) {
      session.addBytes(bytes);
    }
  }

  /** Leaves the stream (and ends the play session, if any). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      handle.unsubscribe(this);
      if (session != null) {
        session.close();
      }
      unparkReaders();
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + handle.key() + " #" + id + " " + client.protocol() + "]";
  }
}
