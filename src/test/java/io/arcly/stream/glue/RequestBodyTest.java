package io.arcly.stream.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestBodyTest {
  record Case(String name, String body, int status, String message) {}

  static Stream<Arguments> badBodies() {
    return Stream.of(
            // The request that pinned a core: an object left open inside an unknown member.
            new Case(
                "open object in unknown member",
                "{\"x\":{",
                400,
                "not valid JSON: it ends too early"),
            new Case("open object in known member", "{\"url\":{", 400, "not valid JSON"),
            new Case("empty", "", 400, "is empty"),
            new Case("blank", " \n\t", 400, "is empty"),
            new Case("lone brace", "{", 400, "not valid JSON"),
            new Case("lone bracket", "[", 400, "not valid JSON"),
            new Case("deep arrays", "[".repeat(60_000), 400, "nested deeper than 32"),
            new Case("deep objects", "{\"a\":".repeat(40) + "1" + "}".repeat(40), 400, "deeper"),
            new Case("array", "[\"rtmp://h/a/b\"]", 400, "must be a JSON object, not an array"),
            new Case("string", "\"rtmp://h/a/b\"", 400, "not a string"),
            new Case("trailing garbage", "{\"url\":\"x\"} x", 400, "unexpected input at offset 12"),
            new Case("two values", "{} {}", 400, "not valid JSON"),
            new Case("huge number", "{\"url\":1" + "0".repeat(100) + "}", 400, "longer than 64"),
            new Case("duplicate", "{\"url\":\"a\",\"url\":\"b\"}", 400, "twice"),
            new Case("unknown member", "{\"url\":\"a\",\"x\":1}", 400, "unknown member \"x\""),
            new Case("wrong type", "{\"url\":5}", 400, "\"url\" must be a string, not a number"),
            new Case("null url", "{\"url\":null}", 400, "must be a string, not null"),
            new Case("missing url", "{}", 400, "has no \"url\""))
        .map(c -> Arguments.of(c.name, c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  @Timeout(10)
  void badBodiesAreRefusedNamingTheProblem(String name, Case c) {
    byte[] bytes = c.body.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                RequestBody.object(RequestBody.read(in(bytes), -1, 64 * 1024))
                    .only("url")
                    .string("url"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(c.status);
              assertThat(e.getMessage()).contains(c.message);
            });
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] bytes = {'{', '"', 'u', 'r', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThatThrownBy(() -> RequestBody.object(bytes))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).contains("not valid UTF-8"));
  }

  @Test
  void bodyOverTheLimitIs413WhetherAnnouncedOrNot() {
    byte[] big = new byte[10 * 1024 * 1024];
    assertThatThrownBy(() -> RequestBody.read(in(big), big.length, 65536))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    assertThatThrownBy(() -> RequestBody.read(in(big), -1, 65536))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    // A lying Content-Length does not help either.
    assertThatThrownBy(() -> RequestBody.read(in(big), 10, 65536))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void bodyAtTheLimitIsRead() {
    byte[] exact = new byte[65536];
    assertThat(RequestBody.read(in(exact), -1, 65536)).hasSize(65536);
    assertThat(RequestBody.read(in(exact), 65536, 65536)).hasSize(65536);
    assertThat(RequestBody.read(null, -1, 65536)).isEmpty();
  }

  @Test
  void goodBodyIsParsed() {
    String url =
        RequestBody.object(
                RequestBody.read(
                    in(
                        " {\"url\" : \"rtmp://cdn/live/\\u00e9\"}\n"
                            .getBytes(StandardCharsets.UTF_8)),
                    -1,
                    1024))
            .only("url")
            .string("url");
    assertThat(url).isEqualTo("rtmp://cdn/live/\u00e9");
  }

  @Test
  void parseBuildsPlainValues() {
    assertThat(RequestBody.parse("{\"a\":[1,true,null,\"s\",{}],\"b\":false}"))
        .isEqualTo(
            Map.of(
                "a",
                java.util.Arrays.asList(new java.math.BigDecimal("1"), true, null, "s", Map.of()),
                "b",
                false));
    assertThat(RequestBody.parse("[]")).isEqualTo(List.of());
  }

  @Test
  void unknownMemberNameIsClippedAndStripped() {
    String name = "a\r\n".repeat(100);
    assertThatThrownBy(
            () ->
                RequestBody.object(
                        ("{\"" + name.replace("\r", "\\r").replace("\n", "\\n") + "\":1}")
                            .getBytes(StandardCharsets.UTF_8))
                    .only("url"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage()).doesNotContain("\r", "\n").contains("...");
              assertThat(e.getMessage().length()).isLessThan(200);
            });
  }

  private static InputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }
}
