package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of an SRT live connection (draft-sharabayko-srt 4.4 to 4.8): numbers each
 * payload, keeps it until the peer acknowledges it so a NAK can have it sent again, and gives up
 * packets older than the drop threshold (the peer's latency, at least a second, as libsrt).
 *
 * <p>Thread-safe: the thread that sends new packets and the one that handles the peer's ACKs and
 * NAKs share it under its lock; nothing is sent under the lock (callers get what to send and send
 * it themselves). Payloads are kept by reference, shared with every other reader of the stream.
 */
final class Sender {
  /** One packet to put on the wire. */
  record Outgoing(int seq, int messageNumber, int timestamp, boolean retransmit, Payload payload) {}

  private final int mask;
  private final Payload[] payloads;
  private final int[] timestamps;
  private final int[] messages;
  private final long[] queuedAt;
  private final long[] sentAt;
  private final long dropAfter;

  /** The oldest packet not acknowledged. */
  private int base;

  /** The number of the next new packet. */
  private int next;

  private int messageNumber = 1;
  private final Rtt rtt = new Rtt();

  private long sent;
  private long bytes;
  private long retransmitted;
  private long dropped;
  private final Rate rate = new Rate();

  /**
   * A sender whose first packet is {@code initialSeq}, keeping up to {@code capacity} packets (a
   * power of two) for at most {@code dropAfter} µs.
   */
  Sender(int initialSeq, int capacity, long dropAfter) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two");
    }
    this.mask = capacity - 1;
    this.payloads = new Payload[capacity];
    this.timestamps = new int[capacity];
    this.messages = new int[capacity];
    this.queuedAt = new long[capacity];
    this.sentAt = new long[capacity];
    this.dropAfter = dropAfter;
    this.base = initialSeq;
    this.next = initialSeq;
  }

  /**
   * Numbers {@code payload}, stamped {@code timestamp}, and keeps it; returns the packet to send.
   * When the buffer is full, the oldest packet is given up.
   */
  synchronized Outgoing add(Payload payload, int timestamp, long now) {
    if (SeqNo.diff(base, next) > mask) {
      release(SeqNo.next(base));
      dropped++;
    }
    int seq = next;
    int slot = seq & mask;
    payloads[slot] = payload;
    timestamps[slot] = timestamp;
    int msg = messageNumber;
    messageNumber = messageNumber >= DataPacket.MAX_MESSAGE ? 1 : messageNumber + 1;
    messages[slot] = msg;
    queuedAt[slot] = now;
    sentAt[slot] = now;
    next = SeqNo.next(seq);
    sent++;
    bytes += payload.length();
    rate.add(payload.length(), now);
    return new Outgoing(seq, msg, timestamp, false, payload);
  }

  /** The peer received everything before {@code lastAcked}. */
  synchronized void ack(int lastAcked, int peerRtt, int peerRttVar) {
    if (SeqNo.diff(base, lastAcked) > 0 && SeqNo.diff(lastAcked, next) >= 0) {
      release(lastAcked);
      notifyAll();
    }
    rtt.reported(peerRtt, peerRttVar);
  }

  private void release(int until) {
    while (base != until) {
      payloads[base & mask] = null;
      base = SeqNo.next(base);
    }
  }

  /**
   * The peer misses {@code lost}: the packets still kept are returned to send again; for those
   * given up, {@code drops} receives the drop requests to send instead. One report makes at most
   * one buffer's worth of packets, whatever its ranges say.
   */
  synchronized List<Outgoing> nak(List<Control.Range> lost, List<Control> drops, long now) {
    List<Outgoing> again = new ArrayList<>();
    for (Control.Range r : lost) {
      int from = r.from();
      int count = r.count();
      if (count <= 0 || count > mask + 1) {
        continue;
      }
      int s = from;
      for (int i = 0; i < count && again.size() <= mask; i++, s = SeqNo.next(s)) {
        int slot = s & mask;
        if (SeqNo.diff(base, s) >= 0 && SeqNo.diff(s, next) > 0 && payloads[slot] != null) {
          again.add(new Outgoing(s, messages[slot], timestamps[slot], true, payloads[slot]));
          sentAt[slot] = now;
          retransmitted++;
          rate.add(payloads[slot].length(), now);
        }
      }
      if (SeqNo.diff(from, base) > 0) { // the start of the range is no longer kept
        int lastGone = SeqNo.diff(r.to(), base) > 0 ? r.to() : SeqNo.add(base, -1);
        drops.add(new Control.DropRequest(0, from, lastGone));
      }
    }
    return again;
  }

  /**
   * Packets sent more than {@code rto} µs ago and still not acknowledged, to send again (at most
   * {@code max}): a loss the peer cannot report, because nothing came after it (the tail of a
   * burst, or the last packets of a stream), or whose report was lost.
   */
  synchronized List<Outgoing> overdue(long now, long rto, int max) {
    List<Outgoing> again = new ArrayList<>();
    for (int s = base; s != next && again.size() < max; s = SeqNo.next(s)) {
      int slot = s & mask;
      if (payloads[slot] != null && now - sentAt[slot] > rto) {
        again.add(new Outgoing(s, messages[slot], timestamps[slot], true, payloads[slot]));
        sentAt[slot] = now;
        retransmitted++;
        rate.add(payloads[slot].length(), now);
      } else if (now - sentAt[slot] <= rto) {
        break; // the rest were sent later still
      }
    }
    return again;
  }

  /** A retransmission timeout from the RTT the peer reports: RTT + 4 x variance + 20 ms. */
  synchronized long rto() {
    return rtt.rtt() + 4L * rtt.var() + 20_000;
  }

  /** Gives up packets kept longer than the drop threshold; returns how many. */
  synchronized int dropOld(long now) {
    int n = 0;
    while (base != next && now - queuedAt[base & mask] > dropAfter) {
      payloads[base & mask] = null;
      base = SeqNo.next(base);
      n++;
    }
    if (n > 0) {
      notifyAll();
    }
    dropped += n;
    return n;
  }

  /**
   * Waits up to {@code millis} until the peer acknowledged every packet sent (or they were given
   * up); returns whether it did.
   */
  synchronized boolean awaitAcked(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (base != next) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  synchronized int inFlight() {
    return SeqNo.diff(base, next);
  }

  synchronized long sent() {
    return sent;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long retransmitted() {
    return retransmitted;
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized int rttMicros() {
    return rtt.rtt();
  }

  synchronized long bitrate(long now) {
    return rate.bytesPerSecond(now) * 8;
  }
}
