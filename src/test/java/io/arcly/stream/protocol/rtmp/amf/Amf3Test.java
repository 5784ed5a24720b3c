package io.arcly.stream.protocol.rtmp.amf;

import static io.arcly.stream.protocol.rtmp.amf.Wire.bytes;
import static io.arcly.stream.protocol.rtmp.amf.Wire.hex;
import static io.arcly.stream.protocol.rtmp.amf.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AMF3 wire cases: markers, U29 boundaries, reference tables, traits and errors. */
class Amf3Test {
  record Case(String name, byte[] wire, Amf decoded) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, byte[] wire, Amf decoded) {
    return new Case(name, wire, decoded);
  }

  static Amf.Num n(double v) {
    return Amf.num(v);
  }

  static Amf.Array arr(Amf... values) {
    return new Amf.Array(List.of(values));
  }

  /** A typed object with properties in the given order. */
  static Amf.Typed typed(String className, Object... keyValuePairs) {
    return new Amf.Typed(className, Amf.obj(keyValuePairs).properties());
  }

  static final Amf.Typed POINT_1_2 = typed("Point", "x", n(1), "y", n(2));

  /** Cases that decode to the value and that the encoder writes byte for byte. */
  static Stream<Case> symmetric() {
    return Stream.of(
        c("undefined", hex("00"), Amf.UNDEFINED),
        c("null", hex("01"), Amf.NULL),
        c("false", hex("02"), Amf.bool(false)),
        c("true", hex("03"), Amf.bool(true)),
        // integer marker 0x04 then a U29: 7 bits per byte with a continuation bit, 8 in the 4th
        c("u29 0", hex("04 00"), n(0)),
        c("u29 0x7f, largest 1-byte", hex("04 7f"), n(0x7F)),
        c("u29 0x80, smallest 2-byte", hex("04 81 00"), n(0x80)),
        c("u29 0x3fff, largest 2-byte", hex("04 ff 7f"), n(0x3FFF)),
        c("u29 0x4000, smallest 3-byte", hex("04 81 80 00"), n(0x4000)),
        c("u29 0x1fffff, largest 3-byte", hex("04 ff ff 7f"), n(0x1FFFFF)),
        c("u29 0x200000, smallest 4-byte", hex("04 80 c0 80 00"), n(0x200000)),
        c("u29 0x0fffffff, largest positive integer", hex("04 bf ff ff ff"), n(0x0FFFFFFF)),
        // negative integers are the 29-bit two's complement: sign bit 0x10000000
        c("integer -1", hex("04 ff ff ff ff"), n(-1)),
        c("integer -129", hex("04 ff ff ff 7f"), n(-129)),
        c("integer -2^28, smallest", hex("04 c0 80 80 00"), n(-(1 << 28))),
        // numbers outside the integer range, fractions and -0 are doubles
        c("double 1.5", hex("05 3ff8000000000000"), n(1.5)),
        c("double 2^28 (too big for an integer)", hex("05 41b0000000000000"), n(1 << 28)),
        c("double -0", hex("05 8000000000000000"), n(-0.0)),
        c("double NaN", hex("05 7ff8000000000000"), n(Double.NaN)),
        // string: U29 (length << 1 | 1) then UTF-8; "" is 0x01
        c("empty string", hex("06 01"), Amf.str("")),
        c("string hello", bytes(0x06, 0x0B, "hello"), Amf.str("hello")),
        c("string é (2 utf-8 bytes)", hex("06 05 c3a9"), Amf.str("é")),
        c("xml", bytes(0x0B, 0x09, "<a/>"), new Amf.Xml("<a/>")),
        // date: U29 0x01 (inline, other bits unused) then millis as a double
        c("date", hex("08 01 4276f5e66e800000"), new Amf.Date(1_577_836_800_000d, 0)),
        // array: U29 (dense count << 1 | 1), associative part ending in "", dense values
        c("empty array", hex("09 01 01"), arr()),
        c("dense array [1, a]", hex("09 05 01 04 01 06 03 61"), arr(n(1), Amf.str("a"))),
        c(
            "associative array {k: true}",
            bytes(0x09, 0x01, 0x03, "k", 0x03, 0x01),
            Amf.ecma("k", Amf.bool(true))),
        // object: U29 0x0b = inline object, inline traits, dynamic, 0 sealed; class name ""
        c(
            "anonymous object",
            bytes(0x0A, 0x0B, 0x01, 0x03, "a", 0x04, 0x01, 0x01),
            Amf.obj("a", n(1))),
        c("empty anonymous object", hex("0a 0b 01 01"), Amf.obj()),
        // typed: U29 0x23 = 2 sealed members << 4 | inline traits | inline object, not dynamic
        c(
            "typed object Point",
            bytes(0x0A, 0x23, 0x0B, "Point", 0x03, "x", 0x03, "y", 0x04, 0x01, 0x04, 0x02),
            POINT_1_2),
        c("byte array", hex("0c 07 010203"), new Amf.Bytes(new byte[] {1, 2, 3})),
        c("empty byte array", hex("0c 01"), new Amf.Bytes(new byte[0])));
  }

  /** Cases only the decoder sees: references, xml-doc, vectors, dictionaries, traits refs. */
  static Stream<Case> decodeOnly() {
    Amf.Obj a1 = Amf.obj("a", n(1));
    return Stream.of(
        c("xml-doc", bytes(0x07, 0x09, "<a/>"), new Amf.Xml("<a/>")),
        c("over-long u29 of a small integer", hex("04 80 80 80 05"), n(5)),
        // a string reference is U29 (index << 1): 06 00 is the first string of the table
        c(
            "string reference",
            bytes(0x09, 0x05, 0x01, 0x06, 0x05, "ab", 0x06, 0x00),
            arr(Amf.str("ab"), Amf.str("ab"))),
        c(
            "empty string is never entered into the table",
            bytes(0x09, 0x07, 0x01, 0x06, 0x01, 0x06, 0x03, "x", 0x06, 0x00),
            arr(Amf.str(""), Amf.str("x"), Amf.str("x"))),
        c(
            "string reference used as a member name",
            bytes(0x0A, 0x0B, 0x01, 0x03, "k", 0x06, 0x00, 0x01),
            Amf.obj("k", Amf.str("k"))),
        // second object header 0x01: inline object, traits reference 0 (U29 0 << 2 | 0b01)
        c(
            "traits reference",
            wire(
                """
                09 05 01                          # array of 2 dense values
                  0a 23 0b 'Point' 03 'x' 03 'y'  #   object: inline traits Point {x, y}
                    04 01 04 02                   #     x = 1, y = 2
                  0a 01                           #   object: traits reference 0
                    04 03 04 04                   #     x = 3, y = 4
                """),
            arr(POINT_1_2, typed("Point", "x", n(3), "y", n(4)))),
        // object reference U29 (index << 1): the array is object 0, the inner object 1
        c(
            "object reference",
            bytes(0x09, 0x05, 0x01, 0x0A, 0x0B, 0x01, 0x03, "a", 0x04, 0x01, 0x01, 0x0A, 0x02),
            arr(a1, a1)),
        // 0x1b = 1 sealed << 4 | dynamic | inline traits | inline object
        c(
            "typed dynamic object: sealed then dynamic members",
            bytes(0x0A, 0x1B, 0x03, "C", 0x03, "s", 0x04, 0x05, 0x03, "d", 0x06, 0x03, "x", 0x01),
            typed("C", "s", n(5), "d", Amf.str("x"))),
        c(
            "array with associative and dense parts",
            bytes(0x09, 0x05, 0x03, "k", 0x06, 0x03, "v", 0x01, 0x04, 0x01, 0x04, 0x02),
            Amf.ecma("k", Amf.str("v"), "0", n(1), "1", n(2))),
        c(
            "date reference",
            hex("09 05 01 08 01 0000000000000000 08 02"),
            arr(new Amf.Date(0, 0), new Amf.Date(0, 0))),
        c(
            "byte array reference",
            hex("09 05 01 0c 03 ff 0c 02"),
            arr(new Amf.Bytes(new byte[] {-1}), new Amf.Bytes(new byte[] {-1}))),
        // vectors: U29 (count << 1 | 1), fixed flag, then 4-byte ints / uints or 8-byte doubles
        c(
            "vector int",
            hex("0d 07 00 00000001 ffffffff 7fffffff"),
            arr(n(1), n(-1), n(Integer.MAX_VALUE))),
        c("vector uint", hex("0e 05 01 ffffffff 00000002"), arr(n(4294967295L), n(2))),
        c("vector double", hex("0f 03 00 3ff8000000000000"), arr(n(1.5))),
        c("empty vector int", hex("0d 01 00"), arr()),
        // object vector: count, fixed flag, type name "*", values
        c(
            "vector object",
            bytes(0x10, 0x05, 0x00, 0x03, "*", 0x06, 0x03, "a", 0x04, 0x01),
            arr(Amf.str("a"), n(1))),
        // dictionary: U29 (pairs << 1 | 1), weak-keys flag, key value pairs
        c(
            "dictionary with string, number and boolean keys",
            wire(
                """
                11 09 00                         # 4 pairs, strong keys
                  06 03 'a'           04 01      # "a"  -> 1
                  04 02               06 03 'b'  # 2    -> "b"
                  03                  02         # true -> false
                  05 3ff8000000000000 01         # 1.5  -> null
                """),
            Amf.ecma("a", n(1), "2", Amf.str("b"), "true", Amf.bool(false), "1.5", Amf.NULL)),
        c("two values: only the first is compared here", hex("03 02"), Amf.bool(true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("symmetric")
  void decodesSymmetricCases(Case c) {
    assertThat(Amf3.decodeAll(c.wire())).containsExactly(c.decoded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("symmetric")
  void encodesSymmetricCases(Case c) {
    assertThat(Amf3.encode(c.decoded())).isEqualTo(c.wire());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodeOnly")
  void decodesDecodeOnlyCases(Case c) {
    assertThat(Amf3.decodeAll(c.wire()).get(0)).isEqualTo(c.decoded());
  }

  @org.junit.jupiter.api.Test
  void objectReferenceReturnsTheSameInstance() {
    byte[] wire =
        bytes(0x09, 0x05, 0x01, 0x0A, 0x0B, 0x01, 0x03, "a", 0x04, 0x01, 0x01, 0x0A, 0x02);
    Amf.Array array = (Amf.Array) Amf3.decodeAll(wire).get(0);
    assertThat(array.values().get(1)).isSameAs(array.values().get(0));
  }

  @org.junit.jupiter.api.Test
  void referenceTablesLastForTheWholeRun() {
    // two top-level values: the second refers to the string and the object of the first
    byte[] wire = bytes(0x0A, 0x0B, 0x01, 0x03, "k", 0x06, 0x03, "v", 0x01, 0x06, 0x02, 0x0A, 0x00);
    List<Amf> values = Amf3.decodeAll(wire);
    assertThat(values).hasSize(3);
    assertThat(values.get(1)).isEqualTo(Amf.str("v"));
    assertThat(values.get(2)).isSameAs(values.get(0));
  }

  @org.junit.jupiter.api.Test
  void unsupportedEncodesAsUndefined() {
    assertThat(Amf3.encode(Amf.UNSUPPORTED)).containsExactly(0x00);
  }

  @org.junit.jupiter.api.Test
  void encodingRefusesWhatAmf3CannotCarry() {
    assertThatThrownBy(() -> Amf3.encode(Amf.obj("", Amf.NULL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amf3 cannot encode an empty dynamic property name");
    assertThatThrownBy(() -> Amf3.encode(Amf.ecma("", Amf.NULL)))
        .isInstanceOf(IllegalArgumentException.class);
    Amf deep = Amf.NULL;
    for (int i = 0; i < AmfLimits.MAX_DEPTH + 1; i++) {
      deep = new Amf.Array(List.of(deep));
    }
    Amf tooDeep = deep;
    assertThatThrownBy(() -> Amf3.encode(tooDeep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amf nesting deeper than 64");
  }

  record Bad(String name, byte[] wire, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> malformed() {
    return Stream.of(
        new Bad("unknown marker", hex("04 01 12"), "amf3 unknown marker 0x12 at offset 2"),
        new Bad("truncated integer", hex("04 ff"), "amf3 truncated integer at offset 2"),
        new Bad("truncated double", hex("05 3ff0"), "amf3 truncated double at offset 1"),
        new Bad("truncated string", bytes(0x06, 0x0B, "he"), "amf3 truncated string at offset 2"),
        new Bad(
            "string reference out of range",
            hex("06 02"),
            "amf3 string reference 1 out of range (0 strings)"),
        new Bad(
            "object reference out of range",
            hex("09 02"),
            "amf3 object reference 1 out of range (0 objects)"),
        new Bad(
            "traits reference out of range",
            hex("0a 05"),
            "amf3 traits reference 1 out of range (0 traits)"),
        new Bad(
            "externalizable object",
            bytes(0x0A, 0x07, 0x03, "C"),
            "amf3 externalizable object not supported"),
        new Bad(
            "array that contains itself",
            hex("09 03 01 09 00"),
            "amf3 object reference 0 to an unfinished object (a cycle)"),
        new Bad(
            "dense count beyond the input",
            hex("09 ff ff ff ff 01"),
            "amf3 array count 268435455 exceeds remaining bytes at offset 6"),
        new Bad(
            "vector count beyond the input",
            hex("0f 81 01 00 3ff0000000000000"),
            "amf3 vector count 64 exceeds remaining bytes at offset 4"),
        new Bad(
            "sealed member count beyond the input",
            hex("0a ff ff ff f3 01"),
            "amf3 sealed member count 33554431 exceeds remaining bytes at offset 6"),
        new Bad(
            "dictionary with an object key",
            hex("11 03 00 0a 0b 01 01 01"),
            "amf3 dictionary key of type obj not supported at offset 3"),
        new Bad(
            "byte array beyond the input",
            hex("0c 09 01 02"),
            "amf3 truncated byte array at offset 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedInputIsAnAmfException(Bad bad) {
    assertThatThrownBy(() -> Amf3.decodeAll(bad.wire()))
        .isExactlyInstanceOf(AmfException.class)
        .hasMessage(bad.message());
  }
}
