package io.arcly.stream.protocol.srt.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiving side: loss reports, ACKs, delivery at play time, too-late drops, wrap. */
class ReceiverTest {
  static final long LATENCY = 120_000;
  final List<Control> sent = new ArrayList<>();
  final List<Integer> delivered = new ArrayList<>();

  Receiver receiver(int isn) {
    return new Receiver(
        new Receiver.Out() {
          @Override
          public void control(Control c) {
            sent.add(c);
          }

          @Override
          public void deliver(byte[] datagram, int offset, int length) {
            assertThat(length).isEqualTo(1);
            delivered.add((int) datagram[offset]);
          }
        },
        isn,
        256,
        LATENCY,
        0,
        0);
  }

  /** A datagram whose one payload byte is {@code n}. */
  static byte[] p(int n) {
    byte[] d = new byte[17];
    d[16] = (byte) n;
    return d;
  }

  @Test
  void deliversInOrderAtPlayTime() {
    Receiver r = receiver(10);
    r.data(10, 1_000, false, p(0), 1_000);
    r.data(11, 2_000, false, p(1), 2_000);
    r.tick(100_000);
    assertThat(delivered).isEmpty();
    r.tick(LATENCY + 1_000);
    assertThat(delivered).containsExactly(0);
    long wake = r.tick(LATENCY + 1_500);
    assertThat(wake).isEqualTo(LATENCY + 2_000);
    r.tick(LATENCY + 2_000);
    assertThat(delivered).containsExactly(0, 1);
  }

  @Test
  void aGapIsReportedAtOnceAndFilledByARetransmission() {
    Receiver r = receiver(0);
    r.data(0, 0, false, p(0), 0);
    r.data(3, 300, false, p(3), 300);
    assertThat(sent).containsExactly(new Control.Nak(List.of(new Control.Range(1, 2))));
    r.data(1, 100, true, p(1), 500);
    r.data(2, 200, true, p(2), 600);
    assertThat(r.retransmitted()).isEqualTo(2);
    assertThat(r.lost()).isEqualTo(2);
    r.tick(LATENCY + 300);
    assertThat(delivered).containsExactly(0, 1, 2, 3);
    assertThat(r.dropped()).isZero();
  }

  @Test
  void aHoleStillMissingWhenTheNextPacketIsDueIsGivenUp() {
    Receiver r = receiver(0);
    r.data(0, 0, false, p(0), 0);
    r.data(2, 200, false, p(2), 200);
    r.tick(LATENCY + 100);
    assertThat(delivered).containsExactly(0);
    r.tick(LATENCY + 200);
    assertThat(delivered).containsExactly(0, 2);
    assertThat(r.dropped()).isEqualTo(1);
    r.data(1, 100, true, p(1), LATENCY + 300); // too late now
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(delivered).containsExactly(0, 2);
  }

  @Test
  void fullAckEveryTenMillisecondsAndRttFromAckAck() {
    Receiver r = receiver(0);
    for (int i = 0; i < 5; i++) {
      r.data(i, i * 100, false, p(i), i * 100);
    }
    r.tick(Receiver.ACK_INTERVAL);
    Control.Ack ack = (Control.Ack) sent.getLast();
    assertThat(ack.full()).isTrue();
    assertThat(ack.lastAcked()).isEqualTo(5);
    r.ackAck(ack.ackNumber(), Receiver.ACK_INTERVAL + 4_000);
    assertThat(r.rttMicros()).isEqualTo(4_000);
    int before = sent.size();
    r.tick(2 * Receiver.ACK_INTERVAL); // nothing new: no ACK
    assertThat(sent).hasSize(before);
  }

  @Test
  void lightAckEverySixtyFourPackets() {
    Receiver r = receiver(0);
    for (int i = 0; i < Receiver.LIGHT_ACK_PACKETS; i++) {
      r.data(i, 0, false, p(i), 0);
    }
    assertThat(sent).containsExactly(Control.Ack.light(64));
  }

  @Test
  void periodicNakRepeatsWhatIsStillMissing() {
    Receiver r = receiver(0);
    r.data(0, 0, false, p(0), 0);
    r.data(4, 0, false, p(4), 0);
    r.data(2, 0, true, p(2), 0);
    sent.clear();
    r.tick(Receiver.MIN_NAK_INTERVAL);
    assertThat(sent)
        .contains(new Control.Nak(List.of(new Control.Range(1, 1), new Control.Range(3, 3))));
  }

  @Test
  void sequenceNumbersWrap() {
    int isn = SeqNo.MAX - 1;
    Receiver r = receiver(isn);
    r.data(isn, 0, false, p(0), 0);
    r.data(SeqNo.MAX, 0, false, p(1), 0);
    r.data(1, 0, false, p(3), 0);
    assertThat(sent).containsExactly(new Control.Nak(List.of(new Control.Range(0, 0))));
    r.data(0, 0, true, p(2), 0);
    r.tick(LATENCY);
    assertThat(delivered).containsExactly(0, 1, 2, 3);
  }

  @Test
  void timestampsWrap() {
    Receiver r = receiver(0);
    r.data(0, -1_000, false, p(0), 0); // 2^32 - 1000 µs
    r.data(1, 1_000, false, p(1), 2_000); // after the wrap
    r.tick(LATENCY - 1_000 + (1L << 32));
    assertThat(delivered).containsExactly(0);
    r.tick(LATENCY + 1_000 + (1L << 32));
    assertThat(delivered).containsExactly(0, 1);
  }

  @Test
  void aSenderWhoseClockRunsSlowIsFollowed() {
    long[] clock = new long[1];
    List<Long> waited = new ArrayList<>();
    List<Long> arrivals = new ArrayList<>();
    Receiver r =
        new Receiver(
            new Receiver.Out() {
              @Override
              public void control(Control c) {}

              @Override
              public void deliver(byte[] datagram, int offset, int length) {
                waited.add(clock[0] - arrivals.get(waited.size()));
              }
            },
            0,
            256,
            LATENCY,
            0,
            0);
    // 100 packets a second for 10 minutes; the sender's clock runs 0.1 % slow (600 ms behind by
    // the end, five times the latency), the path takes 10 ms: every packet still waits about the
    // latency, none is handed on at once as late
    int seq = 0;
    for (long t = 0; t < 600_000_000; t += 10_000, seq++) {
      long arrival = t + 10_000;
      clock[0] = arrival;
      arrivals.add(arrival);
      r.data(seq, (int) (t - t / 1000), false, p(0), arrival);
      for (long at = arrival; at < arrival + 10_000; at += 1_000) {
        clock[0] = at;
        r.tick(at);
      }
    }
    assertThat(r.dropped()).isZero();
    assertThat(r.drift()).isBetween(550_000L, 610_000L);
    List<Long> late = waited.subList(waited.size() / 2, waited.size());
    assertThat(late).allMatch(w -> w > LATENCY - 30_000 && w < LATENCY + 30_000);
  }

  @Test
  void aDropRequestEndsTheWait() {
    Receiver r = receiver(0);
    r.data(0, 0, false, p(0), 0);
    r.data(3, 0, false, p(3), 0);
    r.dropRequest(1, 2, 10);
    sent.clear();
    r.tick(Receiver.MIN_NAK_INTERVAL); // nothing left to report
    assertThat(sent).noneMatch(c -> c instanceof Control.Nak);
    r.tick(LATENCY);
    assertThat(delivered).containsExactly(0, 3);
    assertThat(r.dropped()).isEqualTo(2);
  }

  @Test
  void packetsBeyondTheBufferAreDropped() {
    Receiver r = receiver(0);
    r.data(0, 0, false, p(0), 0);
    r.data(256, 0, false, p(1), 0);
    assertThat(r.dropped()).isEqualTo(1);
    assertThat(r.buffered()).isEqualTo(1);
  }
}
