package io.arcly.stream.protocol.rtmp;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes relay URLs as the API and the configuration take them: {@link RelayTarget#parse} and
 * {@link RelayTarget#parseBase} throw only {@link IllegalArgumentException}, and a URL that parses
 * prints back as one that parses to the same target, free of anything but RFC 3986 characters.
 */
class RelayTargetFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                    "rtmp://cdn.example.com/live/backup",
                    "rtmp://10.0.0.5:1936/app/key?token=1",
                    "rtmp://[::1]:2000/a/b",
                    "RTMP://h/a/b%20c?t=x&u=%C3%A9",
                    "rtmp://h/a/",
                    "rtmp://h:0/a/b",
                    "rtmp://[::1/a/b",
                    "rtmp://h/a/b\r\nX: 1",
                    "http://example.com/live/x",
                    "rtmp://:99/a/b")
                .map(s -> seed(s, s.getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void url(byte[] input) throws Exception {
    String url = new String(input, UTF_8);
    DecoderContract contract = DecoderContract.throwing(IllegalArgumentException.class);
    contract.check(
        input.length,
        () -> {
          RelayTarget t = RelayTarget.parse(url);
          String printed = t.toString();
          for (char c : printed.toCharArray()) {
            if (c <= ' ' || c >= 0x7f) {
              throw new AssertionError("printed url " + printed + " holds character " + (int) c);
            }
          }
          if (!RelayTarget.parse(printed).equals(t)) {
            throw new AssertionError(url + " prints as " + printed + ", which parses differently");
          }
        });
    contract.check(input.length, () -> RelayTarget.parseBase(url));
  }
}
