package io.arcly.stream.protocol.rtsp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a hostile or careless client may send, against the RTSP worker on loopback ports. */
class RtspLimitsTest {
  Engine engine;
  WorkerHost host;
  RtspServer server;
  int baselineThreads;

  static final String SDP =
      "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
          + "a=fmtp:96 packetization-mode=1\r\na=control:streamid=0\r\n";

  @BeforeEach
  void start() throws Exception {
    engine =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .build();
    RtspSettings t = RtspSettings.forTests();
    server =
        new RtspServer(
            new RtspSettings(
                true,
                "127.0.0.1",
                0,
                true,
                0,
                0,
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                Duration.ZERO,
                t.writeTimeout(),
                t.batchDelay(),
                100,
                4096,
                1400,
                1 << 20,
                false,
                t.multicastRange(),
                t.multicastRtpPort(),
                t.multicastTtl()));
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    baselineThreads = host.liveThreads();
  }

  @AfterEach
  void stop() {
    assertThat(host.stop()).as("threads left after stop").isEmpty();
  }

  void awaitClean() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(engine.streamCount()).as("streams").isZero();
              assertThat(engine.sessions().count()).as("play sessions").isZero();
              assertThat(host.liveThreads()).as("threads").isEqualTo(baselineThreads);
            });
  }

  /** A raw client: writes bytes, reads one answer (head and body). */
  final class Client implements AutoCloseable {
    final Socket s = new Socket("127.0.0.1", server.port());
    final OutputStream out = s.getOutputStream();
    final InputStream in = s.getInputStream();
    int cseq;

    Client() throws IOException {
      s.setSoTimeout(10_000);
    }

    void write(byte[] b) throws IOException {
      out.write(b);
      out.flush();
    }

    String request(String method, String uri, String headers, String body) throws IOException {
      String req =
          method
              + " "
              + uri
              + " RTSP/1.0\r\nCSeq: "
              + (++cseq)
              + "\r\n"
              + headers
              + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n")
              + "\r\n"
              + body;
      write(req.getBytes(ISO_8859_1));
      return answer();
    }

    String answer() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        String h = head.toString(ISO_8859_1);
        if (h.endsWith("\r\n\r\n")) {
          int len = 0;
          for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
              len = Integer.parseInt(line.substring(15).trim());
            }
          }
          return h + new String(in.readNBytes(len), ISO_8859_1);
        }
      }
      return head.toString(ISO_8859_1);
    }

    /** Whether the server closed the connection (reads end). */
    boolean closedByServer() throws IOException {
      try {
        return in.read() < 0 && in.read() < 0;
      } catch (java.net.SocketException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  String url(String stream) {
    return "rtsp://127.0.0.1:" + server.port() + "/live/" + stream;
  }

  @Test
  void garbageIsAnswered400AndClosed() throws Exception {
    try (Client c = new Client()) {
      c.write("\u0001\u0002 hello\r\n\r\n".getBytes(ISO_8859_1));
      assertThat(c.answer()).startsWith("RTSP/1.0 400");
      assertThat(c.closedByServer()).isTrue();
    }
    awaitClean();
  }

  @Test
  void aHugeHeadIsAnswered431AndClosed() throws Exception {
    try (Client c = new Client()) {
      String big = "X-Filler: " + "a".repeat(70_000) + "\r\n";
      c.write(("OPTIONS " + url("x") + " RTSP/1.0\r\nCSeq: 1\r\n" + big).getBytes(ISO_8859_1));
      assertThat(c.answer()).startsWith("RTSP/1.0 431");
      assertThat(c.closedByServer()).isTrue();
    }
    awaitClean();
  }

  @Test
  void rtsp2IsAnswered505() throws Exception {
    try (Client c = new Client()) {
      c.write(("OPTIONS " + url("x") + " RTSP/2.0\r\nCSeq: 1\r\n\r\n").getBytes(ISO_8859_1));
      assertThat(c.answer()).startsWith("RTSP/1.0 505");
    }
    awaitClean();
  }

  @Test
  void unknownMethodsMissingCseqAndBadSdpAreRefusedAndTheConnectionGoesOn() throws Exception {
    try (Client c = new Client()) {
      assertThat(c.request("BREW", url("x"), "", "")).startsWith("RTSP/1.0 501");
      c.write(("OPTIONS " + url("x") + " RTSP/1.0\r\n\r\n").getBytes(ISO_8859_1));
      assertThat(c.answer()).startsWith("RTSP/1.0 400");
      assertThat(
              c.request(
                  "ANNOUNCE", url("x"), "Content-Type: application/sdp\r\n", "v=1\r\nbogus\r\n"))
          .startsWith("RTSP/1.0 400");
      assertThat(c.request("DESCRIBE", url("nobody"), "", "")).startsWith("RTSP/1.0 404");
      assertThat(c.request("PLAY", url("x"), "Session: 1234\r\n", "")).startsWith("RTSP/1.0 454");
      assertThat(c.request("OPTIONS", url("x"), "", "")).startsWith("RTSP/1.0 200");
    }
    awaitClean();
  }

  @Test
  void aSilentClientIsClosedAtItsSetupTimeout() throws Exception {
    try (Client c = new Client()) {
      assertThat(c.closedByServer()).isTrue();
    }
    awaitClean();
  }

  @Test
  void aPublisherCutInTheMiddleOfAFrameFreesItsKeyAndBrokenUnitsAreDropped() throws Exception {
    try (Client c = new Client()) {
      assertThat(c.request("ANNOUNCE", url("cut"), "Content-Type: application/sdp\r\n", SDP))
          .startsWith("RTSP/1.0 200");
      String setup =
          c.request(
              "SETUP",
              url("cut") + "/streamid=0",
              "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n",
              "");
      assertThat(setup).startsWith("RTSP/1.0 200");
      String session = setup.replaceAll("(?s).*Session: ([0-9A-F]+).*", "$1");
      assertThat(c.request("RECORD", url("cut"), "Session: " + session + "\r\n", ""))
          .startsWith("RTSP/1.0 200");
      StreamKey key = new StreamKey("live", "cut");
      await().until(() -> engine.findStream(key).isPresent());
      // An IDR split in FU-A whose end never comes, then a whole one: only the whole one counts.
      c.write(interleaved(rtp(1, 1000, false, new byte[] {0x7C, (byte) 0x85, 1, 2, 3})));
      c.write(interleaved(rtp(3, 2000, true, new byte[] {0x65, 9, 9, 9})));
      c.write(interleaved(rtp(4, 3000, true, new byte[] {0x41, 7, 7})));
      await()
          .untilAsserted(
              () ->
                  assertThat(engine.findStream(key).orElseThrow().qos().videoFrames())
                      .isEqualTo(1));
      // A frame header announcing more than comes, then the client vanishes.
      c.write(new byte[] {'$', 0, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
    }
    awaitClean();
  }

  @Test
  void multicastWhenOffIsAnswered461AndTheSessionGoesOn() throws Exception {
    String sdp =
        SDP.replace(
            "packetization-mode=1",
            "packetization-mode=1;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==");
    try (Client pub = new Client();
        Client play = new Client()) {
      assertThat(pub.request("ANNOUNCE", url("mc"), "Content-Type: application/sdp\r\n", sdp))
          .startsWith("RTSP/1.0 200");
      String setup =
          pub.request(
              "SETUP",
              url("mc") + "/streamid=0",
              "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n",
              "");
      String session = setup.replaceAll("(?s).*Session: ([0-9A-F]+).*", "$1");
      assertThat(pub.request("RECORD", url("mc"), "Session: " + session + "\r\n", ""))
          .startsWith("RTSP/1.0 200");
      assertThat(play.request("DESCRIBE", url("mc"), "", "")).startsWith("RTSP/1.0 200");
      assertThat(
              play.request(
                  "SETUP", url("mc") + "/trackID=0", "Transport: RTP/AVP;multicast\r\n", ""))
          .startsWith("RTSP/1.0 461");
      assertThat(
              play.request(
                  "SETUP",
                  url("mc") + "/trackID=0",
                  "Transport: RTP/AVP;multicast,RTP/AVP/TCP;unicast;interleaved=0-1\r\n",
                  ""))
          .startsWith("RTSP/1.0 200")
          .contains("Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
    }
    awaitClean();
  }

  @Test
  void datagramsFromStrangersAreIgnored() throws Exception {
    try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] junk = rtp(1, 1, true, new byte[] {0x65, 1});
      d.send(
          new DatagramPacket(
              junk, junk.length, InetAddress.getLoopbackAddress(), server.rtpPort()));
      await().until(() -> server.unknownDatagrams() == 1);
    }
    awaitClean();
  }

  static byte[] rtp(int seq, long ts, boolean marker, byte[] payload) {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | 96);
    b[2] = (byte) (seq >> 8);
    b[3] = (byte) seq;
    b[4] = (byte) (ts >> 24);
    b[5] = (byte) (ts >> 16);
    b[6] = (byte) (ts >> 8);
    b[7] = (byte) ts;
    b[11] = 1;
    System.arraycopy(payload, 0, b, 12, payload.length);
    return b;
  }

  static byte[] interleaved(byte[] packet) {
    byte[] b = new byte[4 + packet.length];
    b[0] = '$';
    b[2] = (byte) (packet.length >> 8);
    b[3] = (byte) packet.length;
    System.arraycopy(packet, 0, b, 4, packet.length);
    return b;
  }
}
