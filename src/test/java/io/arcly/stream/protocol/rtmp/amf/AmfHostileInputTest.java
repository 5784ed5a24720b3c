package io.arcly.stream.protocol.rtmp.amf;

import static io.arcly.stream.protocol.rtmp.amf.Wire.bytes;
import static io.arcly.stream.protocol.rtmp.amf.Wire.hex;
import static io.arcly.stream.protocol.rtmp.amf.Wire.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No input makes a decoder throw anything but {@link AmfException}, run away or blow the stack. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmfHostileInputTest {
  record Sample(String name, byte[] wire, boolean amf0) {
    @Override
    public String toString() {
      return name;
    }

    List<Amf> decode(byte[] input) {
      return amf0 ? Amf0.decodeAll(input) : Amf3.decodeAll(input);
    }
  }

  /** Valid encodings exercising every marker and reference kind. */
  static Stream<Sample> samples() {
    Map<String, Amf> all = new LinkedHashMap<>();
    all.put("n", Amf.num(1.5));
    all.put("i", Amf.num(300));
    all.put("b", Amf.bool(true));
    all.put("s", Amf.str("text"));
    all.put("null", Amf.NULL);
    all.put("undef", Amf.UNDEFINED);
    all.put("ecma", Amf.ecma("k", Amf.str("v")));
    all.put("array", new Amf.Array(List.of(Amf.num(1), Amf.obj("x", Amf.NULL))));
    all.put("date", new Amf.Date(1e12, 0));
    all.put("xml", new Amf.Xml("<a/>"));
    all.put("typed", new Amf.Typed("C", Map.of("f", Amf.bool(false))));
    all.put("bytes", new Amf.Bytes(new byte[] {1, 2, 3}));
    Amf everything = new Amf.Obj(all);
    Amf longString = Amf.obj("long", Amf.str("L".repeat(70_000)), "after", Amf.NULL);
    return Stream.of(
        new Sample("ffmpeg connect", Amf0Test.FFMPEG_CONNECT, true),
        new Sample("ffmpeg metadata", Amf0Test.FFMPEG_METADATA, true),
        new Sample("flash amf3 connect", Amf0Test.FLASH_AMF3_CONNECT, true),
        new Sample("amf0 every type", Amf0.encode(everything, Amf.UNSUPPORTED), true),
        new Sample("amf0 long string", Amf0.encode(longString), true),
        new Sample("amf3 long string", Amf3.encode(longString), false),
        new Sample(
            "amf0 references",
            bytes(
                0x03, 0x00, 0x01, "a", 0x05, 0x00, 0x00, 0x09, 0x0A, u32(2), 0x07, 0x00, 0x00, 0x10,
                0x00, 0x01, "T", 0x00, 0x00, 0x09),
            true),
        new Sample("amf3 every type", Amf3.encode(everything), false),
        new Sample(
            "amf3 references and vectors",
            hex(
                "09 0d 01 06 05 6162 06 00 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04"
                    + " 09 02 08 01 0000000000000000 08 06 0d 05 00 00000001 00000002 0e 03 00"
                    + " 00000003 0f 03 01 3ff0000000000000 10 03 00 03 2a 06 00 11 03 00 06 00 01"
                    + " 0c 05 0102 0c 12"),
            false));
  }

  @Test
  void theSamplesAreValid() {
    samples().forEach(s -> assertThat(s.decode(s.wire())).as(s.name()).isNotEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyTruncationIsAnAmfExceptionOrAShorterResult(Sample sample) {
    byte[] wire = sample.wire();
    int failures = 0;
    for (int length = 0; length < wire.length; length++) {
      if (length > 2000 && length < wire.length - 2000 && length % 101 != 0) {
        continue; // inside the bulk of a long string: a sample of offsets is enough
      }
      byte[] prefix = Arrays.copyOf(wire, length);
      if (!decodesOrThrowsAmfException(prefix, sample::decode)) {
        failures++;
      }
    }
    assertThat(failures).isZero();
  }

  @Test
  void truncatedSingleObjectsAreAlwaysErrors() {
    byte[] wire = Amf0.encode(Amf.obj("a", Amf.str("b"), "c", new Amf.Array(List.of(Amf.NULL))));
    for (int length = 1; length < wire.length; length++) {
      byte[] prefix = Arrays.copyOf(wire, length);
      assertThatThrownBy(() -> Amf0.decodeAll(prefix)).isInstanceOf(AmfException.class);
    }
  }

  @Test
  void randomBytesOnlyEverGiveAmfException() {
    Random random = new Random(0xA3F0);
    for (int i = 0; i < 20_000; i++) {
      byte[] input = new byte[random.nextInt(201)];
      random.nextBytes(input);
      if (i % 2 == 0 && input.length > 0) {
        input[0] = (byte) random.nextInt(0x12); // a valid marker, so decoding gets further
      }
      assertDecodesOrThrowsAmfException(input, Amf0::decodeAll);
      assertDecodesOrThrowsAmfException(input, Amf3::decodeAll);
    }
  }

  @Test
  void mutatedValidEncodingsOnlyEverGiveAmfException() {
    Random random = new Random(17);
    List<Sample> samples = samples().filter(s -> s.wire().length < 10_000).toList();
    for (int i = 0; i < 20_000; i++) {
      Sample sample = samples.get(random.nextInt(samples.size()));
      byte[] input = sample.wire().clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(input.length);
        input[at] = random.nextBoolean() ? (byte) random.nextInt() : (byte) (input[at] ^ 0x80);
      }
      assertDecodesOrThrowsAmfException(input, sample::decode);
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void hugeStrictArrayCountFailsBeforeAllocating() {
    byte[] wire = bytes(0x0A, u32(0x7FFFFFFF), 0x05, 0x05, 0x05);
    assertThatThrownBy(() -> Amf0.decodeAll(wire))
        .isInstanceOf(AmfException.class)
        .hasMessage("amf0 strict array count 2147483647 exceeds remaining bytes at offset 5");
    byte[] max = bytes(0x0A, u32(0xFFFFFFFFL), 0x05, 0x05, 0x05);
    assertThatThrownBy(() -> Amf0.decodeAll(max)).isInstanceOf(AmfException.class);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void hugeDeclaredLengthsFailBeforeAllocating() {
    for (String wire :
        List.of(
            "0c 7fffffff 616263", // amf0 long string of 2^31-1 bytes
            "0c ffffffff", // amf0 long string of 2^32-1 bytes
            "0f ffffffff 00", // amf0 xml document
            "02 ffff 00", // amf0 string
            "11 06 ffffffff 61", // amf3 string of 2^28-1 bytes
            "11 0c ffffffff", // amf3 byte array
            "11 0b ffffffff", // amf3 xml
            "11 09 ffffffff 01", // amf3 dense array
            "11 0d ffffffff 00", // amf3 int vector
            "11 0f ffffffff 00", // amf3 double vector
            "11 10 ffffffff 00 01", // amf3 object vector
            "11 11 ffffffff 00", // amf3 dictionary
            "11 0a fffffff3 01" // amf3 object with 2^25-1 sealed members
            )) {
      assertThatThrownBy(() -> Amf0.decodeAll(hex(wire)))
          .as(wire)
          .isInstanceOf(AmfException.class)
          .hasMessageMatching("amf[03] (truncated|.* count \\d+ exceeds remaining bytes).*");
    }
  }

  static Stream<Sample> deepNesting() {
    return Stream.of(
        new Sample("amf0 objects", repeat(hex("03 0001 61"), 10_000), true),
        new Sample("amf0 ecma arrays", repeat(hex("08 00000001 0001 61"), 10_000), true),
        new Sample("amf0 strict arrays", repeat(hex("0a 00000001"), 10_000), true),
        new Sample("amf0 typed objects", repeat(hex("10 0001 43 0001 61"), 10_000), true),
        new Sample(
            "amf0 objects then amf3 arrays: one depth count",
            bytes(repeat(hex("03 0001 61"), 40), 0x11, repeat(hex("09 03 01"), 25)),
            true),
        new Sample("amf3 arrays", repeat(hex("09 03 01"), 10_000), false),
        new Sample("amf3 associative arrays", repeat(hex("09 01 03 61"), 10_000), false),
        new Sample("amf3 objects", repeat(hex("0a 0b 01 03 61"), 10_000), false),
        new Sample("amf3 object vectors", repeat(hex("10 03 00 01"), 10_000), false),
        new Sample("amf3 dictionaries", repeat(hex("11 03 00 06 01"), 10_000), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepNesting")
  void deepNestingIsAnAmfExceptionNotAStackOverflow(Sample sample) {
    assertThatThrownBy(() -> sample.decode(sample.wire()))
        .isExactlyInstanceOf(AmfException.class)
        .hasMessage("amf nesting deeper than 64");
  }

  @Test
  void nestingUpToTheLimitIsFine() {
    byte[] wire = bytes(repeat(hex("0a 00000001"), 63), hex("0a 00000000"));
    Amf value = Amf0.decodeAll(wire).get(0);
    int depth = 0;
    while (value instanceof Amf.Array a && !a.values().isEmpty()) {
      value = a.values().get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(63);
    byte[] tooDeep = bytes(repeat(hex("0a 00000001"), 64), hex("0a 00000000"));
    assertThatThrownBy(() -> Amf0.decodeAll(tooDeep)).hasMessage("amf nesting deeper than 64");
  }

  @Test
  void amf0ReferenceBombIsRefused() {
    // level k is a strict array of 16 references to level k-1: 16^8 values when written out
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(hex("0a 00000010"));
    out.writeBytes(repeat(hex("05"), 16)); // level 0: reference 0, 16 nulls
    for (int level = 1; level <= 8; level++) {
      out.writeBytes(hex("0a 00000010"));
      out.writeBytes(repeat(bytes(0x07, 0x00, level - 1), 16));
    }
    assertThatThrownBy(() -> Amf0.decodeAll(out.toByteArray()))
        .isInstanceOf(AmfException.class)
        .hasMessage("amf value expands to more than 67108864 units through references");
  }

  @Test
  void amf3StringReferenceBombIsRefused() {
    // one 4000-character string, then 20,000 two-byte references to it: 80 million characters
    byte[] wire =
        bytes(
            0x09,
            0x82,
            0xB8,
            0x43,
            0x01, // dense array of 20,001: U29 (20001 << 1 | 1)
            0x06,
            0xBE,
            0x41,
            "s".repeat(4000), // string of 4000: U29 (4000 << 1 | 1)
            repeat(hex("06 00"), 20_000));
    assertThatThrownBy(() -> Amf3.decodeAll(wire))
        .isInstanceOf(AmfException.class)
        .hasMessage("amf value expands to more than 67108864 units through references");
  }

  @Test
  void topLevelReferencesCountTowardsTheExpandedSize() {
    // one object of 3000 strings of 1000 characters, then 30,000 top-level references to it
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(hex("0a 00000bb8"));
    out.writeBytes(repeat(bytes(0x02, 0x03, 0xE8, "q".repeat(1000)), 3000));
    out.writeBytes(repeat(hex("07 0000"), 30_000));
    assertThatThrownBy(() -> Amf0.decodeAll(out.toByteArray()))
        .isInstanceOf(AmfException.class)
        .hasMessage("amf value expands to more than 67108864 units through references");
  }

  @Test
  void referenceTablesAreBounded() {
    byte[] amf0Objects = bytes(0x0A, u32(70_000), repeat(hex("03 0000 09"), 70_000));
    assertThatThrownBy(() -> Amf0.decodeAll(amf0Objects))
        .hasMessage("amf0 reference table exceeds 65536 entries");
    byte[] amf3Strings = bytes(0x09, 0x88, 0xC5, 0x61, 0x01, repeat(hex("06 03 61"), 70_000));
    assertThatThrownBy(() -> Amf3.decodeAll(amf3Strings))
        .hasMessage("amf3 string reference table exceeds 65536 entries");
    byte[] amf3Objects = bytes(repeat(hex("0c 01"), 70_000));
    assertThatThrownBy(() -> Amf3.decodeAll(amf3Objects))
        .hasMessage("amf3 object reference table exceeds 65536 entries");
    byte[] amf3Traits = repeat(hex("0a 03 01"), 70_000);
    assertThatThrownBy(() -> Amf3.decodeAll(amf3Traits))
        .hasMessage("amf3 traits reference table exceeds 65536 entries");
  }

  @Test
  void containerEntriesAreBounded() {
    int tooMany = AmfLimits.MAX_ENTRIES + 1;
    byte[] bigObject = bytes(0x03, repeat(hex("0000 05"), tooMany), hex("0000 09"));
    assertThatThrownBy(() -> Amf0.decodeAll(bigObject))
        .hasMessage("amf0 object has more than 1000000 entries");
    byte[] bigArray = bytes(0x0A, u32(tooMany), repeat(hex("05"), tooMany));
    assertThatThrownBy(() -> Amf0.decodeAll(bigArray))
        .hasMessage("amf0 strict array has more than 1000000 entries");
    byte[] allowed =
        bytes(0x0A, u32(AmfLimits.MAX_ENTRIES), repeat(hex("05"), AmfLimits.MAX_ENTRIES));
    assertThat(((Amf.Array) Amf0.decodeAll(allowed).get(0)).values())
        .hasSize(AmfLimits.MAX_ENTRIES);
  }

  static byte[] repeat(byte[] unit, int times) {
    byte[] out = new byte[unit.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }

  static void assertDecodesOrThrowsAmfException(byte[] input, Function<byte[], List<Amf>> decoder) {
    if (!decodesOrThrowsAmfException(input, decoder)) {
      fail("unexpected exception for input " + HexFormat.of().formatHex(input));
    }
  }

  static boolean decodesOrThrowsAmfException(byte[] input, Function<byte[], List<Amf>> decoder) {
    try {
      List<Amf> values = decoder.apply(input);
      values.forEach(
          v -> {
            v.toJava();
            v.hashCode();
          });
      return true;
    } catch (AmfException expected) {
      return true;
    } catch (Throwable unexpected) {
      unexpected.printStackTrace();
      return false;
    }
  }
}
