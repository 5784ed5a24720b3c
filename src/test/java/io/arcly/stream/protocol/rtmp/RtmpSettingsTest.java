package io.arcly.stream.protocol.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtmpSettingsTest {
  static RtmpSettings read(Map<String, String> values) {
    return RtmpSettings.from(
        new Settings(k -> Optional.ofNullable(values.get(k))), List.of("live"));
  }

  @Test
  void defaultsListenOn1935AndBatchWritesForAtMostFiftyMilliseconds() {
    RtmpSettings s = read(Map.of());
    assertThat(s.port()).isEqualTo(1935);
    assertThat(s.chunkSize()).isEqualTo(4096);
    assertThat(s.batchDelay()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theBatchDelayCanBeTurnedOffButNotRaisedBeyondOneHundredMilliseconds() {
    assertThat(read(Map.of("arcly.rtmp.batch-delay", "0")).batchDelay()).isZero();
    assertThat(read(Map.of("arcly.rtmp.batch-delay", "100ms")).batchDelay())
        .isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> read(Map.of("arcly.rtmp.batch-delay", "350ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.rtmp.batch-delay")
        .hasMessageContaining("350ms")
        .hasMessageContaining("at most 100 ms");
    assertThatThrownBy(() -> read(Map.of("arcly.rtmp.batch-delay", "-5ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.rtmp.batch-delay");
  }

  @Test
  void theBudgetForUnfinishedMessagesDefaultsToAQuarterOfTheHeap() {
    long eightMib = 8L * 1024 * 1024;
    assertThat(RtmpSettings.defaultMaxPendingBytes(1L << 30, (int) eightMib))
        .isEqualTo(256L * 1024 * 1024);
    assertThat(RtmpSettings.defaultMaxPendingBytes(16L << 20, (int) eightMib))
        .as("never below one message of the largest size")
        .isEqualTo(eightMib);
    assertThat(RtmpSettings.defaultMaxPendingBytes(Long.MAX_VALUE, (int) eightMib))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(read(Map.of()).maxPendingBytes())
        .isEqualTo(
            RtmpSettings.defaultMaxPendingBytes(Runtime.getRuntime().maxMemory(), (int) eightMib));
    assertThat(read(Map.of("arcly.rtmp.max-pending-bytes", "104857600")).maxPendingBytes())
        .isEqualTo(104_857_600L);
  }

  @Test
  void aBudgetBelowOneMessageOrNotANumberIsRefused() {
    assertThatThrownBy(() -> read(Map.of("arcly.rtmp.max-pending-bytes", "65536")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.rtmp.max-pending-bytes")
        .hasMessageContaining("must be at least arcly.rtmp.max-message-size (8388608)");
    assertThatThrownBy(() -> read(Map.of("arcly.rtmp.max-pending-bytes", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected a whole number");
    assertThat(
            read(Map.of(
                    "arcly.rtmp.max-message-size", "65536",
                    "arcly.rtmp.max-pending-bytes", "65536"))
                .maxPendingBytes())
        .isEqualTo(65536);
  }
}
