package io.arcly.stream.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickerTest {
  @Test
  void aClockWithNobodyEnrolledSleepsUntilSomeoneIs() throws Exception {
    Ticker ticker = new Ticker(Duration.ofMillis(5), 4);
    Thread clock = Thread.ofPlatform().start(ticker::run);
    try {
      // Idle: parked without a deadline, not ticking for nobody.
      await().until(() -> clock.getState() == Thread.State.WAITING);
      long target = ticker.enrol(Thread.currentThread(), 3);
      await().atMost(Duration.ofSeconds(5)).until(() -> ticker.reached(target));
      // Everyone released: idle again.
      await().until(() -> clock.getState() == Thread.State.WAITING);
      long again = ticker.enrol(Thread.currentThread(), 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> ticker.reached(again));
      assertThat(again).isGreaterThan(target);
    } finally {
      ticker.stop();
      clock.join(5_000);
    }
    assertThat(clock.isAlive()).isFalse();
  }
}
