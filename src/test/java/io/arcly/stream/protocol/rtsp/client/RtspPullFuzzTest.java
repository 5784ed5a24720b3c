package io.arcly.stream.protocol.rtsp.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.TestPulls;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.media.StreamKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the pull client's state machine with what a camera answers: the input is every byte the
 * camera sends after the client's first request (answers to OPTIONS, DESCRIBE, SETUP and PLAY,
 * interleaved media), then the camera closes. The client must end with a {@link CameraException},
 * nothing else, within its allocation budget. Seeded with a whole pipelined session and pieces.
 */
class RtspPullFuzzTest {
  private static final Engine ENGINE =
      Engine.builder()
          .describer(io.arcly.stream.codec.Tracks::describe)
          .application(AppSpec.defaults("live"))
          .build();

  private static final IngestContext CTX =
      IngestContext.standalone(ENGINE, "sources", Thread.ofVirtual().factory());

  private static final RtspPullClient CLIENT =
      new RtspPullClient(
          RtspPullClient.Options.defaults()
              .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> {
          byte[] whole = session();
          String text = new String(whole, StandardCharsets.ISO_8859_1);
          int describe = text.indexOf("RTSP/1.0 200 OK\r\nCSeq: 2");
          int setup = text.indexOf("RTSP/1.0 200 OK\r\nCSeq: 3");
          return Stream.of(
              Seeds.seed("whole session", whole),
              Seeds.seed("options and describe", slice(whole, 0, setup)),
              Seeds.seed("describe only", slice(whole, 0, describe)),
              Seeds.seed(
                  "digest challenge",
                  ("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"c\","
                          + " nonce=\"n\", qop=\"auth\"\r\n\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1)));
        });
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  /** A camera's whole answer to a pull over TCP: H.264 and PCMA, then media. */
  static byte[] session() {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\na=control:*\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1\r\na=control:trackID=0\r\n"
            + "m=audio 0 RTP/AVP 8\r\na=control:trackID=1\r\n";
    String text =
        "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER\r\n\r\n"
            + "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://127.0.0.1/cam/\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: "
            + sdp.length()
            + "\r\n\r\n"
            + sdp
            + "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 12345678;timeout=60\r\n"
            + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"
            + "RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 12345678\r\n"
            + "Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n\r\n"
            + "RTSP/1.0 200\r\nCSeq: 5\r\nSession: 12345678\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    try {
      List<byte[]> packets = RtspPullScriptedTest.capture();
      for (int i = 0; i < 40 && i < packets.size(); i++) {
        byte[] p = packets.get(i);
        out.writeBytes(new byte[] {'$', 0, (byte) (p.length >> 8), (byte) p.length});
        out.writeBytes(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // a PCMA packet on channel 2 and a sender report on channel 3
    out.writeBytes(
        new byte[] {'$', 2, 0, 14, (byte) 0x80, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0x55, 0x55});
    out.writeBytes(
        new byte[] {
          '$',
          3,
          0,
          28,
          (byte) 0x80,
          (byte) 200,
          0,
          6,
          0,
          0,
          0,
          2,
          1,
          2,
          3,
          4,
          5,
          6,
          7,
          8,
          0,
          0,
          0,
          1,
          0,
          0,
          0,
          1,
          0,
          0,
          0,
          2
        });
    return out.toByteArray();
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "30s")
  void cameraAnswers(byte[] input) throws Exception {
    DecoderContract contract =
        DecoderContract.throwing(CameraException.class).allocatingAtMost(32 << 20, 256);
    contract.check(input.length, () -> pullFrom(input));
  }

  /** Pulls from a camera that answers the first request with {@code input}, then closes. */
  private static void pullFrom(byte[] input) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread camera =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      InputStream in = s.getInputStream();
                      in.read(new byte[4096]);
                      s.getOutputStream().write(input);
                      s.shutdownOutput();
                      in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException e) {
                      // the client left
                    }
                  });
      SourceSpec spec =
          new SourceSpec(
              "fuzz",
              "rtsp://user:pw@127.0.0.1:" + server.getLocalPort() + "/cam",
              new StreamKey("live", "fuzz"),
              SourceSpec.Transport.TCP,
              false,
              SourceSpec.DEFAULT_CLOSE_AFTER,
              SourceSpec.DEFAULT_START_TIMEOUT);
      try {
        CLIENT.pull(TestPulls.pull(spec, CTX, () -> {}));
      } finally {
        camera.join(10_000);
      }
    }
  }
}
