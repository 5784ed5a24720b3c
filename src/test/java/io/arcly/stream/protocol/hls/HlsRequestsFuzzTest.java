package io.arcly.stream.protocol.hls;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.protocol.hls.HlsRequests.File;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link HlsRequests} with what an HLS client sends, read as UTF-8: as a file name (a name
 * that parses names the same file when written plainly), as a raw query (credentials keep no
 * directive) and, split at line feeds, as the values of {@code _HLS_msn}, {@code _HLS_part} and
 * {@code _HLS_skip} (fewer lines: the rest absent).
 */
class HlsRequestsFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> HlsRequestsTest.names().map(c -> seed(c.name(), c.name().getBytes(UTF_8))),
        () ->
            HlsRequestsTest.queries()
                .map(
                    q ->
                        seed(
                            q.toString(),
                            String.join("\n", Arrays.asList(q.msn(), q.part(), q.skip()))
                                .replace("\nnull", "")
                                .getBytes(UTF_8))),
        () -> Stream.of(seed("query", "_HLS_msn=3&token=a&&_HLS_part=1&b=%26".getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void nameAndQuery(byte[] input) throws Exception {
    String text = new String(input, UTF_8);
    DecoderContract contract = DecoderContract.throwing(HlsRequestException.class);
    contract.check(
        input.length,
        () -> {
          File f = HlsRequests.file(text).orElse(null);
          if (f != null) {
            DecoderContract.roundTrip(f, HlsRequests.file(plainName(f)).orElse(null));
          }
        });
    contract.check(
        input.length,
        () -> {
          String q = HlsRequests.credentialsQuery(text);
          if (q.startsWith("_HLS_") || q.contains("&_HLS_")) {
            throw new AssertionError("credentials " + q + " keep a directive");
          }
        });
    String[] lines = text.split("\n", 3);
    contract.check(
        input.length,
        () ->
            HlsRequests.directives(
                lines[0], lines.length > 1 ? lines[1] : null, lines.length > 2 ? lines[2] : null));
  }

  private static String plainName(File f) {
    return switch (f) {
      case File.Init i -> "init" + i.generation() + ".mp4";
      case File.Segment s -> "seg" + s.msn() + (s.fmp4() ? ".m4s" : ".ts");
      case File.Part p -> "seg" + p.msn() + "." + p.index() + ".m4s";
    };
  }
}
