package io.arcly.stream.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.conformance.pcap.PcapWriter.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapLimitsTest {

  @Test
  void stopsBufferingOutOfOrderDataAtTheLimit() {
    int segment = 60_000;
    int count = Pcap.MAX_OUT_OF_ORDER_BYTES / segment + 3;
    List<Packet> packets = new ArrayList<>();
    packets.add(packet(0, PcapWriter.SYN, new byte[0]));
    // Byte 1 never arrives: everything after it waits in the out-of-order buffer.
    for (int i = 0; i < count; i++) {
      packets.add(packet(2L + (long) i * segment, PcapWriter.ACK, new byte[segment]));
    }
    Capture capture = Pcap.read(PcapWriter.pcap(101, packets));
    TcpConnection conn = capture.tcp().get(0);
    assertThat(conn.chunks()).isEmpty();
    assertThat(conn.gaps()).isEqualTo(1);
    long buffered = (long) (Pcap.MAX_OUT_OF_ORDER_BYTES / segment) * segment;
    assertThat(capture.droppedBytes()).isEqualTo((long) count * segment - buffered);
  }

  @Test
  void tracksAtMostTheMaximumNumberOfConnections() {
    List<Packet> packets = new ArrayList<>();
    int extra = 5;
    for (int i = 0; i < Pcap.MAX_TCP_CONNECTIONS + extra; i++) {
      byte[] tcp = PcapWriter.tcp(1024 + (i % 60_000), 80, 0, 0, PcapWriter.SYN, new byte[0]);
      String src = "10." + (i / 60_000) + ".0.1";
      packets.add(new Packet(i, PcapWriter.ipv4(src, "10.255.0.1", 6, tcp)));
    }
    Capture capture = Pcap.read(PcapWriter.pcap(101, packets));
    assertThat(capture.tcp()).hasSize(Pcap.MAX_TCP_CONNECTIONS);
    assertThat(capture.skippedPackets()).isEqualTo(extra);
  }

  @Test
  void acceptsAZeroIpv4TotalLengthFromSegmentationOffload() {
    byte[] ip = PcapWriter.ipv4("1.1.1.1", "2.2.2.2", 17, PcapWriter.udp(1, 2, new byte[3000]));
    ip[2] = 0;
    ip[3] = 0;
    Capture capture = Pcap.read(PcapWriter.pcap(101, List.of(new Packet(1, ip))));
    assertThat(capture.udp()).singleElement().extracting(d -> d.payload().length).isEqualTo(3000);
  }

  private static Packet packet(long seq, int flags, byte[] payload) {
    return new Packet(
        seq,
        PcapWriter.ipv4("1.1.1.1", "2.2.2.2", 6, PcapWriter.tcp(1000, 80, seq, 0, flags, payload)));
  }
}
