package io.arcly.stream.protocol.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** srt:// URLs as the server calls them. */
class SrtUrlTest {
  @Test
  void fullUrl() {
    SrtUrl u =
        SrtUrl.parse(
            "srt://cam.example:9000?streamid=#!::r=live/cam,m=request&passphrase=0123456789ab"
                + "&pbkeylen=32&latency=250&transtype=live");
    assertThat(u)
        .isEqualTo(
            new SrtUrl("cam.example", 9000, "#!::r=live/cam,m=request", "0123456789ab", 32, 250));
  }

  @Test
  void placeholdersAndDefaults() {
    SrtUrl u = SrtUrl.parse("srt://[::1]:9000?streamid={app}/{stream}");
    assertThat(u.host()).isEqualTo("::1");
    assertThat(u.keyLength()).isEqualTo(16);
    assertThat(u.latencyMillis()).isEqualTo(-1);
    assertThat(u.streamIdFor("live", "cam")).isEqualTo("live/cam");
    assertThat(SrtUrl.parse("srt://h:1").streamIdFor("a", "b")).isEqualTo("publish:a/b");
    assertThat(SrtUrl.parse("srt://h:1?streamid=a%2Fb").streamId()).isEqualTo("a/b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rtmp://h:1|does not start with srt://",
        "srt://h|needs a host and a port",
        "srt://:9000|needs a host and a port",
        "srt://h:99999|needs a host and a port",
        "srt://h:1?passphrase=short|10 to 79 characters",
        "srt://h:1?pbkeylen=20|pbkeylen must be 16, 24 or 32",
        "srt://h:1?latency=x|latency is not a number",
        "srt://h:1?latency=70000|latency is in milliseconds",
        "srt://h:1?mode=listener|the server calls out",
        "srt://h:1?streamid|is not name=value"
      })
  void mistakesAreNamed(String url, String message) {
    assertThatThrownBy(() -> SrtUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void passphrasesStayOutOfMessages() {
    assertThatThrownBy(() -> SrtUrl.parse("srt://h:1?passphrase=0123456789&pbkeylen=7"))
        .hasMessageNotContaining("0123456789");
  }
}
