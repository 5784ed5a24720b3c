package io.arcly.stream.format.mpegts;

/**
 * Unwraps the 33-bit 90 kHz timestamps of one program (PTS and DTS, ISO/IEC 13818-1 2.4.3.7) into
 * one ever-growing clock shared by all its streams.
 *
 * <p>Each value is placed on the 2^33 cycle that brings it closest to the value before it (of any
 * stream), so timestamps keep increasing across a wrap and streams that straddle it stay aligned.
 * The first value is taken as it is: the result keeps the stream's own clock, not a clock starting
 * at zero.
 */
final class TsClock {
  private static final long WRAP = TsPackets.WRAP_33;

  private long last;
  private boolean started;

  /** The unwrapped 90 kHz value of a 33-bit timestamp. */
  long unwrap(long raw33) {
    long raw = raw33 & (WRAP - 1);
    if (!started) {
      started = true;
      last = raw;
      return raw;
    }
    long base = last - Math.floorMod(last, WRAP);
    long best = base + raw;
    if (best - last > WRAP / 2) {
      best -= WRAP;
    } else if (last - best > WRAP / 2) {
      best += WRAP;
    }
    last = best;
    return best;
  }
}
