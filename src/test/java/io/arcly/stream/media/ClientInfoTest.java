package io.arcly.stream.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientInfoTest {
  @Test
  void aTenKilobyteFlashVerWithLineBreaksIsBoundedAndClean() {
    String flashVer = "FMLE/3.0\r\n" + "X".repeat(10 * 1024) + "\r\nevil: yes";
    ClientInfo c = new ClientInfo("rtmp", "10.0.0.5:51234", flashVer);
    assertThat(c.clientName()).hasSize(ClientInfo.MAX_CLIENT_NAME);
    assertThat(c.clientName()).startsWith("FMLE/3.0??XXX").endsWith("...");
    assertThat(c.clientName()).doesNotContain("\r", "\n");
  }

  @Test
  void everyFieldIsPrintableAndAbsentValuesAreEmpty() {
    ClientInfo c = new ClientInfo("rtmp", "10.0.0.5:1\n", null);
    assertThat(c.remoteAddress()).isEqualTo("10.0.0.5:1?");
    assertThat(c.clientName()).isEmpty();
    assertThat(new ClientInfo("hls", "1.2.3.4:5", "Mozilla/5.0 (X11)").clientName())
        .isEqualTo("Mozilla/5.0 (X11)");
  }
}
