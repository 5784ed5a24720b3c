package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.arcly.stream.protocol.hls.HlsRequests.Directives;
import io.arcly.stream.protocol.hls.HlsRequests.File;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HlsRequestsTest {
  record Name(String name, Optional<File> file) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Name n(String name, File file) {
    return new Name(name, Optional.ofNullable(file));
  }

  /** File names a client may send, and what they name. */
  static Stream<Name> names() {
    return Stream.of(
        n("init0.mp4", new File.Init(0)),
        n("init2147483647.mp4", new File.Init(Integer.MAX_VALUE)),
        n("init2147483648.mp4", null), // past an int: no generation has it
        n("init12345678901.mp4", null), // 11 digits
        n("init.mp4", null),
        n("init1.mp4.mp4", null),
        n("seg0.ts", new File.Segment(0, false)),
        n("seg007.m4s", new File.Segment(7, true)),
        n("seg999999999999999999.ts", new File.Segment(999_999_999_999_999_999L, false)),
        n("seg1234567890123456789.ts", null), // 19 digits
        n("seg12.3.m4s", new File.Part(12, 3)),
        n("seg12.9999.m4s", new File.Part(12, 9999)),
        n("seg12.10000.m4s", null), // 5 digits of part index
        n("seg12.3.ts", null), // parts are fMP4 only
        n("seg12..m4s", null),
        n("seg.ts", null),
        n("seg12.3.4.m4s", null),
        n("seg-1.ts", null),
        n("seg+1.ts", null),
        n("seg١.ts", null), // a digit, but not an ASCII one
        n("seg1.mp4", null),
        n("stream.m3u8", null),
        n("..%2F..%2Fserver.xml", null),
        n("", null));
  }

  @ParameterizedTest
  @MethodSource("names")
  void fileNames(Name c) {
    assertThat(HlsRequests.file(c.name())).isEqualTo(c.file());
  }

  record Query(String msn, String part, String skip, Directives directives, String error) {
    @Override
    public String toString() {
      return "_HLS_msn=" + msn + " _HLS_part=" + part + " _HLS_skip=" + skip;
    }
  }

  /** Delivery directives as a client sends them (null: absent) and what they ask for. */
  static Stream<Query> queries() {
    return Stream.of(
        new Query(null, null, null, new Directives(-1, -1, false), null),
        new Query(null, null, "YES", new Directives(-1, -1, true), null),
        new Query(null, null, "v2", new Directives(-1, -1, true), null),
        new Query(null, null, "yes", new Directives(-1, -1, false), null),
        new Query("12", null, null, new Directives(12, -1, false), null),
        new Query("12", "3", "YES", new Directives(12, 3, true), null),
        new Query("0", "10000", null, new Directives(0, 10_000, false), null),
        new Query(
            "9223372036854775807", null, null, new Directives(Long.MAX_VALUE, -1, false), null),
        new Query(null, "1", null, null, "_HLS_part needs _HLS_msn"),
        new Query("x", null, null, null, "_HLS_msn must be a whole number from 0, got \"x\""),
        new Query("-1", null, null, null, "_HLS_msn must be a whole number from 0, got \"-1\""),
        new Query(
            "9223372036854775808",
            null,
            null,
            null,
            "_HLS_msn must be a whole number from 0, got \"9223372036854775808\""),
        new Query(
            "1", "10001", null, null, "_HLS_part must be a whole number from 0, got \"10001\""),
        new Query("1", "", null, null, "_HLS_part must be a whole number from 0, got \"\""));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void directives(Query q) {
    if (q.error() == null) {
      assertThat(HlsRequests.directives(q.msn(), q.part(), q.skip())).isEqualTo(q.directives());
    } else {
      assertThatThrownBy(() -> HlsRequests.directives(q.msn(), q.part(), q.skip()))
          .isInstanceOf(HlsRequestException.class)
          .hasMessage(q.error());
    }
  }

  @ParameterizedTest
  @MethodSource("rawQueries")
  void credentialsQueryDropsTheDirectives(String raw, String credentials) {
    assertThat(HlsRequests.credentialsQuery(raw)).isEqualTo(credentials);
  }

  static Stream<Arguments> rawQueries() {
    return Stream.of(
        arguments(null, ""),
        arguments("", ""),
        arguments("token=a", "token=a"),
        arguments("_HLS_msn=3&token=a&&_HLS_part=1&b=%26", "token=a&b=%26"));
  }
}
