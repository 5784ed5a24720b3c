package io.arcly.stream.conformance.pcap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.conformance.pcap.PcapWriter.Packet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapLinkTypeTest {

  static final long T = 1_700_000_000_123_456L;

  static byte[] udp4() {
    return PcapWriter.ipv4(
        "192.168.1.10", "192.168.1.20", 17, PcapWriter.udp(5004, 6000, "rtp".getBytes(US_ASCII)));
  }

  static byte[] tcp6() {
    return PcapWriter.ipv6(
        "fe80::1",
        "2001:db8::2",
        6,
        PcapWriter.tcp(50000, 1935, 7, 0, PcapWriter.SYN, new byte[0]));
  }

  static byte[] tcp6data() {
    return PcapWriter.ipv6(
        "fe80::1",
        "2001:db8::2",
        6,
        PcapWriter.tcp(50000, 1935, 8, 0, PcapWriter.ACK, "rtmp".getBytes(US_ASCII)));
  }

  static Stream<Arguments> linkTypes() {
    return Stream.of(
        Arguments.of("ethernet", 1, (UnaryOperator<byte[]>) PcapWriter::ethernet),
        Arguments.of(
            "ethernet 802.1q",
            1,
            (UnaryOperator<byte[]>)
                ip -> PcapWriter.ethernet(PcapWriter.etherType(ip), ip, 0x8100)),
        Arguments.of(
            "ethernet 802.1ad",
            1,
            (UnaryOperator<byte[]>)
                ip -> PcapWriter.ethernet(PcapWriter.etherType(ip), ip, 0x88A8, 0x8100)),
        Arguments.of(
            "null",
            0,
            (UnaryOperator<byte[]>)
                ip -> PcapWriter.loopback(PcapWriter.etherType(ip) == 0x0800 ? 2 : 30, false, ip)),
        Arguments.of(
            "null other byte order",
            0,
            (UnaryOperator<byte[]>)
                ip -> PcapWriter.loopback(PcapWriter.etherType(ip) == 0x0800 ? 2 : 24, true, ip)),
        Arguments.of(
            "loop",
            108,
            (UnaryOperator<byte[]>)
                ip -> PcapWriter.loopback(PcapWriter.etherType(ip) == 0x0800 ? 2 : 28, true, ip)),
        Arguments.of("raw 101", 101, UnaryOperator.<byte[]>identity()),
        Arguments.of("raw 12", 12, UnaryOperator.<byte[]>identity()),
        Arguments.of("raw 14", 14, UnaryOperator.<byte[]>identity()),
        Arguments.of("sll", 113, (UnaryOperator<byte[]>) PcapWriter::sll),
        Arguments.of("sll2", 276, (UnaryOperator<byte[]>) PcapWriter::sll2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("linkTypes")
  void decodesIpv4UdpAndIpv6Tcp(String name, int linkType, UnaryOperator<byte[]> frame) {
    byte[] file =
        PcapWriter.pcap(
            linkType,
            List.of(
                new Packet(T, frame.apply(udp4())),
                new Packet(T + 1, frame.apply(tcp6())),
                new Packet(T + 2, frame.apply(tcp6data()))));
    Capture capture = Pcap.read(file);
    assertThat(capture.linkType()).isEqualTo(linkType);
    assertThat(capture.skippedPackets()).isZero();
    assertThat(capture.udp()).hasSize(1);
    UdpDatagram d = capture.udp().get(0);
    assertThat(d.source()).hasToString("192.168.1.10:5004");
    assertThat(d.destination()).hasToString("192.168.1.20:6000");
    assertThat(d.timestampMicros()).isEqualTo(T);
    assertThat(new String(d.payload(), US_ASCII)).isEqualTo("rtp");
    assertThat(capture.tcpTo(1935)).hasSize(1);
    TcpConnection c = capture.tcpTo(1935).get(0);
    assertThat(c.client()).hasToString("[fe80:0:0:0:0:0:0:1]:50000");
    assertThat(new String(c.bytes(Direction.CLIENT_TO_SERVER), US_ASCII)).isEqualTo("rtmp");
  }

  @Test
  void decodesRawIpv4AndRawIpv6LinkTypes() {
    Capture v4 = Pcap.read(PcapWriter.pcap(228, List.of(new Packet(T, udp4()))));
    assertThat(v4.udpWith(6000)).hasSize(1);
    Capture v6 =
        Pcap.read(PcapWriter.pcap(229, List.of(new Packet(T, tcp6()), new Packet(T, tcp6data()))));
    assertThat(v6.tcpTo(1935)).hasSize(1);
    assertThat(v6.linkType()).isEqualTo(229);
  }

  @Test
  void readsBigEndianAndNanosecondFiles() {
    for (boolean bigEndian : new boolean[] {false, true}) {
      for (boolean nanos : new boolean[] {false, true}) {
        byte[] file =
            PcapWriter.pcap(
                1, List.of(new Packet(T, PcapWriter.ethernet(udp4()))), bigEndian, nanos, 65535);
        Capture capture = Pcap.read(file);
        assertThat(capture.udp())
            .singleElement()
            .extracting(UdpDatagram::timestampMicros)
            .isEqualTo(T);
      }
    }
  }

  @Test
  void skipsIpv6ExtensionHeadersAndIgnoresFragments() {
    byte[] withExt =
        PcapWriter.ipv6(
            "::1", "::2", 17, PcapWriter.udp(1, 2, "x".getBytes(US_ASCII)), 0, 60, 43, 51);
    byte[] fragment6 = PcapWriter.ipv6("::1", "::2", 17, PcapWriter.udp(1, 2, new byte[1]), 44);
    byte[] fragment4 =
        PcapWriter.ipv4("1.1.1.1", "2.2.2.2", 17, PcapWriter.udp(1, 2, new byte[4]), 185);
    byte[] firstFragment =
        PcapWriter.ipv4("1.1.1.1", "2.2.2.2", 17, PcapWriter.udp(1, 2, new byte[4]), 0x2000);
    Capture capture =
        Pcap.read(
            PcapWriter.pcap(
                101,
                List.of(
                    new Packet(T, withExt),
                    new Packet(T, fragment6),
                    new Packet(T, fragment4),
                    new Packet(T, firstFragment))));
    assertThat(capture.udp()).hasSize(2);
    assertThat(capture.udp().get(0).destination()).hasToString("[0:0:0:0:0:0:0:2]:2");
    assertThat(capture.udp().get(0).payload()).containsExactly('x');
    assertThat(capture.ignoredFragments()).isEqualTo(2);
    assertThat(capture.skippedPackets()).isZero();
  }

  @Test
  void ignoresNonIpFramesAndOtherProtocols() {
    byte[] arp = PcapWriter.ethernet(0x0806, new byte[28]);
    byte[] icmp = PcapWriter.ethernet(PcapWriter.ipv4("1.1.1.1", "2.2.2.2", 1, new byte[8]));
    Capture capture =
        Pcap.read(PcapWriter.pcap(1, List.of(new Packet(T, arp), new Packet(T, icmp))));
    assertThat(capture.tcp()).isEmpty();
    assertThat(capture.udp()).isEmpty();
    assertThat(capture.skippedPackets()).isZero();
  }

  @Test
  void rejectsAnUnsupportedLinkType() {
    byte[] file = PcapWriter.pcap(147, List.of(new Packet(T, udp4())));
    assertThatThrownBy(() -> Pcap.read(file))
        .isInstanceOf(PcapException.class)
        .hasMessage("unsupported link type 147");
  }
}
