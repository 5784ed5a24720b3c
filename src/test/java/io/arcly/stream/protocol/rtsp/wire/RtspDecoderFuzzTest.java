package io.arcly.stream.protocol.rtsp.wire;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link RtspDecoder} with what a peer sends on an RTSP connection: it throws only {@link
 * RtspException}; fed at once or in pieces through a small buffer it yields the same messages and
 * the same refusal; and every request and response it yields is written by {@link RtspEncoder} as
 * bytes that decode to the same message.
 */
class RtspDecoderFuzzTest {
  /**
   * Decoding twice and writing back allocate some 60 bytes per input byte in a plain run ({@code
   * RtspDecoderTest} checks one decoding alone); under Jazzer's instrumentation each string
   * comparison its hooks see allocates too, several times that. Heads gathered in 4 KiB buffers, as
   * the decoder once did, are still far past this budget.
   */
  private static final DecoderContract CONTRACT =
      DecoderContract.throwing(RtspException.class).allocatingAtMost(4 << 20, 512);

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Captures.NAMES.stream().map(n -> seed(n, Captures.read(n))),
        () ->
            Stream.of(
                    "OPTIONS * RTSP/1.0\nCSeq: 1\n\n",
                    "RTSP/1.0 200\r\nCSeq : 7\r\nPublic: OPTIONS,\r\n  DESCRIBE\r\n\r\n",
                    "ANNOUNCE rtsp://h/a/b RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 4\r\n\r\nv=0\n",
                    "OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n",
                    "$\u0000\u0000\u0000$\u0001\u0000\u0002ab\r\n",
                    "OPTIONS * RTSP/1.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                .map(s -> seed(s, s.getBytes(ISO_8859_1))));
  }

  /** What decoding produced: the messages (frames copied) and the refusal, if any. */
  private record Outcome(List<RtspMessage> messages, String refusal) {}

  private static Outcome run(byte[] input, int step, int capacity) {
    RtspDecoder d = new RtspDecoder();
    List<RtspMessage> out = new ArrayList<>();
    try {
      out.addAll(Captures.feed(d, input, step, capacity));
      return new Outcome(out, null);
    } catch (RtspException e) {
      return new Outcome(null, e.status() + " " + e.getMessage());
    }
  }

  @MethodSource("seeds")
  @FuzzTest
  void peerBytes(byte[] input) throws Exception {
    CONTRACT.check(
        input.length,
        () -> {
          Outcome whole = run(input, Math.max(1, input.length), Math.max(1, input.length));
          Outcome pieces = run(input, 7, 32);
          // A refusal may come earlier in pieces (a head is refused once too long), never later.
          if (whole.refusal() == null && !Objects.equals(whole, pieces)) {
            throw new AssertionError("whole: " + whole + ", in pieces: " + pieces);
          }
          if (whole.messages() == null) {
            return;
          }
          for (RtspMessage m : whole.messages()) {
            List<RtspMessage> again = new ArrayList<>();
            new RtspDecoder().decode(ByteBuffer.wrap(RtspEncoder.encode(m)), again::add);
            if (again.size() != 1 || !same(m, again.get(0))) {
              throw new AssertionError(m + " written and decoded again is " + again);
            }
          }
        });
  }

  private static boolean same(RtspMessage a, RtspMessage b) {
    return switch (a) {
      case RtspRequest r ->
          b instanceof RtspRequest s
              && r.method().equals(s.method())
              && r.uri().equals(s.uri())
              && r.version().equals(s.version())
              && r.body().equals(s.body())
              && r.headers()
                  .without("Content-Length")
                  .equals(s.headers().without("Content-Length"));
      case RtspResponse r ->
          b instanceof RtspResponse s
              && r.status() == s.status()
              && r.reason().equals(s.reason())
              && r.body().equals(s.body())
              && r.headers()
                  .without("Content-Length")
                  .equals(s.headers().without("Content-Length"));
      case InterleavedFrame f -> f.equals(b);
    };
  }
}
