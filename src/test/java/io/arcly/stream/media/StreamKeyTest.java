package io.arcly.stream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamKeyTest {
  static final String ALLOWED = " (allowed: letters, digits and - _ . ~ :)";

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("", "cam", "application name is empty"),
        Arguments.of("live", "", "stream name is empty"),
        Arguments.of("live", "..", "stream name must not be \"..\""),
        Arguments.of(".", "cam", "application name must not be \".\""),
        Arguments.of("live", "a/b", "stream name must not contain '/': \"a/b\"" + ALLOWED),
        Arguments.of(
            "li\\ve", "cam", "application name must not contain '\\': \"li\\ve\"" + ALLOWED),
        Arguments.of("live", "cam\n", "stream name must not contain control characters (U+000A)"),
        Arguments.of(
            "live", "c\u0000m", "stream name must not contain control characters (U+0000)"),
        // The name a prober published over RTMP and the API then refused: one rule for both.
        Arguments.of("live", "a b#c", "stream name must not contain ' ': \"a b#c\"" + ALLOWED),
        Arguments.of("live", "cam#1", "stream name must not contain '#': \"cam#1\"" + ALLOWED),
        Arguments.of("live", "cam%20", "stream name must not contain '%': \"cam%20\"" + ALLOWED),
        Arguments.of("live", "caméra", "stream name must not contain U+00E9: \"caméra\"" + ALLOWED),
        Arguments.of(
            "live", "cam\u202e", "stream name must not contain U+202E: \"cam?\"" + ALLOWED),
        Arguments.of(
            "live",
            "\ud83c\udfa5",
            "stream name must not contain U+1F3A5: \"\ud83c\udfa5\"" + ALLOWED),
        Arguments.of("live", "x".repeat(129), "stream name is longer than 128 characters (129)"),
        Arguments.of(null, "cam", "application name is empty"));
  }

  @ParameterizedTest(name = "{0}/{1}: {2}")
  @MethodSource("rejected")
  void invalidNamesAreRejectedWithAClearMessage(String app, String stream, String message) {
    assertThatThrownBy(() -> new StreamKey(app, stream))
        .isInstanceOf(InvalidStreamKeyException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "live/cam",
        "app-1/stream_2.hd",
        "a/..x",
        "live/Cam~2",
        "live/cam:main",
        "live/live_123456_abcDEF",
        "live/abcd-efgh-ijkl-mnop"
      })
  void validKeysRoundTripThroughText(String text) {
    StreamKey key = StreamKey.parse(text);
    assertThat(key.toString()).isEqualTo(text);
    assertThat(StreamKey.parse(key.toString())).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"live", "live/a/b", "/cam", "live/"})
  void malformedPathsAreRejected(String text) {
    assertThatThrownBy(() -> StreamKey.parse(text)).isInstanceOf(InvalidStreamKeyException.class);
  }

  @org.junit.jupiter.api.Test
  void longestAcceptedNameIsTheLimit() {
    assertThat(new StreamKey("live", "x".repeat(StreamKey.MAX_NAME_LENGTH)).stream()).hasSize(128);
  }

  @org.junit.jupiter.api.Test
  void everyAllowedCharacterNeedsNoEncodingInAUrlPath() throws Exception {
    for (char c = 0; c < 0x80; c++) {
      if (StreamKey.isNameChar(c)) {
        String s = String.valueOf(c);
        // unreserved characters (RFC 3986 section 2.3) and ':', a pchar (section 3.3)
        assertThat(new java.net.URI(null, null, "/hls/live/" + s, null).getRawPath())
            .as("'%s'", s)
            .endsWith("/" + s);
      }
    }
  }
}
