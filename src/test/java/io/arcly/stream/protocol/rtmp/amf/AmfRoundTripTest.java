package io.arcly.stream.protocol.rtmp.amf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoding then decoding gives the value back, in AMF0 and in AMF3. */
class AmfRoundTripTest {
  static Stream<Amf> bothFormats() {
    return Stream.of(
        Amf.num(0),
        Amf.num(-0.0),
        Amf.num(1),
        Amf.num(-1),
        Amf.num(0.1),
        Amf.num(255),
        Amf.num(0x0FFFFFFF),
        Amf.num(0x10000000),
        Amf.num(-0x10000000),
        Amf.num(-0x10000001),
        Amf.num(Integer.MAX_VALUE),
        Amf.num(Long.MAX_VALUE),
        Amf.num(Double.MAX_VALUE),
        Amf.num(Double.MIN_VALUE),
        Amf.num(Double.NaN),
        Amf.num(Double.POSITIVE_INFINITY),
        Amf.num(Double.NEGATIVE_INFINITY),
        Amf.bool(true),
        Amf.bool(false),
        Amf.str(""),
        Amf.str("live"),
        Amf.str("Grüße, 世界 😀"),
        Amf.str("z".repeat(0xFFFF)),
        Amf.str("z".repeat(0x10000)),
        Amf.str("ü".repeat(40_000)),
        Amf.NULL,
        Amf.UNDEFINED,
        Amf.obj(),
        Amf.obj("a", Amf.num(1), "b", Amf.str("two"), "c", Amf.NULL, "d", Amf.UNDEFINED),
        Amf.obj("nested", Amf.obj("deeper", Amf.obj("deepest", Amf.bool(true)))),
        Amf.ecma("width", Amf.num(1920), "height", Amf.num(1080), "0", Amf.str("zero")),
        new Amf.Array(List.of()),
        new Amf.Array(List.of(Amf.num(1), Amf.str("x"), Amf.NULL, Amf.obj("k", Amf.bool(false)))),
        new Amf.Array(List.of(new Amf.Array(List.of(new Amf.Array(List.of()))))),
        new Amf.Date(1_700_000_000_123d, 0),
        new Amf.Date(-1, 0),
        new Amf.Xml("<root><a x=\"1\">é</a></root>"),
        new Amf.Xml(""),
        new Amf.Typed("flex.Point", Amf.obj("x", Amf.num(1), "y", Amf.num(-2)).properties()),
        new Amf.Typed("Empty", Map.of()),
        new Amf.Bytes(new byte[0]),
        new Amf.Bytes(new byte[] {0, 1, 2, (byte) 0xFF}),
        new Amf.Bytes(new byte[100_000]),
        Amf.obj(
            "bytes",
            new Amf.Bytes(new byte[] {9}),
            "list",
            new Amf.Array(List.of(Amf.ecma("e", Amf.NULL)))));
  }

  static Stream<Amf> amf0Only() {
    return Stream.of(
        Amf.UNSUPPORTED,
        Amf.ecma(),
        Amf.obj("", Amf.str("empty name")),
        new Amf.Date(0, -120),
        new Amf.Date(1e15, 32767),
        new Amf.Typed("", Map.of("k", Amf.NULL)),
        Amf.ecma("list", new Amf.Array(List.of(Amf.UNSUPPORTED))));
  }

  @ParameterizedTest
  @MethodSource({"bothFormats", "amf0Only"})
  void amf0RoundTrip(Amf value) {
    assertThat(Amf0.decodeAll(Amf0.encode(value))).containsExactly(value);
  }

  @ParameterizedTest
  @MethodSource("bothFormats")
  void amf3RoundTrip(Amf value) {
    assertThat(Amf3.decodeAll(Amf3.encode(value))).containsExactly(value);
  }

  @Test
  void severalValuesRoundTripTogether() {
    Amf[] values = bothFormats().toArray(Amf[]::new);
    assertThat(Amf0.decodeAll(Amf0.encode(values))).containsExactly(values);
    assertThat(Amf3.decodeAll(Amf3.encode(values))).containsExactly(values);
  }

  @Test
  void randomValueTreesRoundTrip() {
    Random random = new Random(20240601);
    for (int i = 0; i < 2_000; i++) {
      Amf amf0Value = randomValue(random, 0, true);
      assertThat(Amf0.decodeAll(Amf0.encode(amf0Value))).containsExactly(amf0Value);
      Amf amf3Value = randomValue(random, 0, false);
      assertThat(Amf3.decodeAll(Amf3.encode(amf3Value))).containsExactly(amf3Value);
    }
  }

  /** A random value AMF0 (or, when {@code amf0} is false, AMF3) carries exactly. */
  static Amf randomValue(Random random, int depth, boolean amf0) {
    int kind = random.nextInt(depth >= 5 ? 9 : 14);
    return switch (kind) {
      case 0 -> Amf.num(random.nextInt());
      case 1 -> Amf.num(random.nextDouble() * 1e9);
      case 2 -> Amf.bool(random.nextBoolean());
      case 3 -> Amf.str(randomText(random));
      case 4 -> Amf.NULL;
      case 5 -> Amf.UNDEFINED;
      case 6 -> new Amf.Date(random.nextLong(1L << 45), amf0 ? random.nextInt(-720, 721) : 0);
      case 7 -> new Amf.Xml(randomText(random));
      case 8 -> {
        byte[] b = new byte[random.nextInt(20)];
        random.nextBytes(b);
        yield new Amf.Bytes(b);
      }
      case 9 -> new Amf.Obj(randomProperties(random, depth, amf0));
      case 10 -> {
        Map<String, Amf> properties = randomProperties(random, depth, amf0);
        yield properties.isEmpty() && !amf0 ? Amf.ecma("k", Amf.NULL) : new Amf.Ecma(properties);
      }
      case 11 -> new Amf.Typed("C" + random.nextInt(5), randomProperties(random, depth, amf0));
      default -> {
        List<Amf> values = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          values.add(randomValue(random, depth + 1, amf0));
        }
        yield new Amf.Array(values);
      }
    };
  }

  static Map<String, Amf> randomProperties(Random random, int depth, boolean amf0) {
    Map<String, Amf> properties = new LinkedHashMap<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String key = randomText(random);
      properties.put(key.isEmpty() && !amf0 ? "k" : key, randomValue(random, depth + 1, amf0));
    }
    return properties;
  }

  static String randomText(Random random) {
    int[] alphabet = "abcxyz09 _-/:éü€世😀".codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }
}
