package io.arcly.stream.kernel;

import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one application (the {@code app} part of stream keys).
 *
 * @param name the application name
 * @param gopCache whether new subscribers get the cached GOP (instant start) or wait for the next
 *     keyframe
 * @param gopCacheFrames the most frames a cached GOP may hold; a longer GOP is not replayed
 * @param ringFrames frames kept per stream for subscribers that lag (rounded up to a power of two,
 *     at least twice {@code gopCacheFrames})
 * @param maxPublishers most simultaneous publishers in the application, 0 for no limit
 * @param maxSubscribers most subscribers per stream, 0 for no limit
 * @param idleTimeout a publisher that sends no frame for this long is ended
 * @param takeover whether a second publisher on a live key replaces the first instead of being
 *     refused
 * @param maxTimestampJump the largest forward step between two frames of one track that is taken as
 *     it is; a longer one (or a step back) is a timestamp discontinuity, rebased so the stream's
 *     timestamps go on from where they were
 */
public record AppSpec(
    String name,
    boolean gopCache,
    int gopCacheFrames,
    int ringFrames,
    int maxPublishers,
    int maxSubscribers,
    Duration idleTimeout,
    boolean takeover,
    Duration maxTimestampJump) {

  /** Hard cap on the ring size per stream. */
  public static final int MAX_RING_FRAMES = 1 << 16;

  /** The smallest {@code maxTimestampJump}: below it, the frame interval of slow streams. */
  public static final Duration MIN_TIMESTAMP_JUMP = Duration.ofSeconds(1);

  /** The largest {@code maxTimestampJump}. */
  public static final Duration MAX_TIMESTAMP_JUMP = Duration.ofHours(24);

  /** Validates every field, naming the offending one. */
  public AppSpec {
    StreamKey.validateName("application name", name);
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (gopCacheFrames < 1 || gopCacheFrames > MAX_RING_FRAMES / 2) {
      throw new IllegalArgumentException(
          "gop-cache-frames must be between 1 and "
              + MAX_RING_FRAMES / 2
              + ", got "
              + gopCacheFrames);
    }
    if (ringFrames < 1 || ringFrames > MAX_RING_FRAMES) {
      throw new IllegalArgumentException(
          "ring-frames must be between 1 and " + MAX_RING_FRAMES + ", got " + ringFrames);
    }
    if (maxPublishers < 0) {
      throw new IllegalArgumentException(
          "max-publishers must not be negative, got " + maxPublishers);
    }
    if (maxSubscribers < 0) {
      throw new IllegalArgumentException(
          "max-subscribers must not be negative, got " + maxSubscribers);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle-timeout must be positive, got " + idleTimeout);
    }
    Objects.requireNonNull(maxTimestampJump, "maxTimestampJump");
    if (maxTimestampJump.compareTo(MIN_TIMESTAMP_JUMP) < 0
        || maxTimestampJump.compareTo(MAX_TIMESTAMP_JUMP) > 0) {
      throw new IllegalArgumentException(
          "max-timestamp-jump must be between 1s and 24h, got " + maxTimestampJump);
    }
  }

  /**
   * The defaults: GOP cache of up to 1024 frames, ring of 2048, no limits, 10 s idle timeout, 10 s
   * timestamp jumps.
   */
  public static AppSpec defaults(String name) {
    return new AppSpec(
        name, true, 1024, 2048, 0, 0, Duration.ofSeconds(10), false, Duration.ofSeconds(10));
  }

  /** The same settings under another application name. */
  public AppSpec named(String newName) {
    return new AppSpec(
        newName,
        gopCache,
        gopCacheFrames,
        ringFrames,
        maxPublishers,
        maxSubscribers,
        idleTimeout,
        takeover,
        maxTimestampJump);
  }

  /** With the GOP cache switched on or off. */
  public AppSpec withGopCache(boolean on, int frames) {
    return new AppSpec(
        name,
        on,
        frames,
        ringFrames,
        maxPublishers,
        maxSubscribers,
        idleTimeout,
        takeover,
        maxTimestampJump);
  }

  /** With another ring size. */
  public AppSpec withRingFrames(int frames) {
    return new AppSpec(
        name,
        gopCache,
        gopCacheFrames,
        frames,
        maxPublishers,
        maxSubscribers,
        idleTimeout,
        takeover,
        maxTimestampJump);
  }

  /** With other publisher and subscriber limits. */
  public AppSpec withLimits(int publishers, int subscribers) {
    return new AppSpec(
        name,
        gopCache,
        gopCacheFrames,
        ringFrames,
        publishers,
        subscribers,
        idleTimeout,
        takeover,
        maxTimestampJump);
  }

  /** With another idle timeout. */
  public AppSpec withIdleTimeout(Duration timeout) {
    return new AppSpec(
        name,
        gopCache,
        gopCacheFrames,
        ringFrames,
        maxPublishers,
        maxSubscribers,
        timeout,
        takeover,
        maxTimestampJump);
  }

  /** With takeover on or off. */
  public AppSpec withTakeover(boolean on) {
    return new AppSpec(
        name,
        gopCache,
        gopCacheFrames,
        ringFrames,
        maxPublishers,
        maxSubscribers,
        idleTimeout,
        on,
        maxTimestampJump);
  }

  /** With another bound on timestamp jumps. */
  public AppSpec withMaxTimestampJump(Duration jump) {
    return new AppSpec(
        name,
        gopCache,
        gopCacheFrames,
        ringFrames,
        maxPublishers,
        maxSubscribers,
        idleTimeout,
        takeover,
        jump);
  }

  /** The ring capacity actually used: a power of two, at least twice the GOP cache. */
  public int effectiveRingCapacity() {
    int want = Math.max(Math.max(ringFrames, gopCacheFrames * 2), 16);
    return Math.min(Integer.highestOneBit(want - 1) << 1, MAX_RING_FRAMES);
  }
}
