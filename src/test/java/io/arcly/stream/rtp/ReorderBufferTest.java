package io.arcly.stream.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  final List<Integer> out = new ArrayList<>();

  static RtpPacket p(int seq) {
    return RtpPacket.of(false, 96, seq & 0xFFFF, seq * 3000L & 0xFFFF_FFFFL, 1, Payload.EMPTY);
  }

  void push(ReorderBuffer b, long nanos, int... seqs) {
    for (int s : seqs) {
      b.push(p(s), nanos, x -> out.add(x.sequence()));
    }
  }

  @Test
  void releasesInSequenceOrderAcrossTheWrap() {
    ReorderBuffer b = new ReorderBuffer(90_000);
    push(b, 0, 65534, 0, 65535, 2, 1);
    assertThat(out).containsExactly(65534, 65535, 0, 1, 2);
    RtpStats s = b.stats();
    assertThat(s.received()).isEqualTo(5);
    assertThat(s.reordered()).isEqualTo(2);
    assertThat(s.lost()).isZero();
    assertThat(s.highestSequence()).isEqualTo(65536 + 2);
  }

  @Test
  void dropsDuplicatesAndLatePackets() {
    ReorderBuffer b = new ReorderBuffer(90_000);
    push(b, 0, 10, 11, 11, 13, 13, 12, 5);
    assertThat(out).containsExactly(10, 11, 12, 13);
    assertThat(b.stats().duplicates()).isEqualTo(2);
    assertThat(b.stats().late()).isEqualTo(1);
  }

  @Test
  void skipsAGapWhenFullAndCountsItLost() {
    ReorderBuffer b = new ReorderBuffer(4, 90_000, Long.MAX_VALUE);
    push(b, 0, 1, 3, 4, 5);
    assertThat(out).containsExactly(1);
    push(b, 0, 6);
    assertThat(out).containsExactly(1, 3, 4, 5, 6);
    assertThat(b.stats().lost()).isEqualTo(1);
    push(b, 0, 2);
    assertThat(b.stats().late()).isEqualTo(1);
  }

  @Test
  void skipsAGapAfterTheWait() {
    ReorderBuffer b = new ReorderBuffer(64, 90_000, 50_000_000L);
    push(b, 0, 1, 3);
    push(b, 40_000_000L, 4);
    assertThat(out).containsExactly(1);
    push(b, 60_000_000L, 5);
    assertThat(out).containsExactly(1, 3, 4, 5);
    assertThat(b.stats().lost()).isEqualTo(1);
  }

  @Test
  void aLargeJumpIsARestartNotALoss() {
    ReorderBuffer b = new ReorderBuffer(90_000);
    push(b, 0, 100, 101, 20_000, 20_001);
    assertThat(out).containsExactly(100, 101, 20_000, 20_001);
    assertThat(b.stats().lost()).isZero();
  }

  @Test
  void jitterIsZeroForPacketsArrivingAsTheyWereStamped() {
    ReorderBuffer b = new ReorderBuffer(90_000);
    for (int i = 0; i < 50; i++) {
      push(b, i * 33_333_333L, i); // 3000 ticks of 90 kHz each
    }
    assertThat(b.stats().jitter()).isLessThanOrEqualTo(1);
    ReorderBuffer j = new ReorderBuffer(90_000);
    for (int i = 0; i < 200; i++) {
      push(j, i * 33_333_333L + (i % 2) * 10_000_000L, i); // every other one 10 ms late
    }
    // RFC 3550 A.8 converges on the mean deviation: 900 ticks
    assertThat(j.stats().jitter()).isBetween(850L, 950L);
  }
}
