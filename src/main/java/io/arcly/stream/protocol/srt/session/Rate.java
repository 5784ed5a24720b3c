package io.arcly.stream.protocol.srt.session;

/** Packets and bytes per second, over the last whole second. */
final class Rate {
  private static final long WINDOW = 1_000_000;

  private long windowStart;
  private long packets;
  private long bytes;
  private long lastPackets;
  private long lastBytes;

  void add(int n, long now) {
    roll(now);
    packets++;
    bytes += n;
  }

  private void roll(long now) {
    if (now - windowStart >= WINDOW) {
      boolean adjacent = now - windowStart < 2 * WINDOW;
      lastPackets = adjacent ? packets : 0;
      lastBytes = adjacent ? bytes : 0;
      packets = 0;
      bytes = 0;
      windowStart = now;
    }
  }

  int packetsPerSecond(long now) {
    roll(now);
    return (int) Math.min(Integer.MAX_VALUE, lastPackets);
  }

  long bytesPerSecond(long now) {
    roll(now);
    return lastBytes;
  }
}
