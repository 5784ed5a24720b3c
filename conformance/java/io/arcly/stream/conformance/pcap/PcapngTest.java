package io.arcly.stream.conformance.pcap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngTest {

  private static byte[] udp(int dport, String text) {
    return PcapWriter.ipv4(
        "10.1.1.1", "10.1.1.2", 17, PcapWriter.udp(7000, dport, text.getBytes(US_ASCII)));
  }

  private static byte[] tcp(long seq, int flags, String text) {
    return PcapWriter.ipv4(
        "10.1.1.1",
        "10.1.1.2",
        6,
        PcapWriter.tcp(41000, 8554, seq, 0, flags, text.getBytes(US_ASCII)));
  }

  @ParameterizedTest(name = "big endian {0}")
  @ValueSource(booleans = {false, true})
  void readsTwoInterfacesWithDifferentLinkTypesAndResolutions(boolean bigEndian) {
    long seconds = 1_700_000_000L;
    byte[] file =
        new PcapngWriter(bigEndian)
            .idb(1, 9) // Ethernet, nanoseconds
            .block(0x0BAD, new byte[] {1, 2, 3}) // unknown block: skipped
            .idb(276, -1) // SLL2, default microseconds
            .epb(0, seconds * 1_000_000_000L + 123_456_789L, PcapWriter.ethernet(udp(9000, "a")))
            .epb(1, seconds * 1_000_000L + 5, PcapWriter.sll2(udp(9000, "b")))
            .epb(1, seconds * 1_000_000L + 6, PcapWriter.sll2(tcp(1, PcapWriter.SYN, "")))
            .epb(
                0,
                seconds * 1_000_000_000L + 7_000,
                PcapWriter.ethernet(tcp(2, PcapWriter.ACK, "DESCRIBE")))
            .block(5, new byte[8]) // interface statistics: skipped
            .spb(PcapWriter.ethernet(udp(9001, "c")))
            .bytes();
    Capture capture = Pcap.read(file);
    assertThat(capture.linkType()).isEqualTo(1);
    assertThat(capture.skippedPackets()).isZero();
    assertThat(capture.udpWith(9000))
        .extracting(UdpDatagram::timestampMicros)
        .containsExactly(seconds * 1_000_000L + 123_456, seconds * 1_000_000L + 5);
    assertThat(capture.udpWith(9001))
        .singleElement()
        .extracting(d -> new String(d.payload(), US_ASCII))
        .isEqualTo("c");
    TcpConnection conn = capture.tcpTo(8554).get(0);
    assertThat(conn.startMicros()).isEqualTo(seconds * 1_000_000L + 6);
    assertThat(conn.chunks())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.timestampMicros()).isEqualTo(seconds * 1_000_000L + 7);
              assertThat(new String(c.data(), US_ASCII)).isEqualTo("DESCRIBE");
            });
  }

  @Test
  void convertsBinaryAndMillisecondResolutions() {
    byte[] file =
        new PcapngWriter(false)
            .idb(101, 0x80 | 10) // 2^-10 s
            .idb(101, 3) // milliseconds
            .epb(0, 3 * 1024 + 512, udp(1, "x"))
            .epb(1, 4_250, udp(1, "y"))
            .bytes();
    assertThat(Pcap.read(file).udp())
        .extracting(UdpDatagram::timestampMicros)
        .containsExactly(3_500_000L, 4_250_000L);
  }

  @Test
  void startsOverWithEachSection() {
    byte[] first =
        new PcapngWriter(false).idb(1, -1).epb(0, 1, PcapWriter.ethernet(udp(1, "x"))).bytes();
    byte[] second = new PcapngWriter(true).idb(101, -1).epb(0, 2, udp(1, "y")).bytes();
    byte[] file = new byte[first.length + second.length];
    System.arraycopy(first, 0, file, 0, first.length);
    System.arraycopy(second, 0, file, first.length, second.length);
    Capture capture = Pcap.read(file);
    assertThat(capture.linkType()).isEqualTo(1);
    assertThat(capture.udp())
        .extracting(d -> new String(d.payload(), US_ASCII))
        .containsExactly("x", "y");
  }

  @Test
  void countsPacketsOnUnknownInterfaces() {
    byte[] file = new PcapngWriter(false).idb(101, -1).epb(3, 1, udp(1, "x")).bytes();
    assertThat(Pcap.read(file).skippedPackets()).isEqualTo(1);
  }

  @Test
  void rejectsAnUnsupportedInterfaceLinkType() {
    byte[] file = new PcapngWriter(false).idb(1, -1).idb(147, -1).bytes();
    assertThatThrownBy(() -> Pcap.read(file))
        .isInstanceOf(PcapException.class)
        .hasMessage("unsupported link type 147");
  }

  @Test
  void reportsATruncatedBlock() {
    byte[] whole = new PcapngWriter(false).idb(101, -1).epb(0, 1, udp(1, "x")).bytes();
    int epbStart = 28 + 20;
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> Pcap.read(cut))
        .isInstanceOf(PcapException.class)
        .hasMessage("pcap truncated at byte " + epbStart);
  }
}
