package io.arcly.stream.conformance.pcap;

import static io.arcly.stream.conformance.pcap.PcapWriter.ACK;
import static io.arcly.stream.conformance.pcap.PcapWriter.FIN;
import static io.arcly.stream.conformance.pcap.PcapWriter.PSH;
import static io.arcly.stream.conformance.pcap.PcapWriter.RST;
import static io.arcly.stream.conformance.pcap.PcapWriter.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.conformance.pcap.PcapWriter.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapTcpTest {

  /** Builds Ethernet/IPv4/TCP packets of one or more connections with increasing timestamps. */
  static final class Session {
    final List<Packet> packets = new ArrayList<>();
    long micros = 1_700_000_000_000_000L;

    Session add(String src, int sport, String dst, int dport, long seq, int flags, String data) {
      byte[] tcp = PcapWriter.tcp(sport, dport, seq, 0, flags, data.getBytes(US_ASCII));
      packets.add(new Packet(micros, PcapWriter.ethernet(PcapWriter.ipv4(src, dst, 6, tcp))));
      micros += 1000;
      return this;
    }

    Session c(long seq, int flags, String data) {
      return add("10.0.0.1", 40000, "10.0.0.2", 554, seq, flags, data);
    }

    Session s(long seq, int flags, String data) {
      return add("10.0.0.2", 554, "10.0.0.1", 40000, seq, flags, data);
    }

    Capture read() {
      return Pcap.read(PcapWriter.pcap(1, packets));
    }
  }

  private static String str(byte[] b) {
    return new String(b, US_ASCII);
  }

  @Test
  void reassemblesHandshakeRetransmissionOutOfOrderWrapAndFin() {
    long c = 0xFFFFFFF0L; // client ISN: the data wraps past 2^32
    long s = 1000;
    Session t = new Session();
    long t0 = t.micros;
    t.c(c, SYN, "").s(s, SYN | ACK, "").c(c + 1, ACK, "");
    t.c(c + 1, ACK | PSH, "hello-----"); // 0xFFFFFFF1..0xFFFFFFFA
    t.c((c + 11) & 0xFFFFFFFFL, ACK | PSH, "0123456789"); // wraps
    long c3 = (c + 21) & 0xFFFFFFFFL;
    t.s(s + 1, ACK | PSH, "reply-1");
    t.s(s + 1, ACK | PSH, "reply-1"); // retransmission
    long afterC3 = t.micros;
    t.c(c3 + 20, ACK | PSH, "-fifth-"); // out of order
    t.c(c3 + 10, ACK | PSH, "--fourth--"); // out of order
    t.c(c3, ACK | PSH, "--third---");
    long fill = afterC3 + 2000;
    t.c(c3, ACK | PSH, "--third---"); // retransmission after delivery
    t.s(s + 8, ACK | PSH, "reply-2");
    t.c(c3 + 27, FIN | ACK, "").s(s + 15, FIN | ACK, "");

    Capture capture = t.read();

    assertThat(capture.tcp()).hasSize(1);
    TcpConnection conn = capture.tcp().get(0);
    assertThat(conn.client()).hasToString("10.0.0.1:40000");
    assertThat(conn.server()).hasToString("10.0.0.2:554");
    assertThat(conn.sawSyn()).isTrue();
    assertThat(conn.sawFin()).isTrue();
    assertThat(conn.sawReset()).isFalse();
    assertThat(conn.gaps()).isZero();
    assertThat(conn.startMicros()).isEqualTo(t0);
    assertThat(str(conn.bytes(Direction.CLIENT_TO_SERVER)))
        .isEqualTo("hello-----0123456789--third-----fourth---fifth-");
    assertThat(str(conn.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("reply-1reply-2");
    assertThat(conn.chunks())
        .extracting(Chunk::direction)
        .containsExactly(
            Direction.CLIENT_TO_SERVER,
            Direction.SERVER_TO_CLIENT,
            Direction.CLIENT_TO_SERVER,
            Direction.SERVER_TO_CLIENT);
    assertThat(conn.chunks())
        .extracting(ch -> str(ch.data()))
        .containsExactly(
            "hello-----0123456789", "reply-1", "--third-----fourth---fifth-", "reply-2");
    assertThat(conn.chunks().get(0).timestampMicros()).isEqualTo(t0 + 3000);
    assertThat(conn.chunks().get(2).timestampMicros()).isEqualTo(fill);
    assertThat(capture.tcpTo(554)).hasSize(1);
    assertThat(capture.tcpTo(40000)).isEmpty();
    assertThat(capture.skippedPackets()).isZero();
  }

  @Test
  void partialRetransmissionKeepsOnlyNewBytes() {
    Session t = new Session();
    t.c(99, SYN, "").c(100, ACK, "abcdef").c(103, ACK, "defghi").c(100, ACK, "abcdefghijkl");
    TcpConnection conn = t.read().tcp().get(0);
    assertThat(str(conn.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("abcdefghijkl");
    assertThat(conn.chunks()).hasSize(1);
  }

  @Test
  void separatesInterleavedConnections() {
    Session t = new Session();
    t.add("10.0.0.1", 1111, "10.0.0.9", 80, 10, SYN, "");
    t.add("10.0.0.2", 2222, "10.0.0.9", 80, 20, SYN, "");
    t.add("10.0.0.9", 80, "10.0.0.1", 1111, 500, SYN | ACK, "");
    t.add("10.0.0.9", 80, "10.0.0.2", 2222, 600, SYN | ACK, "");
    t.add("10.0.0.2", 2222, "10.0.0.9", 80, 21, ACK, "GET /b");
    t.add("10.0.0.1", 1111, "10.0.0.9", 80, 11, ACK, "GET /a");
    t.add("10.0.0.9", 80, "10.0.0.2", 2222, 601, ACK, "body-b");
    t.add("10.0.0.9", 80, "10.0.0.1", 1111, 501, ACK, "body-a");
    t.add("10.0.0.1", 1111, "10.0.0.9", 80, 17, RST, "");
    Capture capture = t.read();
    assertThat(capture.tcp()).hasSize(2);
    assertThat(capture.tcpTo(80)).hasSize(2);
    TcpConnection a = capture.tcp().get(0);
    TcpConnection b = capture.tcp().get(1);
    assertThat(a.client().port()).isEqualTo(1111);
    assertThat(b.client().port()).isEqualTo(2222);
    assertThat(str(a.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("GET /a");
    assertThat(str(a.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("body-a");
    assertThat(str(b.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("GET /b");
    assertThat(str(b.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("body-b");
    assertThat(a.sawReset()).isTrue();
    assertThat(b.sawReset()).isFalse();
    assertThat(b.sawFin()).isFalse();
  }

  @Test
  void dropsDataAfterAGapThatNeverFills() {
    Session t = new Session();
    t.c(0, SYN, "").c(1, ACK, "first").c(11, ACK, "third").c(16, ACK, "fourth");
    t.s(700, SYN | ACK, "").s(701, ACK, "ok").s(710, ACK, "late");
    TcpConnection conn = t.read().tcp().get(0);
    assertThat(str(conn.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("first");
    assertThat(str(conn.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("ok");
    assertThat(conn.gaps()).isEqualTo(2);
  }

  @Test
  void orientsAConnectionSeenWithoutSynByThePortAsked() {
    Session t = new Session();
    // Mid-stream capture: the "server" has the higher port, so the guess is wrong.
    t.add("10.0.0.1", 80, "10.0.0.2", 9000, 5, ACK, "request");
    t.add("10.0.0.2", 9000, "10.0.0.1", 80, 70, ACK, "response");
    Capture capture = t.read();
    TcpConnection guessed = capture.tcp().get(0);
    assertThat(guessed.sawSyn()).isFalse();
    assertThat(guessed.server().port()).isEqualTo(80);

    assertThat(capture.tcpTo(9000)).hasSize(1);
    TcpConnection conn = capture.tcpTo(9000).get(0);
    assertThat(conn.client()).hasToString("10.0.0.1:80");
    assertThat(conn.server()).hasToString("10.0.0.2:9000");
    assertThat(str(conn.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("request");
    assertThat(str(conn.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("response");
    assertThat(capture.tcpTo(80)).hasSize(1);
    assertThat(capture.tcpTo(80).get(0).client().port()).isEqualTo(9000);
  }

  @Test
  void synAckAloneFixesTheOrientation() {
    Session t = new Session();
    t.add("10.0.0.2", 9000, "10.0.0.1", 80, 70, SYN | ACK, "");
    t.add("10.0.0.1", 80, "10.0.0.2", 9000, 6, ACK, "hi");
    Capture capture = t.read();
    TcpConnection conn = capture.tcp().get(0);
    assertThat(conn.client().port()).isEqualTo(80);
    assertThat(conn.sawSyn()).isFalse();
    assertThat(capture.tcpTo(80)).isEmpty();
    assertThat(capture.tcpTo(9000)).hasSize(1);
  }

  @Test
  void aReusedFourTupleAfterFinStartsANewConnection() {
    Session t = new Session();
    t.c(100, SYN, "").c(101, ACK, "one").c(104, FIN | ACK, "");
    t.c(90_000, SYN, "").c(90_001, ACK, "two");
    Capture capture = t.read();
    assertThat(capture.tcp()).hasSize(2);
    assertThat(str(capture.tcp().get(0).bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("one");
    assertThat(str(capture.tcp().get(1).bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("two");
  }

  @Test
  void segmentsKeepEachPacketsCaptureTimeWhereChunksMergeARun() {
    Session t = new Session();
    t.c(0, SYN, "").s(100, SYN | ACK, "").c(1, ACK, "");
    t.c(1, ACK | PSH, "PLAY");
    long answer = t.micros;
    t.s(101, ACK | PSH, "200 OK");
    long media = t.micros;
    t.s(107, ACK | PSH, "$media-1");
    t.s(115, ACK | PSH, "$media-2");

    TcpConnection conn = t.read().tcp().get(0);

    assertThat(conn.chunks())
        .as("a run of one direction is one chunk")
        .extracting(c -> str(c.data()))
        .containsExactly("PLAY", "200 OK$media-1$media-2");
    List<Chunk> server =
        conn.segments().stream().filter(c -> c.direction() == Direction.SERVER_TO_CLIENT).toList();
    assertThat(server)
        .extracting(c -> str(c.data()))
        .containsExactly("200 OK", "$media-1", "$media-2");
    assertThat(server)
        .extracting(Chunk::timestampMicros)
        .containsExactly(answer, media, media + 1000);
  }
}
