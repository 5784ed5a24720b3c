package io.arcly.stream.media;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.kernel.spi.Credentials;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link StreamKey#parse} with what a client names (an RTMP {@code app/stream?query}, an
 * HTTP path): a key that parses prints back as the same text, and the query part goes through
 * {@link Credentials#parseQuery}. The input is read as UTF-8.
 */
class StreamKeyFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            StreamKeyTest.rejected()
                .map(a -> a.get())
                .filter(a -> a[0] != null)
                .map(a -> seed((String) a[2], (a[0] + "/" + a[1]).getBytes(UTF_8))),
        () ->
            Stream.of(
                    "live/cam",
                    "app-1/stream_2.hd",
                    "a/..x",
                    "live/caméra",
                    "live/a b",
                    "live",
                    "live/a/b",
                    "/cam",
                    "live/",
                    "live/cam?token=abc&x=%41%zz&=&&k",
                    "live?token=abc/cam")
                .map(s -> seed(s, s.getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void keyAndQuery(byte[] input) throws Exception {
    String text = new String(input, UTF_8);
    int q = text.indexOf('?');
    // Percent-decoding a malformed escape costs an exception with its stack trace, some hundred
    // bytes for each "%" of the query.
    DecoderContract contract =
        DecoderContract.throwing(InvalidStreamKeyException.class).allocatingAtMost(1 << 20, 1024);
    contract.check(
        input.length,
        () -> {
          StreamKey key = StreamKey.parse(q < 0 ? text : text.substring(0, q));
          if (!StreamKey.parse(key.toString()).equals(key)) {
            throw new AssertionError(key + " does not parse back to itself");
          }
        });
    contract.check(
        input.length, () -> Credentials.parseQuery(q < 0 ? text : text.substring(q + 1)));
  }
}
