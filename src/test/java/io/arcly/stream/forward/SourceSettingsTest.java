package io.arcly.stream.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sources from configuration, with errors that name the key. */
class SourceSettingsTest {
  private static SourceSettings read(Map<String, String> values) {
    return SourceSettings.from(new Settings(k -> Optional.ofNullable(values.get(k))));
  }

  @Test
  void noSourcesByDefault() {
    SourceSettings s = read(Map.of());
    assertThat(s.sources()).isEmpty();
    assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void sourcesAreReadInOrder() {
    SourceSettings s =
        read(
            Map.of(
                "arcly.sources", "cam1, cam2",
                "arcly.sources.cam1.url", "rtsp://u:p@10.0.0.1/stream1",
                "arcly.sources.cam1.key", "live/cam1",
                "arcly.sources.cam2.url", "rtsp://10.0.0.2/main",
                "arcly.sources.cam2.key", "cams/two",
                "arcly.sources.cam2.transport", "tcp",
                "arcly.sources.cam2.on-demand", "true",
                "arcly.sources.cam2.close-after", "0"));
    assertThat(s.sources()).extracting(SourceSpec::name).containsExactly("cam1", "cam2");
    SourceSpec two = s.sources().get(1);
    assertThat(two.key()).isEqualTo(new StreamKey("cams", "two"));
    assertThat(two.transport()).isEqualTo(SourceSpec.Transport.TCP);
    assertThat(two.onDemand()).isTrue();
    assertThat(two.closeAfter()).isZero();
    assertThat(s.sources().get(0).transport()).isEqualTo(SourceSpec.Transport.AUTO);
  }

  @Test
  void mistakesNameTheKey() {
    assertThatThrownBy(() -> read(Map.of("arcly.sources", "cam")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.sources.cam.url: source cam is listed but has no url");
    assertThatThrownBy(
            () -> read(Map.of("arcly.sources", "cam", "arcly.sources.cam.url", "rtsp://c/x")))
        .hasMessageContaining("arcly.sources.cam.key");
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "arcly.sources", "cam",
                        "arcly.sources.cam.url", "rtsp://c/x",
                        "arcly.sources.cam.key", "live/c",
                        "arcly.sources.cam.transport", "http")))
        .hasMessageContaining("arcly.sources.cam.transport");
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "arcly.sources", "a,a",
                        "arcly.sources.a.url", "rtsp://c/x",
                        "arcly.sources.a.key", "live/c")))
        .hasMessageContaining("source listed twice");
  }
}
