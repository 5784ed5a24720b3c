package io.arcly.stream.conformance.pcap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads real loopback captures (see {@code pcap-vectors/README.md}) and checks what was sent. */
class PcapRealCaptureTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PcapRealCaptureTest.class.getResourceAsStream("/pcap-vectors/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lo.pcap, 1", "any.pcap, 276", "lo.pcapng, 1", "any.pcapng, 276"})
  void reassemblesTheHttpExchangeAndKeepsTheDatagrams(String name, int linkType)
      throws IOException, URISyntaxException {
    byte[] body = resource("body.txt");
    assertThat(body).hasSize(14_000);
    Capture capture =
        Pcap.read(Path.of(PcapRealCaptureTest.class.getResource("/pcap-vectors/" + name).toURI()));

    assertThat(capture.linkType()).isEqualTo(linkType);
    assertThat(capture.skippedPackets()).isZero();
    assertThat(capture.tcp()).hasSize(1);
    assertThat(capture.tcpTo(5555)).hasSize(1);
    TcpConnection conn = capture.tcpTo(5555).get(0);
    assertThat(conn.sawSyn()).isTrue();
    assertThat(conn.sawFin()).isTrue();
    assertThat(conn.gaps()).isZero();
    assertThat(conn.client().address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(conn.server()).hasToString("127.0.0.1:5555");
    assertThat(conn.startMicros()).isGreaterThan(1_600_000_000_000_000L);

    String request = new String(conn.bytes(Direction.CLIENT_TO_SERVER), US_ASCII);
    assertThat(request).startsWith("GET /body.txt HTTP/1.1\r\n").endsWith("\r\n\r\n");
    byte[] response = conn.bytes(Direction.SERVER_TO_CLIENT);
    String head = new String(response, 0, 17, US_ASCII);
    assertThat(head).isEqualTo("HTTP/1.0 200 OK\r\n");
    assertThat(new String(response, US_ASCII)).contains("Content-Length: 14000\r\n");
    byte[] tail =
        java.util.Arrays.copyOfRange(response, response.length - body.length, response.length);
    assertThat(tail).isEqualTo(body);
    assertThat(conn.chunks().get(0).direction()).isEqualTo(Direction.CLIENT_TO_SERVER);
    assertThat(conn.chunks())
        .extracting(Chunk::direction)
        .containsExactly(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT);

    assertThat(capture.udpWith(5556))
        .extracting(d -> new String(d.payload(), US_ASCII))
        .containsExactly("hello udp 1", "hello udp 2");
    assertThat(capture.udp())
        .allSatisfy(d -> assertThat(d.destination()).hasToString("127.0.0.1:5556"));
  }
}
