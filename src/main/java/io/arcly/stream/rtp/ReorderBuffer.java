package io.arcly.stream.rtp;

import java.util.function.Consumer;

/**
 * Puts the packets of one RTP stream received over UDP back in sequence order (16-bit sequence
 * numbers wrap, RFC 3550 5.1) and keeps its reception statistics ({@link RtpStats}).
 *
 * <p>At most {@code capacity} packets wait behind a gap (64 by default). The gap is given up on,
 * its sequence numbers counted as lost, when the buffer is full or when a packet arrives more than
 * {@code maxWaitNanos} after the first one that waited for it; then waiting packets are released up
 * to the next gap. Duplicates and packets whose place was already released are dropped and counted.
 * A jump ahead of more than {@link #RESYNC_GAP} sequence numbers is taken as a restarted sender:
 * the buffer is released and starts over at the new number, nothing counted as lost.
 *
 * <p>Time is the caller's: arrival times are in nanoseconds of any monotonic clock. Not thread
 * safe: one receiving thread per stream.
 */
public final class ReorderBuffer {
  /** The default number of packets held behind a gap. */
  public static final int DEFAULT_CAPACITY = 64;

  /** The default wait for a missing packet: 50 ms. */
  public static final long DEFAULT_MAX_WAIT_NANOS = 50_000_000L;

  /** A jump ahead larger than this restarts the sequence instead of counting a loss. */
  public static final int RESYNC_GAP = 3000;

  private final RtpPacket[] slots; // a power of two, so slots divide the 16-bit sequence space
  private final int mask;
  private final int capacity;
  private final long maxWaitNanos;
  private final int clockRate;

  private boolean started;
  private int expected;
  private int buffered;
  private long waitingSince;
  private long releasedMask; // bit i: sequence expected - 1 - i was released
  private long cycles;
  private int highest;

  private long received;
  private long lost;
  private long reordered;
  private long duplicates;
  private long late;
  private boolean jitterStarted;
  private long firstArrival;
  private long lastTransit;
  private long jitter16; // jitter scaled by 16, RFC 3550 A.8

  /** A buffer of {@link #DEFAULT_CAPACITY} packets waiting at most 50 ms. */
  public ReorderBuffer(int clockRate) {
    this(DEFAULT_CAPACITY, clockRate, DEFAULT_MAX_WAIT_NANOS);
  }

  /**
   * A buffer holding at most {@code capacity} packets (1 to 1024) behind a gap for at most {@code
   * maxWaitNanos}; {@code clockRate} is the RTP clock, for the jitter.
   */
  public ReorderBuffer(int capacity, int clockRate, long maxWaitNanos) {
    if (capacity < 1 || capacity > 1024 || clockRate <= 0 || maxWaitNanos < 0) {
      throw new IllegalArgumentException("capacity 1 to 1024, positive clock rate, wait >= 0");
    }
    this.capacity = capacity;
    this.slots = new RtpPacket[Integer.highestOneBit(capacity * 2 - 1)];
    this.mask = slots.length - 1;
    this.maxWaitNanos = maxWaitNanos;
    this.clockRate = clockRate;
  }

  /**
   * Takes packet {@code p}, arrived at {@code arrivalNanos}, and hands every packet now in order to
   * {@code out}.
   */
  public void push(RtpPacket p, long arrivalNanos, Consumer<RtpPacket> out) {
    int seq = p.sequence();
    if (!started) {
      started = true;
      expected = seq;
      highest = seq;
    }
    int d = (short) (seq - expected);
    if (d < 0) {
      if (-d <= 64 && (releasedMask & (1L << (-d - 1))) != 0) {
        duplicates++;
      } else {
        late++;
      }
      return;
    }
    if (d > RESYNC_GAP) {
      releaseAll(out, false);
      expected = seq;
      highest = seq;
      releasedMask = 0;
      d = 0;
    } else if (d >= capacity) {
      releaseAll(out, true);
      lost += (short) (seq - expected);
      advanceMask((short) (seq - expected));
      expected = seq;
      d = 0;
    }
    int slot = seq & mask;
    if (slots[slot] != null) {
      duplicates++;
      return;
    }
    received++;
    updateJitter(p, arrivalNanos);
    int h = (short) (seq - highest);
    if (h > 0) {
      if (seq < highest) {
        cycles += 1 << 16;
      }
      highest = seq;
    } else if (h < 0) {
      reordered++;
    }
    slots[slot] = p;
    buffered++;
    if (d > 0 && buffered == 1) {
      waitingSince = arrivalNanos;
    }
    releaseInOrder(out);
    while (buffered > 0 && (buffered >= capacity || arrivalNanos - waitingSince > maxWaitNanos)) {
      skipGap();
      releaseInOrder(out);
      waitingSince = arrivalNanos;
    }
  }

  /** Releases every waiting packet in order, counting the gaps between them as lost. */
  public void flush(Consumer<RtpPacket> out) {
    releaseAll(out, true);
  }

  private void releaseAll(Consumer<RtpPacket> out, boolean countLoss) {
    while (buffered > 0) {
      int skipped = skipGap();
      if (!countLoss) {
        lost -= skipped;
      }
      releaseInOrder(out);
    }
  }

  /** Moves {@code expected} to the next waiting packet; returns how many numbers it skipped. */
  private int skipGap() {
    int skipped = 0;
    while (slots[expected & mask] == null) {
      expected = (expected + 1) & 0xFFFF;
      skipped++;
    }
    lost += skipped;
    advanceMask(skipped);
    return skipped;
  }

  private void advanceMask(int n) {
    releasedMask = n >= 64 ? 0 : releasedMask << n;
  }

  private void releaseInOrder(Consumer<RtpPacket> out) {
    while (true) {
      int slot = expected & mask;
      RtpPacket p = slots[slot];
      if (p == null || p.sequence() != expected) {
        return;
      }
      slots[slot] = null;
      buffered--;
      releasedMask = (releasedMask << 1) | 1;
      expected = (expected + 1) & 0xFFFF;
      out.accept(p);
    }
  }

  private void updateJitter(RtpPacket p, long arrivalNanos) {
    if (!jitterStarted) {
      jitterStarted = true;
      firstArrival = arrivalNanos;
    }
    long micros = (arrivalNanos - firstArrival) / 1000;
    long arrival = micros / 1_000_000 * clockRate + (micros % 1_000_000) * clockRate / 1_000_000;
    long transit = arrival - p.timestamp();
    if (received > 1) {
      long dTransit = (int) (transit - lastTransit); // timestamps wrap at 32 bits
      long abs = Math.abs(dTransit);
      jitter16 += abs - ((jitter16 + 8) >> 4);
    }
    lastTransit = transit;
  }

  /** The number of packets waiting behind a gap. */
  public int waiting() {
    return buffered;
  }

  /** The reception figures so far. */
  public RtpStats stats() {
    return new RtpStats(
        received,
        lost,
        reordered,
        duplicates,
        late,
        jitter16 >> 4,
        started ? cycles + highest : -1);
  }
}
