package io.arcly.stream.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pacer on a clock of its own: bursts spread at the rate, steady traffic untouched. */
class PacerTest {
  @Test
  void aBurstBeyondTheBucketWaitsForTheRate() {
    // 8 Mbit/s = 1 byte per microsecond, 10 000 bytes at once.
    Pacer p = new Pacer(8_000_000, 10_000, 0);
    assertThat(p.delay(6_000, 0)).isZero();
    assertThat(p.delay(4_000, 0)).isZero();
    assertThat(p.delay(1_000, 0)).isEqualTo(1_000_000); // 1000 bytes at 1 byte/us
    // Having waited that long, the next thousand bytes wait a millisecond more.
    assertThat(p.delay(1_000, 1_000_000)).isEqualTo(1_000_000);
  }

  @Test
  void steadyTrafficUnderTheRateNeverWaits() {
    Pacer p = new Pacer(8_000_000, 10_000, 0);
    long now = 0;
    for (int i = 0; i < 1_000; i++) {
      now += 2_000_000; // 1400 bytes every 2 ms: 5.6 Mbit/s
      assertThat(p.delay(1_400, now)).isZero();
    }
  }

  @Test
  void idleTimeRefillsOnlyUpToTheBucket() {
    Pacer p = new Pacer(8_000_000, 10_000, 0);
    assertThat(p.delay(10_000, 0)).isZero();
    assertThat(p.delay(10_000, 60_000_000_000L)).isZero();
    assertThat(p.delay(1, 60_000_000_000L)).isPositive();
    assertThatThrownBy(() -> new Pacer(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
