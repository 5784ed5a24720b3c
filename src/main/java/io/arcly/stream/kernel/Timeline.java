package io.arcly.stream.kernel;

import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import java.time.Duration;

/**
 * Keeps one stream's timestamps going on when its publisher's jump: the timeline every frame of a
 * publish passes through before it reaches the ring, whatever protocol brought it.
 *
 * <p>Per track, each frame's DTS is compared with the previous one of that track. A step back of
 * more than {@link #BACKWARD_TOLERANCE_MICROS}, a step forward of more than the bound, or a frame
 * the protocol flagged {@link Frame#DISCONTINUITY} is a discontinuity: the track's timestamps are
 * shifted so that the frame follows the newest frame of the stream by the track's usual frame
 * interval, the frame is flagged {@link Frame#DISCONTINUITY} and the discontinuity counted. The
 * other tracks, whose own jump usually arrives a few frames later, take the same shift when it
 * makes them continuous too, so tracks stay aligned and one jump of the publisher counts once.
 * Smaller steps back (jitter, a repeated DTS) pass as they are, and so does a long step forward of
 * a track that paused while the others went on, since it lands near the stream's newest frame; a
 * track that starts mid-stream far from the others is moved next to them.
 *
 * <p>Configuration frames take their track's shift and never count; one whose shifted DTS is out of
 * bounds (a sequence header sent with timestamp 0 mid-stream) is given its track's last DTS. Frames
 * are returned as they are while no shift applies, so a stream without jumps costs one comparison
 * per frame. Not thread-safe: the publisher calls it from one thread at a time.
 */
final class Timeline {
  /** Steps back of up to this many microseconds are jitter, not a discontinuity. */
  static final long BACKWARD_TOLERANCE_MICROS = 500_000;

  /** The interval assumed for a track whose frame interval is not known yet. */
  private static final long DEFAULT_STEP_MICROS = 1_000;

  private final long bound;
  private final Track[] tracks = new Track[TrackKind.values().length];

  /** The shift of the newest discontinuity (the one a lagging track may follow). */
  private long shift;

  /** The largest output DTS of any track's media frame so far. */
  private long newest = Long.MIN_VALUE;

  private volatile long discontinuities;

  /** One track's state. */
  private static final class Track {
    long lastRaw;
    long lastOut;
    long shift;
    long step = DEFAULT_STEP_MICROS;
  }

  /** A timeline where forward steps longer than {@code maxJump} are discontinuities. */
  Timeline(Duration maxJump) {
    this.bound = maxJump.toNanos() / 1000;
  }

  /** Discontinuities found so far. */
  long discontinuities() {
    return discontinuities;
  }

  /** The frame with its timestamps on the stream's timeline, flagged when they jumped. */
  Frame apply(Frame f) {
    int k = f.kind().ordinal();
    Track t = tracks[k];
    long raw = f.dts();
    if (f.isConfig()) {
      if (t == null) {
        return shifted(f, shift, 0);
      }
      long out = raw + t.shift;
      if (out < t.lastOut - BACKWARD_TOLERANCE_MICROS || out > t.lastOut + bound) {
        return shifted(f, t.lastOut - raw, 0);
      }
      return shifted(f, t.shift, 0);
    }
    if (t == null) {
      // a track that starts now joins the stream's newest timeline, near its newest frame
      t = new Track();
      t.shift = shift;
      tracks[k] = t;
      long out = raw + shift;
      if (newest != Long.MIN_VALUE && (out < newest - bound || out > newest + bound)) {
        t.shift = newest - raw;
      }
      return accept(t, f, raw, 0);
    }
    long step = raw - t.lastRaw;
    if (!f.isDiscontinuity() && step >= -BACKWARD_TOLERANCE_MICROS && step <= bound) {
      if (step > 0) {
        t.step = step;
      }
      return accept(t, f, raw, 0);
    }
    if (!f.isDiscontinuity() && step > 0 && raw + t.shift <= newest + bound) {
      // a track that paused while the others went on (audio silence suppression)
      return accept(t, f, raw, 0);
    }
    long followed = raw + shift;
    if (!f.isDiscontinuity()
        && t.shift != shift
        && followed >= t.lastOut - BACKWARD_TOLERANCE_MICROS
        && followed <= t.lastOut + bound) {
      // the jump another track made already: follow it, aligned with that track
      t.shift = shift;
      return accept(t, f, raw, 0);
    }
    t.shift = Math.max(newest, t.lastOut) + t.step - raw;
    shift = t.shift;
    discontinuities++;
    return accept(t, f, raw, Frame.DISCONTINUITY);
  }

  private Frame accept(Track t, Frame f, long raw, int flag) {
    long out = raw + t.shift;
    t.lastRaw = raw;
    t.lastOut = out;
    if (out > newest) {
      newest = out;
    }
    return shifted(f, t.shift, flag);
  }

  private static Frame shifted(Frame f, long by, int flag) {
    if (by == 0 && (f.flags() | flag) == f.flags()) {
      return f;
    }
    return f.withTiming(f.pts() + by, f.dts() + by, f.flags() | flag);
  }
}
