package io.arcly.stream.protocol.srt.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sending side: numbering, release by ACK, retransmission by NAK, drops. */
class SenderTest {
  static Payload p(int n) {
    return Payload.wrap(new byte[] {(byte) n});
  }

  @Test
  void numbersPacketsAndMessagesFromTheInitialSequence() {
    Sender s = new Sender(SeqNo.MAX, 16, 1_000_000);
    Sender.Outgoing a = s.add(p(0), 10, 0);
    Sender.Outgoing b = s.add(p(1), 20, 0);
    assertThat(a.seq()).isEqualTo(SeqNo.MAX);
    assertThat(b.seq()).isZero();
    assertThat(a.messageNumber()).isEqualTo(1);
    assertThat(b.messageNumber()).isEqualTo(2);
    assertThat(s.inFlight()).isEqualTo(2);
  }

  @Test
  void ackReleasesAndNakResendsWhatIsKept() {
    Sender s = new Sender(0, 16, 1_000_000);
    for (int i = 0; i < 6; i++) {
      s.add(p(i), i, 0);
    }
    s.ack(2, 30_000, 2_000);
    assertThat(s.inFlight()).isEqualTo(4);
    assertThat(s.rttMicros()).isEqualTo(30_000);
    List<Control> drops = new ArrayList<>();
    List<Sender.Outgoing> again =
        s.nak(List.of(new Control.Range(0, 1), new Control.Range(3, 4)), drops, 0);
    assertThat(again).extracting(Sender.Outgoing::seq).containsExactly(3, 4);
    assertThat(again).allMatch(Sender.Outgoing::retransmit);
    assertThat(again.getFirst().timestamp()).isEqualTo(3); // the original time stamp
    assertThat(drops).containsExactly(new Control.DropRequest(0, 0, 1));
    assertThat(s.retransmitted()).isEqualTo(2);
  }

  @Test
  void oldPacketsAreGivenUp() {
    Sender s = new Sender(0, 16, 1_000);
    s.add(p(0), 0, 0);
    s.add(p(1), 0, 500);
    assertThat(s.dropOld(1_200)).isEqualTo(1);
    assertThat(s.inFlight()).isEqualTo(1);
    assertThat(s.dropped()).isEqualTo(1);
  }

  @Test
  void aFullBufferGivesUpItsOldest() {
    Sender s = new Sender(0, 4, 1_000_000);
    for (int i = 0; i < 6; i++) {
      s.add(p(i), 0, 0);
    }
    assertThat(s.inFlight()).isEqualTo(4);
    assertThat(s.dropped()).isEqualTo(2);
  }

  @Test
  void aHostileNakResendsAtMostOneBuffer() {
    Sender s = new Sender(0, 4, 1_000_000);
    for (int i = 0; i < 4; i++) {
      s.add(p(i), 0, 0);
    }
    List<Control.Range> ranges = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ranges.add(new Control.Range(0, 3));
    }
    assertThat(s.nak(ranges, new ArrayList<>(), 0)).hasSizeLessThanOrEqualTo(5);
  }
}
