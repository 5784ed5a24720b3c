package io.arcly.stream.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void fixedHeaderAndPayloadSharedWithTheInput() {
    byte[] b =
        hex(
            "80 e0 1f 40" // V=2, M=1, PT=96, seq 8000
                + " 00 01 e2 40" // timestamp 123456
                + " de ad be ef" // ssrc
                + " 65 88 84");
    RtpPacket p = RtpPacket.parse(b, 0, b.length);
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isEqualTo(96);
    assertThat(p.sequence()).isEqualTo(8000);
    assertThat(p.timestamp()).isEqualTo(123456);
    assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
    assertThat(p.payload()).isEqualTo(Payload.wrap(hex("658884")));
    assertThat(p.hasExtension()).isFalse();
    assertThat(p.toBytes()).isEqualTo(b);
  }

  @Test
  void csrcsPaddingAndOneByteExtensionElements() {
    byte[] b =
        hex(
            "b1 08 00 01 00 00 00 02 00 00 00 03" // V=2 P X CC=1, PT 8, seq 1, ts 2, ssrc 3
                + " 00 00 00 04" // csrc
                + " be de 00 02" // RFC 8285 one-byte profile, 2 words
                + " 10 aa 21 bb cc 00 00 00" // id 1 len 1, id 2 len 2, padding
                + " 01 02" // payload
                + " 00 00 03"); // padding, count 3
    RtpPacket p = RtpPacket.parse(b, 0, b.length);
    assertThat(p.csrcCount()).isEqualTo(1);
    assertThat(p.csrc(0)).isEqualTo(4);
    assertThat(p.payload()).isEqualTo(Payload.wrap(hex("0102")));
    assertThat(p.extensionProfile()).isEqualTo(HeaderExtensions.ONE_BYTE_PROFILE);
    List<HeaderExtensions.Element> e = p.extensionElements();
    assertThat(e).hasSize(2);
    assertThat(e.get(0)).isEqualTo(new HeaderExtensions.Element(1, Payload.wrap(hex("aa"))));
    assertThat(e.get(1)).isEqualTo(new HeaderExtensions.Element(2, Payload.wrap(hex("bbcc"))));
    assertThat(RtpPacket.parse(Payload.wrap(p.toBytes()))).isEqualTo(p);
    HeaderExtensions.Encoded enc = HeaderExtensions.encode(e);
    assertThat(enc.profile()).isEqualTo(HeaderExtensions.ONE_BYTE_PROFILE);
    assertThat(HeaderExtensions.parse(enc.profile(), enc.bytes())).isEqualTo(e);
  }

  @Test
  void twoByteExtensionElements() {
    List<HeaderExtensions.Element> e =
        List.of(
            new HeaderExtensions.Element(200, Payload.wrap(new byte[20])),
            new HeaderExtensions.Element(3, Payload.EMPTY));
    HeaderExtensions.Encoded enc = HeaderExtensions.encode(e);
    assertThat(enc.profile()).isEqualTo(HeaderExtensions.TWO_BYTE_PROFILE);
    assertThat(enc.bytes().length() % 4).isZero();
    assertThat(HeaderExtensions.parse(enc.profile(), enc.bytes())).isEqualTo(e);
  }

  record Bad(String name, String hex, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Bad> bad() {
    return List.of(
        new Bad("short", "80 60 00 01 00 00 00 02 00 00 00", "rtp packet shorter than its header"),
        new Bad("version 1", "40 60 00 01 00 00 00 02 00 00 00 03", "rtp version is not 2"),
        new Bad("padding 0", "a0 60 00 01 00 00 00 02 00 00 00 03 00", "rtp padding count is 0"),
        new Bad(
            "padding past header",
            "a0 60 00 01 00 00 00 02 00 00 00 03 20",
            "rtp padding overruns packet"),
        new Bad(
            "csrc list past end",
            "82 60 00 01 00 00 00 02 00 00 00 03 00 00 00 04",
            "rtp csrc list overruns packet"),
        new Bad(
            "extension past end",
            "90 60 00 01 00 00 00 02 00 00 00 03 be de 00 01",
            "rtp header extension overruns packet"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void malformedPacketsAreTypedErrors(Bad c) {
    byte[] b = hex(c.hex());
    assertThatThrownBy(() -> RtpPacket.parse(b, 0, b.length))
        .isInstanceOf(RtpException.class)
        .hasMessage(c.message());
  }

  @Test
  void writeHeaderBuildsWhatParseReads() {
    byte[] b = new byte[14];
    RtpPacket.writeHeader(b, 0, true, 111, 65535, 0xFFFFFFFFL, 1);
    b[12] = 7;
    b[13] = 8;
    RtpPacket p = RtpPacket.parse(b, 0, b.length);
    assertThat(p)
        .isEqualTo(RtpPacket.of(true, 111, 65535, 0xFFFFFFFFL, 1, Payload.wrap(hex("0708"))));
  }

  @Test
  void timestampsUnwrapBothWays() {
    RtpTimestamps t = new RtpTimestamps(90_000);
    assertThat(t.extend(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
    assertThat(t.extend(0x100)).isEqualTo(0x1_0000_0100L);
    assertThat(t.extend(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L); // a B-frame just before the wrap
    assertThat(t.extend(0x200)).isEqualTo(0x1_0000_0200L);
  }
}
