package io.arcly.stream.protocol.rtsp.wire;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes what a client sends in {@code Authorization} and a camera in {@code WWW-Authenticate},
 * read as ISO-8859-1 as the decoder reads header bytes: both parsers throw only {@link
 * RtspException}, credentials and challenges that parse are written as ones that parse to equal
 * values, and verifying parsed Digest credentials against a server's nonces never throws.
 */
class AuthorizationFuzzTest {
  private static final DigestNonces NONCES =
      new DigestNonces("arcly", "0123456789abcdef0123456789abcdef".getBytes(ISO_8859_1), 60_000);

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Captures.NAMES.stream()
                .flatMap(
                    n -> {
                      List<String> values = new java.util.ArrayList<>();
                      try {
                        new RtspDecoder()
                            .decode(
                                ByteBuffer.wrap(Captures.read(n)),
                                m -> {
                                  if (m instanceof RtspRequest r) {
                                    values.addAll(r.headers().all("Authorization"));
                                  }
                                });
                      } catch (RtspException e) {
                        // a capture cut short
                      }
                      return values.stream()
                          .distinct()
                          .map(v -> seed(n + " " + v.hashCode(), v.getBytes(ISO_8859_1)));
                    }),
        () ->
            Stream.of(
                    "Basic YWxpY2U6c2VjcmV0",
                    "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
                    "Digest realm=\"a\", nonce=\"n\", algorithm=SHA-256, Basic realm=\"b\", Negotiate x",
                    "Digest username=\"a\\\"b\", realm=\"r\", nonce=\"n\", uri=\"*\", response=\"x\", qop=auth, nc=00000001, cnonce=\"c\"")
                .map(s -> seed(s, s.getBytes(ISO_8859_1))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void header(byte[] input) throws Exception {
    String v = new String(input, ISO_8859_1);
    DecoderContract c = DecoderContract.throwing(RtspException.class);
    c.check(
        input.length,
        () -> {
          Authorization a = Authorization.parse(v);
          DecoderContract.roundTrip(a, Authorization.parse(a.toString()));
          if (a instanceof Authorization.Digest d) {
            NONCES.verify(d, "DESCRIBE", d.uri(), "secret", 0);
            NONCES.verify(d, "DESCRIBE", "rtsp://h/a", null, 0);
          }
        });
    c.check(
        input.length,
        () -> {
          for (AuthChallenge ch : AuthChallenge.parseList(v)) {
            DecoderContract.roundTrip(List.of(ch), AuthChallenge.parseList(ch.toString()));
            if (ch.answerable()) {
              Authorization.answer(ch, "alice", "secret", "DESCRIBE", "rtsp://h/a", 1, "c");
            }
          }
        });
  }
}
