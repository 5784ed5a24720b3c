package io.arcly.stream.protocol.rtmp.amf;

import static io.arcly.stream.protocol.rtmp.amf.Wire.bytes;
import static io.arcly.stream.protocol.rtmp.amf.Wire.f64;
import static io.arcly.stream.protocol.rtmp.amf.Wire.fill;
import static io.arcly.stream.protocol.rtmp.amf.Wire.hex;
import static io.arcly.stream.protocol.rtmp.amf.Wire.u16;
import static io.arcly.stream.protocol.rtmp.amf.Wire.u32;
import static io.arcly.stream.protocol.rtmp.amf.Wire.utf;
import static io.arcly.stream.protocol.rtmp.amf.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AMF0 wire cases: every marker, real client bodies, references, quirks and errors. */
class Amf0Test {
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

  static Amf.Typed typed(String className, Object... keyValuePairs) {
    return new Amf.Typed(className, Amf.obj(keyValuePairs).properties());
  }

  static final String LONG = "x".repeat(70_000);
  static final String LONGEST_SHORT = "y".repeat(0xFFFF);

  /** Cases that decode to the value and that the encoder writes byte for byte. */
  static Stream<Case> symmetric() {
    return Stream.of(
        // number 0x00: IEEE 754 double, big-endian
        c("number 0", hex("00 0000000000000000"), n(0)),
        c("number 1.5", hex("00 3ff8000000000000"), n(1.5)),
        c("number -1", hex("00 bff0000000000000"), n(-1)),
        c("number 1e300", hex("00 7e37e43c8800759c"), n(1e300)),
        // boolean 0x01: one byte, 0 false
        c("boolean false", hex("01 00"), Amf.bool(false)),
        c("boolean true", hex("01 01"), Amf.bool(true)),
        // string 0x02: u16 length, UTF-8
        c("empty string", hex("02 0000"), Amf.str("")),
        c("string connect", bytes(0x02, 0x00, 0x07, "connect"), Amf.str("connect")),
        c("string with 2- and 3-byte utf-8", bytes(0x02, 0x00, 0x05, "é€"), Amf.str("é€")),
        c("string of 65535 bytes", bytes(0x02, 0xFF, 0xFF, LONGEST_SHORT), Amf.str(LONGEST_SHORT)),
        // long string 0x0c: u32 length, chosen automatically above 65535 bytes
        c("long string", bytes(0x0C, u32(70_000), LONG), Amf.str(LONG)),
        // object 0x03: (u16 name, value)* then the end marker 00 00 09
        c("empty object", hex("03 0000 09"), Amf.obj()),
        c(
            "object {a: 1, b: null}",
            bytes(0x03, utf("a"), 0x00, f64(1), utf("b"), 0x05, 0x00, 0x00, 0x09),
            Amf.obj("a", n(1), "b", Amf.NULL)),
        c("null", hex("05"), Amf.NULL),
        c("undefined", hex("06"), Amf.UNDEFINED),
        // ecma array 0x08: u32 count, then properties like an object
        c("empty ecma array", hex("08 00000000 0000 09"), Amf.ecma()),
        c(
            "ecma array {k: v}",
            bytes(0x08, u32(1), utf("k"), 0x02, utf("v"), 0x00, 0x00, 0x09),
            Amf.ecma("k", Amf.str("v"))),
        // strict array 0x0a: u32 count, then the values
        c("empty strict array", hex("0a 00000000"), arr()),
        c(
            "strict array [1, a, true]",
            bytes(0x0A, u32(3), 0x00, f64(1), 0x02, utf("a"), 0x01, 0x01),
            arr(n(1), Amf.str("a"), Amf.bool(true))),
        // date 0x0b: millis as a double, s16 time zone in minutes
        c("date 2020-01-01", hex("0b 4276f5e66e800000 0000"), new Amf.Date(1_577_836_800_000d, 0)),
        c("date with time zone -60", hex("0b 0000000000000000 ffc4"), new Amf.Date(0, -60)),
        c("unsupported", hex("0d"), Amf.UNSUPPORTED),
        // xml document 0x0f: u32 length, UTF-8
        c("xml document", bytes(0x0F, u32(4), "<a/>"), new Amf.Xml("<a/>")),
        // typed object 0x10: u16 class name, then properties like an object
        c(
            "typed object",
            bytes(0x10, utf("Point"), utf("x"), 0x00, f64(1), utf("y"), 0x00, f64(2), 0, 0, 9),
            typed("Point", "x", n(1), "y", n(2))),
        // avmplus 0x11 then an AMF3 byte array: 0c, U29 (3 << 1 | 1), bytes
        c("byte array via avmplus", hex("11 0c 07 010203"), new Amf.Bytes(new byte[] {1, 2, 3})),
        c(
            "nested object with array and ecma array",
            wire(
                """
                03                              # object {
                  0004 'list' 0a 00000002       #   list: strict array of 2 [
                    05                          #     null,
                    03 0004 'deep' 01 00 000009 #     {deep: false}
                  0003 'map' 08 00000001        #   map: ecma array of 1 {
                    0001 'n' 00 401c000000000000 #    n: 7
                  000009                        #   }
                000009                          # }
                """),
            Amf.obj(
                "list",
                arr(Amf.NULL, Amf.obj("deep", Amf.bool(false))),
                "map",
                Amf.ecma("n", n(7)))));
  }

  /** Cases only the decoder sees: quirks, other spellings and the avmplus switch. */
  static Stream<Case> decodeOnly() {
    return Stream.of(
        c("boolean: any non-zero byte is true", hex("01 05"), Amf.bool(true)),
        c("short text as a long string", bytes(0x0C, u32(2), "hi"), Amf.str("hi")),
        c("malformed utf-8 becomes U+FFFD", hex("02 0002 c328"), Amf.str("\uFFFD(")),
        c(
            "ecma array count is only a hint",
            bytes(0x08, u32(0), utf("a"), 0x05, utf("b"), 0x06, 0x00, 0x00, 0x09),
            Amf.ecma("a", Amf.NULL, "b", Amf.UNDEFINED)),
        c(
            "ecma array with a huge count hint",
            bytes(0x08, u32(0xFFFFFFFFL), utf("a"), 0x05, 0x00, 0x00, 0x09),
            Amf.ecma("a", Amf.NULL)),
        c(
            "ecma array ending with the input, no end marker",
            bytes(0x08, u32(1), utf("k"), 0x02, utf("v")),
            Amf.ecma("k", Amf.str("v"))),
        c("ecma array of nothing but its count", bytes(0x08, u32(0)), Amf.ecma()),
        c(
            "empty property name before a value",
            bytes(0x03, utf(""), 0x05, 0x00, 0x00, 0x09),
            Amf.obj("", Amf.NULL)),
        c(
            "later duplicate property wins",
            bytes(0x03, utf("a"), 0x05, utf("a"), 0x06, 0x00, 0x00, 0x09),
            Amf.obj("a", Amf.UNDEFINED)),
        // avmplus 0x11: the next value is AMF3
        c("avmplus integer", hex("11 04 ff ff ff ff"), n(-1)),
        c("avmplus string", bytes(0x11, 0x06, 0x05, "hi"), Amf.str("hi")),
        c(
            "avmplus object inside an amf0 object",
            bytes(0x03, utf("o"), 0x11, 0x0A, 0x0B, 0x01, 0x03, "k", 0x03, 0x01, 0x00, 0x00, 0x09),
            Amf.obj("o", Amf.obj("k", Amf.bool(true)))),
        // reference 0x07: u16 index of the objects, ecma and strict arrays begun so far
        c(
            "reference to an object inside a strict array",
            bytes(0x0A, u32(2), 0x03, utf("a"), 0x00, f64(1), 0x00, 0x00, 0x09, 0x07, u16(1)),
            arr(Amf.obj("a", n(1)), Amf.obj("a", n(1)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("symmetric")
  void decodesSymmetricCases(Case c) {
    assertThat(Amf0.decodeAll(c.wire())).containsExactly(c.decoded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("symmetric")
  void encodesSymmetricCases(Case c) {
    assertThat(Amf0.encode(c.decoded())).isEqualTo(c.wire());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodeOnly")
  void decodesDecodeOnlyCases(Case c) {
    assertThat(Amf0.decodeAll(c.wire())).containsExactly(c.decoded());
  }

  /** The body of the connect command ffmpeg 5.1 (Lavf59.27.100) sends when it publishes. */
  static final byte[] FFMPEG_CONNECT =
      wire(
          """
          02 0007 'connect'                # string: command name
          00 3ff0000000000000              # number: transaction id 1.0
          03                               # object {
            0003 'app'      02 0004 'live'
            0004 'type'     02 000a 'nonprivate'
            0008 'flashVer' 02 0024 'FMLE/3.0 (compatible; Lavf59.27.100)'
            0005 'tcUrl'    02 001a 'rtmp://localhost:1935/live'
          000009                           # }
          """);

  @Test
  void decodesFfmpegConnect() {
    List<Amf> body = Amf0.decodeAll(FFMPEG_CONNECT);
    assertThat(body).hasSize(3);
    assertThat(body.get(0).asString()).isEqualTo("connect");
    assertThat(body.get(1).asNumber(0)).isEqualTo(1.0);
    Amf cmd = body.get(2);
    assertThat(cmd).isInstanceOf(Amf.Obj.class);
    assertThat(cmd.properties().keySet()).containsExactly("app", "type", "flashVer", "tcUrl");
    assertThat(cmd.string("app")).isEqualTo("live");
    assertThat(cmd.string("type")).isEqualTo("nonprivate");
    assertThat(cmd.string("flashVer")).isEqualTo("FMLE/3.0 (compatible; Lavf59.27.100)");
    assertThat(cmd.string("tcUrl")).isEqualTo("rtmp://localhost:1935/live");
    assertThat(Amf0.encode(body.toArray(Amf[]::new))).isEqualTo(FFMPEG_CONNECT);
  }

  /** The body of the data message ffmpeg 5.1 sends after publish: 720p30 H.264 and AAC. */
  static final byte[] FFMPEG_METADATA =
      wire(
          """
          02 000d '@setDataFrame'
          02 000a 'onMetaData'
          08 0000000d                                        # ecma array, 13 entries {
            0008 'duration'        00 0000000000000000       #   0
            0005 'width'           00 4094000000000000       #   1280
            0006 'height'          00 4086800000000000       #   720
            000d 'videodatarate'   00 40a3880000000000       #   2500
            0009 'framerate'       00 403e000000000000       #   30
            000c 'videocodecid'    00 401c000000000000       #   7 (avc)
            000d 'audiodatarate'   00 4060000000000000       #   128
            000f 'audiosamplerate' 00 40e5888000000000       #   44100
            000f 'audiosamplesize' 00 4030000000000000       #   16
            0006 'stereo'          01 01                     #   true
            000c 'audiocodecid'    00 4024000000000000       #   10 (aac)
            0007 'encoder'         02 000d 'Lavf59.27.100'
            0008 'filesize'        00 0000000000000000       #   0
          000009                                             # }
          """);

  @Test
  void decodesFfmpegSetDataFrame() {
    List<Amf> body = Amf0.decodeAll(FFMPEG_METADATA);
    assertThat(body).hasSize(3);
    assertThat(body.get(0).asString()).isEqualTo("@setDataFrame");
    assertThat(body.get(1).asString()).isEqualTo("onMetaData");
    Amf meta = body.get(2);
    assertThat(meta).isInstanceOf(Amf.Ecma.class);
    assertThat(meta.properties()).hasSize(13);
    assertThat(meta.get("width").asNumber(0)).isEqualTo(1280);
    assertThat(meta.get("height").asNumber(0)).isEqualTo(720);
    assertThat(meta.get("videodatarate").asNumber(0)).isEqualTo(2500);
    assertThat(meta.get("framerate").asNumber(0)).isEqualTo(30);
    assertThat(meta.get("videocodecid").asNumber(0)).isEqualTo(7);
    assertThat(meta.get("audiodatarate").asNumber(0)).isEqualTo(128);
    assertThat(meta.get("audiosamplerate").asNumber(0)).isEqualTo(44100);
    assertThat(meta.get("audiosamplesize").asNumber(0)).isEqualTo(16);
    assertThat(meta.get("stereo")).isEqualTo(Amf.bool(true));
    assertThat(meta.get("audiocodecid").asNumber(0)).isEqualTo(10);
    assertThat(meta.string("encoder")).isEqualTo("Lavf59.27.100");
    assertThat(meta.get("duration").asNumber(-1)).isZero();
    assertThat(meta.get("filesize").asNumber(-1)).isZero();
    assertThat(Amf0.encode(body.toArray(Amf[]::new))).isEqualTo(FFMPEG_METADATA);
  }

  /**
   * A Flash Player connect with object encoding 3, as the AMF0 body of a type-17 message (the
   * caller strips the leading format byte): the command object is AMF3 behind the avmplus marker.
   */
  static final byte[] FLASH_AMF3_CONNECT =
      wire(
          """
          02 0007 'connect'                # amf0 string
          00 3ff0000000000000              # amf0 number 1.0
          11                               # avmplus: the next value is amf3
          0a 0b 01                         # object; inline dynamic traits, 0 sealed; class ""
            07 'app'            06 09 'live'  # U29 (3 << 1 | 1) name, string (4 << 1 | 1)
            11 'flashVer'       06 1d 'WIN 32,0,0,465'
            0b 'tcUrl'          06 2b 'rtmp://localhost/live'
            09 'fpad'           02            # false
            19 'capabilities'   04 81 6f      # integer 239
            17 'audioCodecs'    04 9b 77      # integer 3575
            17 'videoCodecs'    04 81 7c      # integer 252
            1b 'videoFunction'  04 01
            0f 'pageUrl'        01            # null
            1d 'objectEncoding' 04 03
          01                               # "" ends the dynamic members
          11 06 02                         # avmplus, amf3 string reference 1: "live" again
          """);

  @Test
  void decodesFlashConnectWithAmf3CommandObject() {
    List<Amf> body = Amf0.decodeAll(FLASH_AMF3_CONNECT);
    assertThat(body).hasSize(4);
    assertThat(body.get(0)).isEqualTo(Amf.str("connect"));
    assertThat(body.get(1)).isEqualTo(Amf.num(1));
    assertThat(body.get(2))
        .isEqualTo(
            Amf.obj(
                "app", Amf.str("live"),
                "flashVer", Amf.str("WIN 32,0,0,465"),
                "tcUrl", Amf.str("rtmp://localhost/live"),
                "fpad", Amf.bool(false),
                "capabilities", n(239),
                "audioCodecs", n(3575),
                "videoCodecs", n(252),
                "videoFunction", n(1),
                "pageUrl", Amf.NULL,
                "objectEncoding", n(3)));
    assertThat(body.get(2).properties().keySet()).startsWith("app", "flashVer", "tcUrl");
    // the amf3 string table lasts for the whole decode run, across avmplus switches
    assertThat(body.get(3)).isEqualTo(Amf.str("live"));
  }

  @Test
  void referencesResolveToTheSameInstance() {
    byte[] wire =
        wire(
            """
            03 0001 'a' 05 000009            # object: reference 0
            08 00000000 000009               # ecma array: reference 1
            0a 00000003 0700 00 0700 01 0700 00  # strict array 2: [ref 0, ref 1, ref 0]
            """);
    List<Amf> values = Amf0.decodeAll(wire);
    Amf.Array array = (Amf.Array) values.get(2);
    assertThat(array.values().get(0)).isSameAs(values.get(0));
    assertThat(array.values().get(1)).isSameAs(values.get(1));
    assertThat(array.values().get(2)).isSameAs(values.get(0));
  }

  @Test
  void typedObjectsAndStrictArraysTakeReferenceSlots() {
    byte[] wire =
        wire(
            """
            0a 00000002                      # strict array: reference 0 [
              10 0001 'C'                    #   typed object of class C: reference 1 {
                0001 'v' 00 3ff0000000000000 #     v: 1
              000009                         #   }
              07 0001                        #   reference 1: the typed object again
                                             # ]
            07 0000                          # reference 0: the finished strict array
            """);
    List<Amf> values = Amf0.decodeAll(wire);
    Amf.Array array = (Amf.Array) values.get(0);
    assertThat(array.values().get(1)).isSameAs(array.values().get(0));
    assertThat(array.values().get(0)).isEqualTo(typed("C", "v", n(1)));
    assertThat(values.get(1)).isSameAs(array);
  }

  @Test
  void decodesARegionOfALargerBuffer() {
    byte[] buf = bytes(0xEE, 0xEE, 0x02, utf("ok"), 0x05, 0xEE);
    assertThat(Amf0.decodeAll(buf, 2, 6)).containsExactly(Amf.str("ok"), Amf.NULL);
    // offsets in messages count from the start of the region
    assertThatThrownBy(() -> Amf0.decodeAll(buf, 2, 7))
        .isInstanceOf(AmfException.class)
        .hasMessage("amf0 unknown marker 0xee at offset 6");
    assertThat(Amf0.decodeAll(buf, 3, 0)).isEmpty();
  }

  @Test
  void encodeAppendsToAStream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x42);
    Amf0.encode(Amf.NULL, out);
    Amf0.encode(Amf.bool(true), out);
    assertThat(out.toByteArray()).containsExactly(0x42, 0x05, 0x01, 0x01);
    assertThat(Amf0.encode()).isEmpty();
  }

  @Test
  void encodingRefusesWhatAmf0CannotCarry() {
    String tooLong = "k".repeat(0x10000);
    assertThatThrownBy(() -> Amf0.encode(Amf.obj(tooLong, Amf.NULL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amf0 property name longer than 65535 bytes: 65536");
    assertThatThrownBy(() -> Amf0.encode(new Amf.Typed(tooLong, java.util.Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amf0 class name longer than 65535 bytes: 65536");
    assertThatThrownBy(() -> Amf0.encode(new Amf.Date(0, 40_000)))
        .isInstanceOf(IllegalArgumentException.class);
    Amf deep = Amf.obj();
    for (int i = 0; i < AmfLimits.MAX_DEPTH; i++) {
      deep = Amf.obj("d", deep);
    }
    Amf tooDeep = deep;
    assertThatThrownBy(() -> Amf0.encode(tooDeep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amf nesting deeper than 64");
  }

  @Test
  void deepestAllowedNestingRoundTrips() {
    Amf deep = Amf.obj();
    for (int i = 1; i < AmfLimits.MAX_DEPTH; i++) {
      deep = Amf.obj("d", deep);
    }
    assertThat(Amf0.decodeAll(Amf0.encode(deep))).containsExactly(deep);
  }

  record Bad(String name, byte[] wire, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> malformed() {
    return Stream.of(
        new Bad("unknown marker", hex("05 13"), "amf0 unknown marker 0x13 at offset 1"),
        new Bad(
            "movieclip is reserved",
            hex("04"),
            "amf0 reserved marker 0x04 (movieclip) at offset 0"),
        new Bad(
            "recordset is reserved",
            hex("0e"),
            "amf0 reserved marker 0x0e (recordset) at offset 0"),
        new Bad("stray object end", hex("09"), "amf0 unexpected object-end marker at offset 0"),
        new Bad(
            "object end after a property name",
            bytes(0x03, utf("a"), 0x09),
            "amf0 unexpected object-end marker at offset 4"),
        new Bad("truncated number", hex("00 3ff0"), "amf0 truncated number at offset 1"),
        new Bad("truncated boolean", hex("01"), "amf0 truncated boolean at offset 1"),
        new Bad(
            "truncated string length", hex("02 00"), "amf0 truncated string length at offset 1"),
        new Bad(
            "truncated string", bytes(0x02, 0x00, 0x05, "ab"), "amf0 truncated string at offset 3"),
        new Bad(
            "object without end marker",
            bytes(0x03, utf("a"), 0x00, f64(1)),
            "amf0 truncated object property name length at offset 13"),
        new Bad(
            "object with a lone end byte",
            bytes(0x03, 0x00, 0x00),
            "amf0 truncated object property value at offset 3"),
        new Bad(
            "reference out of range",
            bytes(0x03, 0x00, 0x00, 0x09, 0x08, u32(0), 0x00, 0x00, 0x09, 0x07, u16(5)),
            "amf0 reference 5 out of range (2 objects)"),
        new Bad(
            "object that contains itself",
            bytes(0x03, utf("self"), 0x07, u16(0), 0x00, 0x00, 0x09),
            "amf0 reference 0 to an unfinished object (a cycle)"),
        new Bad("truncated reference", hex("07 00"), "amf0 truncated reference at offset 1"),
        new Bad(
            "strict array count beyond the input",
            bytes(0x0A, u32(0x7FFFFFFF), 0x05, 0x05, 0x05),
            "amf0 strict array count 2147483647 exceeds remaining bytes at offset 5"),
        new Bad(
            "strict array short of its count",
            bytes(0x0A, u32(3), 0x02, utf("a")),
            "amf0 truncated marker at offset 9"),
        new Bad(
            "long string of 2^31-1 bytes",
            bytes(0x0C, u32(0x7FFFFFFF), "abc"),
            "amf0 truncated long string at offset 5"),
        new Bad(
            "long string of 2^32-1 bytes",
            bytes(0x0C, u32(0xFFFFFFFFL)),
            "amf0 truncated long string at offset 5"),
        new Bad(
            "xml document beyond the input",
            bytes(0x0F, u32(100), "<a/>"),
            "amf0 truncated xml document at offset 5"),
        new Bad(
            "truncated date time zone",
            hex("0b 0000000000000000 00"),
            "amf0 truncated date time zone at offset 9"),
        new Bad(
            "truncated class name",
            bytes(0x10, u16(9), "Po"),
            "amf0 truncated class name at offset 3"),
        new Bad("avmplus at the end", hex("11"), "amf3 truncated marker at offset 1"),
        new Bad(
            "avmplus with a bad amf3 value",
            hex("11 06 02"),
            "amf3 string reference 1 out of range (0 strings)"),
        new Bad(
            "ecma array cut inside a property",
            bytes(0x08, u32(1), utf("k"), 0x02, 0x00),
            "amf0 truncated string length at offset 9"),
        new Bad(
            "huge object name length",
            bytes(0x03, 0xFF, 0xFF, fill(10, 0x61)),
            "amf0 truncated object property name at offset 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedInputIsAnAmfException(Bad bad) {
    assertThatThrownBy(() -> Amf0.decodeAll(bad.wire()))
        .isExactlyInstanceOf(AmfException.class)
        .hasMessage(bad.message());
  }
}
