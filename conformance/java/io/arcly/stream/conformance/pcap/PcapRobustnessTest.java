package io.arcly.stream.conformance.pcap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.conformance.pcap.PcapWriter.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcapRobustnessTest {

  private static byte[] sample() {
    List<Packet> packets = new ArrayList<>();
    long t = 1_000_000;
    packets.add(
        new Packet(
            t,
            PcapWriter.ethernet(
                PcapWriter.ipv4(
                    "1.1.1.1",
                    "2.2.2.2",
                    6,
                    PcapWriter.tcp(1000, 80, 1, 0, PcapWriter.SYN, new byte[0])))));
    packets.add(
        new Packet(
            t + 1,
            PcapWriter.ethernet(
                PcapWriter.ipv4(
                    "1.1.1.1",
                    "2.2.2.2",
                    6,
                    PcapWriter.tcp(
                        1000,
                        80,
                        2,
                        0,
                        PcapWriter.ACK,
                        "GET / HTTP/1.1\r\n".getBytes(US_ASCII))))));
    packets.add(
        new Packet(
            t + 2,
            PcapWriter.ethernet(
                PcapWriter.ipv6(
                    "::1", "::2", 17, PcapWriter.udp(5, 6, "datagram".getBytes(US_ASCII)), 0))));
    return PcapWriter.pcap(1, packets);
  }

  @Test
  void reportsTheOffsetOfATruncatedRecord() {
    byte[] whole = sample();
    Capture full = Pcap.read(whole);
    assertThat(full.tcp()).hasSize(1);
    assertThat(full.udp()).hasSize(1);
    int thirdRecord = whole.length - (16 + 14 + 40 + 8 + 8 + 8);
    assertThatThrownBy(() -> Pcap.read(Arrays.copyOf(whole, whole.length - 1)))
        .isInstanceOf(PcapException.class)
        .hasMessage("pcap truncated at byte " + thirdRecord);
    assertThatThrownBy(() -> Pcap.read(Arrays.copyOf(whole, thirdRecord + 7)))
        .isInstanceOf(PcapException.class)
        .hasMessage("pcap truncated at byte " + thirdRecord);
    assertThatThrownBy(() -> Pcap.read(Arrays.copyOf(whole, 10)))
        .isInstanceOf(PcapException.class)
        .hasMessage("pcap truncated at byte 0");
  }

  @Test
  void rejectsWhatIsNotACapture() {
    for (byte[] b : new byte[][] {new byte[0], new byte[3], "hello world".getBytes(US_ASCII)}) {
      assertThatThrownBy(() -> Pcap.read(b))
          .isInstanceOf(PcapException.class)
          .hasMessage("not a pcap or pcapng file");
    }
  }

  @Test
  void skipsPacketsCutBySnaplen() {
    List<Packet> packets =
        List.of(
            new Packet(
                1,
                PcapWriter.ethernet(
                    PcapWriter.ipv4(
                        "1.1.1.1", "2.2.2.2", 17, PcapWriter.udp(5, 6, new byte[200])))),
            new Packet(
                2,
                PcapWriter.ethernet(
                    PcapWriter.ipv4(
                        "1.1.1.1", "2.2.2.2", 17, PcapWriter.udp(5, 6, new byte[20])))));
    Capture capture = Pcap.read(PcapWriter.pcap(1, packets, false, false, 100));
    assertThat(capture.udp()).singleElement().extracting(d -> d.payload().length).isEqualTo(20);
    assertThat(capture.skippedPackets()).isEqualTo(1);
  }

  @Test
  void randomBytesRaiseOnlyPcapException() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[random.nextInt(300)];
      random.nextBytes(b);
      if (i % 3 == 1 && b.length >= 4) {
        b[0] = (byte) 0xD4;
        b[1] = (byte) 0xC3;
        b[2] = (byte) 0xB2;
        b[3] = (byte) 0xA1;
      } else if (i % 3 == 2 && b.length >= 12) {
        b[0] = 0x0A;
        b[1] = 0x0D;
        b[2] = 0x0D;
        b[3] = 0x0A;
        b[8] = 0x4D;
        b[9] = 0x3C;
        b[10] = 0x2B;
        b[11] = 0x1A;
      }
      readOrPcapException(b);
    }
  }

  @Test
  void mutatedCapturesRaiseOnlyPcapException() {
    byte[][] seeds = {
      sample(),
      new PcapngWriter(false)
          .idb(1, 9)
          .epb(
              0,
              1,
              PcapWriter.ethernet(
                  PcapWriter.ipv4(
                      "1.1.1.1",
                      "2.2.2.2",
                      6,
                      PcapWriter.tcp(1, 2, 3, 0, PcapWriter.ACK, new byte[30]))))
          .bytes()
    };
    Random random = new Random(7);
    for (byte[] seed : seeds) {
      for (int i = 0; i < 3000; i++) {
        byte[] b = seed.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
          int at = 4 + random.nextInt(b.length - 4);
          b[at] = (byte) random.nextInt(256);
        }
        readOrPcapException(b);
      }
    }
  }

  private static void readOrPcapException(byte[] b) {
    try {
      Capture c = Pcap.read(b);
      assertThat(c.tcp()).isNotNull();
    } catch (PcapException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
