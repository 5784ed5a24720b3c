package io.arcly.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.kernel.AppSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
  private static ServerConfig config(Map<String, String> values) {
    return ServerConfig.from(new Settings(k -> Optional.ofNullable(values.get(k))));
  }

  @Test
  void defaultsWithoutAnySetting() {
    ServerConfig c = config(Map.of());
    assertThat(c.applications()).extracting(AppSpec::name).containsExactly("live");
    AppSpec live = c.applications().get(0);
    assertThat(live.gopCache()).isTrue();
    assertThat(live.gopCacheFrames()).isEqualTo(1024);
    assertThat(live.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(live.takeover()).isFalse();
    assertThat(live.maxTimestampJump()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.strictApplications()).isFalse();
    assertThat(c.audit()).isEmpty();
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.eventQueue()).isEqualTo(256);
  }

  @Test
  void applicationSettingsFallBackToTheDefaultsKeyByKey() {
    ServerConfig c =
        config(
            Map.of(
                "arcly.apps", "live, studio",
                "arcly.app.default.idle-timeout", "30s",
                "arcly.app.default.max-subscribers", "100",
                "arcly.app.studio.takeover", "TRUE",
                "arcly.app.studio.gop-cache", "false",
                "arcly.app.studio.idle-timeout", "PT1M",
                "arcly.app.studio.max-timestamp-jump", "1m"));
    AppSpec live = c.applications().get(0);
    AppSpec studio = c.applications().get(1);
    assertThat(live.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(live.maxSubscribers()).isEqualTo(100);
    assertThat(studio.name()).isEqualTo("studio");
    assertThat(studio.takeover()).isTrue();
    assertThat(studio.gopCache()).isFalse();
    assertThat(studio.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(studio.maxTimestampJump()).isEqualTo(Duration.ofMinutes(1));
    assertThat(live.maxTimestampJump()).isEqualTo(Duration.ofSeconds(10));
    assertThat(studio.maxSubscribers()).isEqualTo(100);
    assertThat(c.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "arcly.app.default.idle-timeout|ten|arcly.app.default.idle-timeout: expected a duration such as 500ms, 10s, 2m or PT10S, got \"ten\"",
        "arcly.app.live.idle-timeout|0s|arcly.app.live.idle-timeout: must be positive, got \"0s\"",
        "arcly.app.live.takeover|yes|arcly.app.live.takeover: expected true or false, got \"yes\"",
        "arcly.app.live.max-timestamp-jump|500ms|arcly.app.live.max-timestamp-jump: must be between 1s and 24h, got \"500ms\"",
        "arcly.app.default.max-timestamp-jump|25h|arcly.app.default.max-timestamp-jump: must be between 1s and 24h, got \"25h\"",
        "arcly.app.live.gop-cache-frames|-1|arcly.app.live.gop-cache-frames: must be between 1 and 32768, got \"-1\"",
        "arcly.app.live.ring-frames|lots|arcly.app.live.ring-frames: expected a whole number, got \"lots\"",
        "arcly.apps|live,a/b|arcly.apps: application name must not contain '/': \"a/b\" (allowed: letters, digits and - _ . ~ :), got \"a/b\"",
        "arcly.apps|live,live|arcly.apps: application listed twice, got \"live\"",
        "arcly.apps|default|arcly.apps: \"default\" names the defaults, not an application, got \"default\"",
        "arcly.events.max-pending|0|arcly.events.max-pending: must be between 1 and 1000000, got \"0\""
      })
  void badValuesNameTheKeyTheValueAndWhy(String key, String value, String message) {
    assertThatThrownBy(() -> config(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"500ms,500", "10s,10000", "2m,120000", "1h,3600000", "PT0.25S,250", "pt5s,5000"})
  void durationsInShortAndIsoForms(String text, long millis) {
    assertThat(Settings.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
