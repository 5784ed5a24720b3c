package io.arcly.stream.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MulticastRangeTest {
  @Test
  void aRangeHandsOutItsAddressesButItsFirstAndLast() {
    MulticastRange r = MulticastRange.parse("224.1.0.0/16");
    assertThat(r.capacity()).isEqualTo(65534);
    assertThat(r.address(0).getHostAddress()).isEqualTo("224.1.0.1");
    assertThat(r.address(65533).getHostAddress()).isEqualTo("224.1.255.254");
    assertThat(r).hasToString("224.1.0.0/16");
    assertThat(MulticastRange.parse(" 239.255.42.77 / 24 ")).hasToString("239.255.42.0/24");
    assertThat(MulticastRange.parse("239.0.0.0/30").capacity()).isEqualTo(2);
    assertThatThrownBy(() -> r.address(65534)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> MulticastRange.parse("224.1.0.0"))
        .hasMessage("expected an IPv4 range such as 224.1.0.0/16");
    assertThatThrownBy(() -> MulticastRange.parse("10.0.0.0/8"))
        .hasMessage("10.0.0.0 is not an IPv4 multicast address (224.0.0.0/4)");
    assertThatThrownBy(() -> MulticastRange.parse("224.1.0.0/31"))
        .hasMessage("the prefix length must be between 4 and 30");
    assertThatThrownBy(() -> MulticastRange.parse("224.1.0.0/x"))
        .hasMessage("the prefix length after / is not a number");
    assertThatThrownBy(() -> MulticastRange.parse("ff02::1/16"))
        .hasMessage("expected an IPv4 address before the /");
    assertThatThrownBy(() -> MulticastRange.parse("224.1.0.300/16"))
        .hasMessage("224.1.0.300 is not an IPv4 address");
  }

  private static RtspSettings settings(Map<String, String> m) {
    return RtspSettings.from(new Settings(k -> Optional.ofNullable(m.get(k))));
  }

  @Test
  void settingsDefaultToOffAndNameABadRange() {
    RtspSettings s = settings(Map.of());
    assertThat(s.multicast()).isFalse();
    assertThat(s.multicastRange()).hasToString("224.1.0.0/16");
    assertThat(s.multicastRtpPort()).isEqualTo(8002);
    assertThat(s.multicastTtl()).isEqualTo(16);
    assertThatThrownBy(() -> settings(Map.of("arcly.rtsp.multicast-range", "10.1.0.0/16")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arcly.rtsp.multicast-range")
        .hasMessageContaining("not an IPv4 multicast address");
    assertThatThrownBy(() -> settings(Map.of("arcly.rtsp.multicast-rtp-port", "65535")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no port for RTCP");
  }
}
