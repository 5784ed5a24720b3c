package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HlsSettingsTest {
  static HlsSettings read(Map<String, String> values) {
    return HlsSettings.from(
        new Settings(k -> Optional.ofNullable(values.get(k))), List.of("live", "tv"));
  }

  @Test
  void defaultsAreLowLatencyTwoSecondSegmentsAndTwoHundredMillisecondParts() {
    HlsSettings s = read(Map.of());
    assertThat(s.variantOf("live")).isEqualTo(Variant.LOW_LATENCY);
    assertThat(s.segmentDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.partDuration()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.window()).isEqualTo(6);
    assertThat(s.corsOrigin()).isEqualTo("*");
  }

  @Test
  void theVariantIsSetPerApplication() {
    HlsSettings s = read(Map.of("arcly.hls.variant", "fmp4", "arcly.app.tv.hls-variant", "mpegts"));
    assertThat(s.variantOf("live")).isEqualTo(Variant.FMP4);
    assertThat(s.variantOf("tv")).isEqualTo(Variant.MPEGTS);
    assertThat(s.variantOf("other")).isEqualTo(Variant.FMP4);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> read(Map.of("arcly.app.tv.hls-variant", "dash")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.app.tv.hls-variant")
        .hasMessageContaining("expected lowLatency, fmp4 or mpegts");
    assertThatThrownBy(() -> read(Map.of("arcly.hls.part-duration", "3s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.hls.part-duration");
    assertThatThrownBy(() -> read(Map.of("arcly.hls.window", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.hls.window");
  }
}
