package io.arcly.stream.kernel.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamKeyTest {
  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("", "cam", "application name is empty"),
        Arguments.of("live", "", "stream name is empty"),
        Arguments.of("live", "..", "stream name must not be \"..\""),
        Arguments.of(".", "cam", "application name must not be \".\""),
        Arguments.of("live", "a/b", "stream name must not contain '/': \"a/b\""),
        Arguments.of("li\\ve", "cam", "application name must not contain '\\': \"li\\ve\""),
        Arguments.of("live", "cam\n", "stream name must not contain control characters (U+000A)"),
        Arguments.of(
            "live", "c\u0000m", "stream name must not contain control characters (U+0000)"),
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
  @ValueSource(strings = {"live/cam", "app-1/stream_2.hd", "a/..x", "live/caméra", "live/a b"})
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
}
