package io.arcly.stream.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextTest {
  record Case(String name, String in, int max, String out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "plain text is kept as it is",
            "FMLE/3.0 (compatible; obs)",
            64,
            "FMLE/3.0 (compatible; obs)"),
        new Case("null is empty", null, 64, ""),
        new Case("CR and LF become ?", "FMLE\r\nX-Forged: 1", 64, "FMLE??X-Forged: 1"),
        new Case("DEL and C1 controls become ?", "a\u007fb\u0085c\u009bd", 64, "a?b?c?d"),
        new Case(
            "bidi overrides and zero-width characters become ?",
            "cam\u202egpj.exe\u200b",
            64,
            "cam?gpj.exe?"),
        new Case("line and paragraph separators become ?", "a\u2028b\u2029c", 64, "a?b?c"),
        new Case("a lone surrogate becomes ?", "a\ud800b", 64, "a?b"),
        new Case(
            "letters beyond ASCII stay", "caméra 東京 \ud83c\udfa5", 64, "caméra 東京 \ud83c\udfa5"),
        new Case("too long is cut with an ellipsis within the limit", "abcdefghij", 8, "abcde..."),
        new Case("exactly the limit is kept", "abcdefgh", 8, "abcdefgh"),
        new Case("a pair of surrogates is never split", "abcd\ud83c\udfa5fghij", 8, "abcd..."),
        new Case("a tiny limit cuts without an ellipsis", "abcdef", 2, "ab"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void clientTextIsBoundedAndPrintable(Case c) {
    String out = Text.printable(c.in(), c.max());
    assertThat(out).isEqualTo(c.out());
    assertThat(out.length()).isLessThanOrEqualTo(c.max());
    assertThat(Text.printable(out, c.max())).as("idempotent").isEqualTo(out);
  }

  static Stream<Arguments> clean() {
    return Stream.of(Arguments.of("abc"), Arguments.of(""));
  }

  @ParameterizedTest
  @MethodSource("clean")
  void cleanShortTextIsReturnedWithoutCopying(String s) {
    assertThat(Text.printable(s, 16)).isSameAs(s);
  }
}
