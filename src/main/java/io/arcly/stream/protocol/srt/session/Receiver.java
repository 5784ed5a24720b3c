package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of an SRT live connection (draft-sharabayko-srt 4.5 to 4.8): a buffer indexed
 * by sequence number, loss detection with an immediate NAK and periodic NAK reports, full ACKs
 * every 10 ms and light ACKs every 64 packets, RTT from ACKACK, and time-based delivery (TSBPD):
 * each packet is handed on at its sender time plus the latency, in order; a packet still missing
 * when a later one is due is given up (too-late drop).
 *
 * <p>A plain state machine: every call carries the time in microseconds of one monotonic clock, and
 * control packets to send go to {@link Out}. Not thread-safe: one thread drives it.
 */
final class Receiver {
  /** Where the receiver's output goes. */
  interface Out {
    /** A control packet to send to the peer. */
    void control(Control c);

    /**
     * The next payload, in order, at its play time: {@code length} bytes of {@code datagram} at
     * {@code offset} (the datagram is the receiver's to keep no longer).
     */
    void deliver(byte[] datagram, int offset, int length);
  }

  private static final int HEADER = DataPacket.HEADER;
  static final long ACK_INTERVAL = 10_000;
  static final int LIGHT_ACK_PACKETS = 64;
  static final long MIN_NAK_INTERVAL = 20_000;
  private static final int ACK_HISTORY = 64;
  private static final int MAX_NAK_RANGES = 150;

  /** Marks a packet the sender gave up: skipped, not delivered, not reported lost. */
  private static final byte[] GONE = new byte[0];

  private final Out out;
  private final long latency;
  private long timeBase;

  /** Drift tracking: the lowest transit time seen in the current window and in the first one. */
  private long windowEnd;

  private long windowMin = Long.MAX_VALUE;
  private long baseline = Long.MIN_VALUE;
  private long drift;

  /** How often the sender's clock is compared with ours. */
  static final long DRIFT_WINDOW = 2_000_000;

  /** The largest correction of the time base per window. */
  static final long MAX_DRIFT_STEP = 5_000;

  private final int mask;
  private final byte[][] slots;
  private final long[] playAt;

  /** The next sequence number to deliver. */
  private int base;

  /** The sequence number after the highest received. */
  private int next;

  /** The first sequence number not received in order from {@link #base}. */
  private int contiguous;

  private int missing;
  private long lastTimestamp;
  private boolean anyTimestamp;

  private final Rtt rtt = new Rtt();
  private int ackNumber;
  private final int[] ackNumbers = new int[ACK_HISTORY];
  private final long[] ackTimes = new long[ACK_HISTORY];
  private int lastAckSent;
  private long nextAck;
  private long nextNak;
  private int sinceLightAck;

  private long received;
  private long bytes;
  private long lost;
  private long retransmitted;
  private long dropped;
  private long duplicates;
  private long reordered;
  private final Rate rate = new Rate();

  /**
   * A receiver whose first packet is {@code initialSeq}, holding up to {@code capacity} packets (a
   * power of two), delivering {@code latency} µs after the sender's time; {@code timeBase} is the
   * local time when the sender's clock read zero.
   */
  Receiver(Out out, int initialSeq, int capacity, long latency, long timeBase, long now) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two");
    }
    this.out = out;
    this.latency = latency;
    this.timeBase = timeBase;
    this.mask = capacity - 1;
    this.slots = new byte[capacity][];
    this.playAt = new long[capacity];
    this.base = initialSeq;
    this.next = initialSeq;
    this.contiguous = initialSeq;
    this.lastAckSent = initialSeq; // nothing to acknowledge before the first packet
    this.nextAck = now + ACK_INTERVAL;
    this.nextNak = now + MIN_NAK_INTERVAL;
  }

  /**
   * A data packet (already decrypted) arrived at {@code now}: {@code datagram}, whose payload
   * follows the 16-byte header, is the receiver's from now on.
   */
  void data(int seq, int timestamp, boolean retransmit, byte[] datagram, long now) {
    int offset = SeqNo.diff(base, seq);
    if (offset < 0) {
      duplicates++; // delivered or given up already
      return;
    }
    if (offset > mask) {
      dropped++; // beyond the buffer: the sender runs too far ahead
      return;
    }
    int slot = seq & mask;
    if (slots[slot] != null) {
      duplicates++; // twice, or given up by the sender
      return;
    }
    received++;
    int length = datagram.length - HEADER;
    bytes += length;
    rate.add(length, now);
    if (retransmit) {
      retransmitted++;
    }
    int ahead = SeqNo.diff(next, seq);
    if (ahead >= 0) {
      if (ahead > 0) {
        lost += ahead;
        missing += ahead;
        out.control(new Control.Nak(List.of(new Control.Range(next, SeqNo.add(seq, -1)))));
      }
      next = SeqNo.next(seq);
    } else {
      missing--; // a hole filled
      if (!retransmit) {
        lost--; // by the original, late: reordered, not lost
        reordered++;
      }
    }
    slots[slot] = datagram;
    long sent = unwrap(timestamp);
    if (!retransmit) {
      trackDrift(now - (timeBase + sent), now);
    }
    playAt[slot] = timeBase + sent + latency;
    while (contiguous != next && slots[contiguous & mask] != null) {
      contiguous = SeqNo.next(contiguous);
    }
    if (++sinceLightAck >= LIGHT_ACK_PACKETS) {
      sinceLightAck = 0;
      out.control(Control.Ack.light(contiguous));
    }
  }

  /**
   * Follows the sender's clock: the lowest transit time of each window (queueing only adds to it)
   * is compared with the first window's, and the time base moves by the difference, at most {@value
   * #MAX_DRIFT_STEP} µs a window. Without it, a sender whose clock runs 0.1 % slow would have its
   * packets dropped as too late after a few minutes (120 ms of latency), one running fast would
   * have them wait ever longer.
   */
  private void trackDrift(long transit, long now) {
    if (windowEnd == 0) {
      windowEnd = now + DRIFT_WINDOW;
    }
    windowMin = Math.min(windowMin, transit);
    if (now < windowEnd) {
      return;
    }
    if (baseline == Long.MIN_VALUE) {
      baseline = windowMin;
    } else {
      long step = Math.max(-MAX_DRIFT_STEP, Math.min(MAX_DRIFT_STEP, windowMin - baseline));
      timeBase += step;
      drift += step;
    }
    windowMin = Long.MAX_VALUE;
    windowEnd = now + DRIFT_WINDOW;
  }

  /** How far the time base moved to follow the sender's clock, µs. */
  long drift() {
    return drift;
  }

  private long unwrap(int timestamp) {
    if (!anyTimestamp) {
      anyTimestamp = true;
      lastTimestamp = Integer.toUnsignedLong(timestamp);
      return lastTimestamp;
    }
    long full = lastTimestamp + (timestamp - (int) lastTimestamp);
    if (full > lastTimestamp) {
      lastTimestamp = full;
    }
    return full;
  }

  /** The peer answered full ACK {@code number}: a round-trip sample. */
  void ackAck(int number, long now) {
    for (int i = 0; i < ACK_HISTORY; i++) {
      if (ackNumbers[i] == number && ackTimes[i] != 0) {
        rtt.sample(now - ackTimes[i]);
        ackTimes[i] = 0;
        return;
      }
    }
  }

  /** The sender gave up packets {@code first} to {@code last}: stop waiting for them. */
  void dropRequest(int first, int last, long now) {
    int span = SeqNo.diff(first, last);
    if (span < 0 || span > mask) {
      return;
    }
    int s = first;
    for (int i = 0; i <= span; i++, s = SeqNo.next(s)) {
      if (SeqNo.diff(base, s) >= 0 && SeqNo.diff(s, next) > 0 && slots[s & mask] == null) {
        slots[s & mask] = GONE;
        playAt[s & mask] = Long.MIN_VALUE;
        missing--;
        dropped++;
      }
    }
    while (contiguous != next && slots[contiguous & mask] != null) {
      contiguous = SeqNo.next(contiguous);
    }
  }

  /**
   * Delivers what is due, sends the ACK and NAK reports that are due, and returns when it wants to
   * be called next.
   */
  long tick(long now) {
    deliver(now);
    if (now >= nextAck) {
      nextAck = now + ACK_INTERVAL;
      if (contiguous != lastAckSent) {
        lastAckSent = contiguous;
        sendFullAck(now);
      }
    }
    if (now >= nextNak) {
      nextNak = now + Math.max(MIN_NAK_INTERVAL, (rtt.rtt() + 4L * rtt.var()) / 2);
      if (missing > 0) {
        periodicNak();
      }
    }
    long wake = Math.min(nextAck, nextNak);
    if (base != next && slots[base & mask] != null) {
      wake = Math.min(wake, playAt[base & mask]);
    }
    return wake;
  }

  /**
   * Delivers everything still held, in order, whatever its play time: the peer ended the
   * connection, so the packets it had sent are all there will be.
   */
  void flush() {
    for (int s = base; s != next; s = SeqNo.next(s)) {
      byte[] p = slots[s & mask];
      slots[s & mask] = null;
      if (p != null && p != GONE) {
        out.deliver(p, HEADER, p.length - HEADER);
      }
    }
    base = next;
    contiguous = next;
    missing = 0;
  }

  private void deliver(long now) {
    while (base != next) {
      int slot = base & mask;
      byte[] p = slots[slot];
      if (p != null) {
        if (playAt[slot] > now) {
          return;
        }
        slots[slot] = null;
        base = SeqNo.next(base);
        if (p != GONE) {
          out.deliver(p, HEADER, p.length - HEADER);
        }
        continue;
      }
      // A hole at the front: give it up once a later packet is due.
      int s = base;
      while (s != next && (slots[s & mask] == null || slots[s & mask] == GONE)) {
        s = SeqNo.next(s);
      }
      if (s == next || playAt[s & mask] > now) {
        return;
      }
      for (int q = base; q != s; q = SeqNo.next(q)) {
        if (slots[q & mask] == null) {
          dropped++;
          missing--;
        }
        slots[q & mask] = null;
      }
      base = s;
      if (SeqNo.diff(contiguous, base) > 0) {
        contiguous = base;
        while (contiguous != next && slots[contiguous & mask] != null) {
          contiguous = SeqNo.next(contiguous);
        }
      }
    }
  }

  private void sendFullAck(long now) {
    ackNumber = ackNumber == Integer.MAX_VALUE ? 1 : ackNumber + 1;
    int h = ackNumber % ACK_HISTORY;
    ackNumbers[h] = ackNumber;
    ackTimes[h] = now;
    int packetRate = rate.packetsPerSecond(now);
    out.control(
        new Control.Ack(
            ackNumber,
            contiguous,
            rtt.rtt(),
            rtt.var(),
            Math.max(2, mask + 1 - SeqNo.diff(base, next)),
            packetRate,
            Math.max(packetRate, 1),
            (int) Math.min(Integer.MAX_VALUE, rate.bytesPerSecond(now)),
            7));
  }

  private void periodicNak() {
    List<Control.Range> ranges = new ArrayList<>();
    int s = contiguous;
    while (s != next && ranges.size() < MAX_NAK_RANGES) {
      if (slots[s & mask] == null) {
        int from = s;
        while (SeqNo.next(s) != next && slots[SeqNo.next(s) & mask] == null) {
          s = SeqNo.next(s);
        }
        ranges.add(new Control.Range(from, s));
      }
      s = SeqNo.next(s);
    }
    if (!ranges.isEmpty()) {
      out.control(new Control.Nak(ranges));
    }
  }

  int rttMicros() {
    return rtt.rtt();
  }

  long received() {
    return received;
  }

  long bytes() {
    return bytes;
  }

  long lost() {
    return lost;
  }

  long retransmitted() {
    return retransmitted;
  }

  long reordered() {
    return reordered;
  }

  long dropped() {
    return dropped;
  }

  long duplicates() {
    return duplicates;
  }

  long bitrate(long now) {
    return rate.bytesPerSecond(now) * 8;
  }

  /** Packets waiting for their play time or for a hole before them to fill. */
  int buffered() {
    return SeqNo.diff(base, next);
  }
}
