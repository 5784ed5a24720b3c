package io.arcly.stream.protocol.srt.wire;

import io.arcly.stream.media.Payload;
import java.util.List;

/**
 * The body of an SRT control packet, one record per control type (draft-sharabayko-srt 3.2); the
 * handshake is {@link Handshake}.
 */
public sealed interface Control
    permits Handshake,
        Control.Ack,
        Control.Nak,
        Control.AckAck,
        Control.KeepAlive,
        Control.Shutdown,
        Control.DropRequest,
        Control.KeyMaterial,
        Control.Unknown {

  /**
   * Acknowledgement (3.2.4): everything before {@code lastAcked} arrived. A light ACK carries only
   * that; a small ACK adds RTT, variance and buffer; a full ACK adds the rates.
   *
   * @param ackNumber the ACK's own number (0 for a light ACK), echoed by ACKACK
   * @param lastAcked the sequence number after the last one received in order
   * @param rtt round-trip time, microseconds
   * @param rttVar its variance, microseconds
   * @param buffer free space in the receiver's buffer, packets
   * @param packetRate packets received per second
   * @param capacity estimated link capacity, packets per second
   * @param byteRate bytes received per second
   * @param words how many CIF words the ACK has: 1 light, 4 small, 7 full
   */
  record Ack(
      int ackNumber,
      int lastAcked,
      int rtt,
      int rttVar,
      int buffer,
      int packetRate,
      int capacity,
      int byteRate,
      int words)
      implements Control {
    /** A light ACK. */
    public static Ack light(int lastAcked) {
      return new Ack(0, lastAcked, 0, 0, 0, 0, 0, 0, 1);
    }

    /** Whether this is a full (or small) ACK that the peer answers with ACKACK. */
    public boolean full() {
      return words > 1;
    }
  }

  /** A range of lost sequence numbers, both ends included. */
  record Range(int from, int to) {
    /** How many numbers the range covers. */
    public int count() {
      return SeqNo.diff(from, to) + 1;
    }
  }

  /** Loss report (3.2.5): the ranges of sequence numbers the receiver misses. */
  record Nak(List<Range> lost) implements Control {
    /** A report of {@code lost}. */
    public Nak {
      lost = List.copyOf(lost);
    }
  }

  /** Acknowledgement of a full ACK (3.2.8), for the RTT. */
  record AckAck(int ackNumber) implements Control {}

  /** Keep-alive (3.2.3). */
  record KeepAlive() implements Control {}

  /** Shutdown (3.2.7): the peer closes the connection. */
  record Shutdown() implements Control {}

  /**
   * Message drop request (3.2.9): the sender gave up on a message whose packets are {@code first}
   * to {@code last}; the receiver stops waiting for them.
   */
  record DropRequest(int messageNumber, int first, int last) implements Control {}

  /**
   * A key material message outside the handshake (user-defined type 0x7FFF, subtypes 3 KMREQ and 4
   * KMRSP): a key refresh announced by the sender and its answer.
   *
   * @param response whether this is KMRSP
   * @param km the key material message as sent (see the crypto package)
   */
  record KeyMaterial(boolean response, Payload km) implements Control {}

  /** A control type (or user-defined subtype) this server does not handle; ignored, counted. */
  record Unknown(int type, int subtype) implements Control {}
}
