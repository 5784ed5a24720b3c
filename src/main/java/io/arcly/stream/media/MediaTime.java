package io.arcly.stream.media;

/**
 * The media clock shared by all tracks: microseconds.
 *
 * <p>It is finer than every clock a protocol uses (RTMP milliseconds, the 90 kHz clock of RTP and
 * MPEG-TS, audio sample rates up to 192 kHz), so a timestamp converted in from a clock of rate at
 * most 1 MHz and back out again with {@link #toRate} comes back unchanged.
 */
public final class MediaTime {
  /** Ticks of the media clock per second. */
  public static final long RATE = 1_000_000L;

  private MediaTime() {}

  /** Converts a timestamp in units of {@code 1/rate} seconds to the media clock, rounding. */
  public static long fromRate(long value, long rate) {
    return scale(value, RATE, rate);
  }

  /** Converts a media clock timestamp to units of {@code 1/rate} seconds, rounding. */
  public static long toRate(long micros, long rate) {
    return scale(micros, rate, RATE);
  }

  /** Milliseconds to the media clock. */
  public static long fromMillis(long millis) {
    return Math.multiplyExact(millis, 1000L);
  }

  /** Media clock to milliseconds, rounding half up. */
  public static long toMillis(long micros) {
    return Math.floorDiv(micros + 500, 1000L);
  }

  /** Returns {@code value * num / den} rounded to nearest, without overflow for media values. */
  static long scale(long value, long num, long den) {
    if (den <= 0 || num <= 0) {
      throw new IllegalArgumentException("rates must be positive");
    }
    long q = Math.floorDiv(value, den);
    long r = Math.floorMod(value, den);
    return Math.addExact(Math.multiplyExact(q, num), Math.floorDiv(r * num + den / 2, den));
  }
}
