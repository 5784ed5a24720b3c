package io.arcly.stream.rtp;

/**
 * Unwraps a track's 32-bit RTP timestamps (RFC 3550 5.1) into a 64-bit count of its clock that goes
 * on past the wrap, forwards and backwards: each timestamp is taken as the nearest value to the
 * previous one (B-frames and reordered packets step back a little, a wrap steps over 2^32).
 *
 * <p>The first timestamp extends to itself (0 to 2^32 - 1).
 */
public final class RtpTimestamps {
  private final int clockRate;
  private boolean started;
  private long last;

  /** Unwraps timestamps of a clock of {@code clockRate} Hz. */
  public RtpTimestamps(int clockRate) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
    }
    this.clockRate = clockRate;
  }

  /** The clock rate in Hz. */
  public int clockRate() {
    return clockRate;
  }

  /** The 64-bit value of 32-bit timestamp {@code ts}, the nearest to the previous one. */
  public long extend(long ts) {
    long t = ts & 0xFFFF_FFFFL;
    if (!started) {
      started = true;
      last = t;
      return t;
    }
    last += (int) (t - last); // the signed 32-bit step from the previous value
    return last;
  }

  /** The value {@code ts} would extend to, without moving the reference. */
  public long peek(long ts) {
    long t = ts & 0xFFFF_FFFFL;
    return started ? last + (int) (t - last) : t;
  }

  /** Whether a timestamp has been seen. */
  public boolean started() {
    return started;
  }
}
