package io.arcly.stream.glue;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.forward.SourceSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body of {@code POST /api/v1/sources}: every mistake is a 400 that names it. */
class SourcesResourceTest {
  @Test
  void aFullBodyIsRead() {
    SourceSpec s =
        SourcesResource.parse(
            ("{\"name\":\"cam1\",\"url\":\"rtsp://admin:pw@10.0.0.9/h264\",\"key\":\"live/cam1\","
                    + "\"transport\":\"TCP\",\"onDemand\":true,\"closeAfter\":\"30s\"}")
                .getBytes(UTF_8));
    assertThat(s.name()).isEqualTo("cam1");
    assertThat(s.transport()).isEqualTo(SourceSpec.Transport.TCP);
    assertThat(s.onDemand()).isTrue();
    assertThat(s.closeAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.startTimeout()).isEqualTo(SourceSpec.DEFAULT_START_TIMEOUT);
    assertThat(s.redactedUrl()).isEqualTo("rtsp://10.0.0.9/h264");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"url\":\"rtsp://c/x\",\"key\":\"live/a\"}|no \"name\"",
        "{\"name\":\"a b\",\"url\":\"rtsp://c/x\",\"key\":\"live/a\"}|is not 1-64 letters",
        "{\"name\":\"a\",\"url\":\"c/x\",\"key\":\"live/a\"}|needs a scheme and a host",
        "{\"name\":\"a\",\"url\":\"rtsp://c/x\",\"key\":\"live\"}|live",
        "{\"name\":\"a\",\"url\":\"rtsp://c/x\",\"key\":\"live/a\",\"transport\":\"quic\"}|not one of auto, udp, tcp",
        "{\"name\":\"a\",\"url\":\"rtsp://c/x\",\"key\":\"live/a\",\"onDemand\":\"yes\"}|must be true or false",
        "{\"name\":\"a\",\"url\":\"rtsp://c/x\",\"key\":\"live/a\",\"closeAfter\":\"soon\"}|expected a duration",
        "{\"name\":\"a\",\"url\":\"rtsp://c/x\",\"key\":\"live/a\",\"password\":\"x\"}|unknown member \"password\""
      })
  void mistakesAreNamed(String body, String message) {
    assertThatThrownBy(() -> SourcesResource.parse(body.getBytes(UTF_8)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message);
  }
}
