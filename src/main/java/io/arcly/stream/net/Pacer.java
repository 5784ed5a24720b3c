package io.arcly.stream.net;

/**
 * A token bucket that spreads a burst of datagrams over time: a peer that joins gets the cached GOP
 * (a second or two of video) at once, which over UDP would overflow a client's socket buffer and be
 * lost. Steady live traffic, well under the rate, passes without delay. Not thread safe: one
 * sending thread per peer.
 */
public final class Pacer {
  private final double bytesPerNano;
  private final long burst;
  private double tokens;
  private long last;

  /**
   * A pacer of {@code bitsPerSecond} that lets {@code burstBytes} through at once, full at {@code
   * now} ({@link System#nanoTime}).
   */
  public Pacer(long bitsPerSecond, long burstBytes, long now) {
    if (bitsPerSecond <= 0 || burstBytes <= 0) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.bytesPerNano = bitsPerSecond / 8e9;
    this.burst = burstBytes;
    this.tokens = burstBytes;
    this.last = now;
  }

  /**
   * Takes {@code bytes} about to be sent at {@code now}: how long to wait first (0 most of the
   * time), in nanoseconds.
   */
  public long delay(int bytes, long now) {
    long elapsed = now - last;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * bytesPerNano);
      last = now;
    }
    tokens -= bytes;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / bytesPerNano);
  }
}
