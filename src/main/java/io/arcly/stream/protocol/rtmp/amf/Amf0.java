package io.arcly.stream.protocol.rtmp.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF0 codec (Adobe "Action Message Format -- AMF 0"), the encoding of RTMP commands and
 * metadata.
 *
 * <h2>Decoding</h2>
 *
 * <p>Every marker from 0x00 to 0x11 is read; movieclip (0x04) and recordset (0x0E) are reserved and
 * refused, object-end (0x09) is valid only as a terminator. Strings are UTF-8 (malformed sequences
 * become U+FFFD). A reference (0x07) indexes the objects, typed objects, ECMA arrays and strict
 * arrays seen so far in the decode run, each entered when it begins, and returns the same instance;
 * a reference to one still being read (a cycle, which the immutable value model cannot express) is
 * refused. The avmplus marker (0x11) reads the next value as AMF3 with {@link Amf3}; the AMF3
 * reference tables last for the whole decode run. The count of an ECMA array is ignored; an ECMA
 * array that ends with the region instead of the {@code 00 00 09} end marker, as some encoders
 * write it, simply ends there. An empty property name followed by a value other than the end marker
 * is read as a property named {@code ""}.
 *
 * <p>Limits ({@link AmfLimits}): containers nest at most {@value AmfLimits#MAX_DEPTH} deep and hold
 * at most {@value AmfLimits#MAX_ENTRIES} entries; the reference table holds at most {@value
 * AmfLimits#MAX_REFERENCES} objects; the result, with references written out in full, may weigh at
 * most {@value AmfLimits#MAX_EXPANDED_SIZE}; every length and count is checked against the
 * remaining bytes before anything is read or allocated. Any malformed input is an {@link
 * AmfException}; offsets in its message count from the start of the region.
 *
 * <h2>Encoding</h2>
 *
 * <p>Strings longer than 65535 UTF-8 bytes become long strings; an ECMA array's count is its
 * property count; {@link Amf.Bytes}, which AMF0 lacks, is written as an AMF3 byte array behind the
 * avmplus marker. No references are written (common RTMP clients do not read them), so a value
 * shared in several places is written in full each time. Property and class names longer than 65535
 * UTF-8 bytes, time zones outside a signed 16-bit range and values nested deeper than {@value
 * AmfLimits#MAX_DEPTH} are refused with an {@link IllegalArgumentException}.
 */
public final class Amf0 {
  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int MOVIECLIP = 0x04;
  static final int NULL = 0x05;
  static final int UNDEFINED = 0x06;
  static final int REFERENCE = 0x07;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;
  static final int UNSUPPORTED = 0x0D;
  static final int RECORDSET = 0x0E;
  static final int XML_DOCUMENT = 0x0F;
  static final int TYPED_OBJECT = 0x10;
  static final int AVMPLUS = 0x11;

  private static final String F = "amf0";

  private Amf0() {}

  /**
   * Decodes consecutive AMF0 values until the region {@code buf[offset, offset+length)} ends.
   *
   * @return the values, in order (an empty region gives an empty list)
   * @throws AmfException if the bytes are malformed or break a limit of {@link AmfLimits}
   * @throws IndexOutOfBoundsException if the region lies outside {@code buf}
   */
  public static List<Amf> decodeAll(byte[] buf, int offset, int length) {
    AmfInput in = new AmfInput(buf, offset, length);
    Decoder decoder = new Decoder(in);
    List<Amf> values = new ArrayList<>();
    while (in.remaining() > 0) {
      values.add(decoder.value());
      in.addTopLevel(in.weight);
    }
    return List.copyOf(values);
  }

  /**
   * Decodes consecutive AMF0 values filling the whole of {@code buf}.
   *
   * @throws AmfException if the bytes are malformed or break a limit of {@link AmfLimits}
   */
  public static List<Amf> decodeAll(byte[] buf) {
    return decodeAll(buf, 0, buf.length);
  }

  /**
   * Encodes the values one after another in AMF0.
   *
   * @throws IllegalArgumentException if a value cannot be carried (see the class description)
   */
  public static byte[] encode(Amf... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Amf value : values) {
      encode(value, out);
    }
    return out.toByteArray();
  }

  /** Appends the AMF0 encoding of {@code value} to {@code out}. */
  public static void encode(Amf value, ByteArrayOutputStream out) {
    write(value, out, 0);
  }

  private static void write(Amf value, ByteArrayOutputStream out, int depth) {
    switch (value) {
      case Amf.Num n -> {
        out.write(NUMBER);
        AmfOutput.f64(out, n.value());
      }
      case Amf.Bool b -> {
        out.write(BOOLEAN);
        out.write(b.value() ? 1 : 0);
      }
      case Amf.Str s -> {
        byte[] utf8 = s.value().getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 0xFFFF) {
          out.write(STRING);
          AmfOutput.u16(out, utf8.length);
        } else {
          out.write(LONG_STRING);
          AmfOutput.u32(out, utf8.length);
        }
        out.writeBytes(utf8);
      }
      case Amf.Null n -> out.write(NULL);
      case Amf.Undefined u -> out.write(UNDEFINED);
      case Amf.Unsupported u -> out.write(UNSUPPORTED);
      case Amf.Obj o -> {
        int inner = AmfOutput.enter(depth);
        out.write(OBJECT);
        writeProperties(o.properties(), out, inner);
      }
      case Amf.Ecma e -> {
        int inner = AmfOutput.enter(depth);
        out.write(ECMA_ARRAY);
        AmfOutput.u32(out, e.properties().size());
        writeProperties(e.properties(), out, inner);
      }
      case Amf.Typed t -> {
        int inner = AmfOutput.enter(depth);
        out.write(TYPED_OBJECT);
        writeName(t.className(), "class name", out);
        writeProperties(t.properties(), out, inner);
      }
      case Amf.Array a -> {
        int inner = AmfOutput.enter(depth);
        out.write(STRICT_ARRAY);
        AmfOutput.u32(out, a.values().size());
        for (Amf v : a.values()) {
          write(v, out, inner);
        }
      }
      case Amf.Date d -> {
        if (d.timezoneMinutes() < Short.MIN_VALUE || d.timezoneMinutes() > Short.MAX_VALUE) {
          throw new IllegalArgumentException(
              "amf0 date time zone out of range: " + d.timezoneMinutes());
        }
        out.write(DATE);
        AmfOutput.f64(out, d.millis());
        AmfOutput.u16(out, d.timezoneMinutes());
      }
      case Amf.Xml x -> {
        byte[] utf8 = x.value().getBytes(StandardCharsets.UTF_8);
        out.write(XML_DOCUMENT);
        AmfOutput.u32(out, utf8.length);
        out.writeBytes(utf8);
      }
      case Amf.Bytes b -> {
        out.write(AVMPLUS);
        Amf3.write(b, out, depth);
      }
    }
  }

  private static void writeProperties(
      Map<String, Amf> properties, ByteArrayOutputStream out, int depth) {
    for (Map.Entry<String, Amf> e : properties.entrySet()) {
      writeName(e.getKey(), "property name", out);
      write(e.getValue(), out, depth);
    }
    AmfOutput.u16(out, 0);
    out.write(OBJECT_END);
  }

  private static void writeName(String name, String what, ByteArrayOutputStream out) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "amf0 " + what + " longer than 65535 bytes: " + utf8.length);
    }
    AmfOutput.u16(out, utf8.length);
    out.writeBytes(utf8);
  }

  /** Reads AMF0 values from an input, keeping the reference table of one run. */
  private static final class Decoder {
    private final AmfInput in;
    private final List<Amf> refs = new ArrayList<>(); // null: still being read
    private long[] refWeights = new long[16];
    private Amf3.Decoder amf3;

    Decoder(AmfInput in) {
      this.in = in;
    }

    /** Reads one value (marker and body); its weight is left in {@link AmfInput#weight}. */
    Amf value() {
      int at = in.offset();
      return value(in.u8(F, "marker"), at);
    }

    private Amf value(int marker, int at) {
      in.weight = 1;
      return switch (marker) {
        case NUMBER -> new Amf.Num(in.f64(F, "number"));
        case BOOLEAN -> new Amf.Bool(in.u8(F, "boolean") != 0);
        case STRING -> string(in.u16(F, "string length"), "string");
        case LONG_STRING -> string(in.u32(F, "long string length"), "long string");
        case XML_DOCUMENT -> {
          String text = in.utf8(in.u32(F, "xml document length"), F, "xml document");
          in.weight = 1 + text.length();
          yield new Amf.Xml(text);
        }
        case NULL -> Amf.NULL;
        case UNDEFINED -> Amf.UNDEFINED;
        case UNSUPPORTED -> Amf.UNSUPPORTED;
        case DATE -> {
          double millis = in.f64(F, "date");
          yield new Amf.Date(millis, (short) in.u16(F, "date time zone"));
        }
        case OBJECT -> {
          int slot = reserve();
          in.enter();
          Map<String, Amf> properties = properties("object", false);
          in.leave();
          yield finish(slot, new Amf.Obj(properties), in.weight);
        }
        case ECMA_ARRAY -> {
          in.u32(F, "ecma array count"); // a hint only
          int slot = reserve();
          in.enter();
          Map<String, Amf> properties = properties("ecma array", true);
          in.leave();
          yield finish(slot, new Amf.Ecma(properties), in.weight);
        }
        case TYPED_OBJECT -> {
          String className = in.utf8(in.u16(F, "class name length"), F, "class name");
          int slot = reserve();
          in.enter();
          Map<String, Amf> properties = properties("typed object", false);
          in.leave();
          long weight = AmfInput.checkWeight(in.weight + className.length());
          yield finish(slot, new Amf.Typed(className, properties), weight);
        }
        case STRICT_ARRAY -> strictArray();
        case REFERENCE -> reference();
        case AVMPLUS -> {
          if (amf3 == null) {
            amf3 = new Amf3.Decoder(in);
          }
          yield amf3.value();
        }
        case OBJECT_END ->
            throw new AmfException("amf0 unexpected object-end marker at offset " + at);
        case MOVIECLIP, RECORDSET ->
            throw new AmfException(
                String.format(
                    "amf0 reserved marker 0x%02x (%s) at offset %d",
                    marker, marker == MOVIECLIP ? "movieclip" : "recordset", at));
        default ->
            throw new AmfException(
                String.format("amf0 unknown marker 0x%02x at offset %d", marker, at));
      };
    }

    private Amf.Str string(long length, String what) {
      String s = in.utf8(length, F, what);
      in.weight = 1 + s.length();
      return new Amf.Str(s);
    }

    /**
     * Reads name/value pairs up to the {@code 00 00 09} end marker (or, for an ECMA array, the end
     * of the region); the container's weight is left in {@link AmfInput#weight}.
     */
    private Map<String, Amf> properties(String what, boolean mayEndWithRegion) {
      Map<String, Amf> properties = new LinkedHashMap<>();
      long weight = 1;
      int count = 0;
      while (true) {
        if (mayEndWithRegion && in.remaining() == 0) {
          break;
        }
        if (in.peek(0) == 0 && in.peek(1) == 0 && in.peek(2) == OBJECT_END) {
          in.skip(3);
          break;
        }
        String name =
            in.utf8(in.u16(F, what + " property name length"), F, what + " property name");
        int at = in.offset();
        int marker = in.u8(F, what + " property value");
        if (marker == OBJECT_END) {
          throw new AmfException("amf0 unexpected object-end marker at offset " + at);
        }
        AmfInput.checkEntries(count++, F, what);
        Amf value = value(marker, at);
        weight = AmfInput.checkWeight(weight + name.length() + in.weight);
        properties.put(name, value);
      }
      in.weight = weight;
      return properties;
    }

    private Amf strictArray() {
      long count = in.u32(F, "strict array count");
      if (count > in.remaining()) {
        throw new AmfException(
            "amf0 strict array count "
                + count
                + " exceeds remaining bytes at offset "
                + in.offset());
      }
      if (count > AmfLimits.MAX_ENTRIES) {
        throw new AmfException(
            "amf0 strict array has more than " + AmfLimits.MAX_ENTRIES + " entries");
      }
      int slot = reserve();
      in.enter();
      List<Amf> values = new ArrayList<>((int) count);
      long weight = 1;
      for (int i = 0; i < count; i++) {
        values.add(value());
        weight = AmfInput.checkWeight(weight + in.weight);
      }
      in.leave();
      return finish(slot, new Amf.Array(values), weight);
    }

    private Amf reference() {
      int index = in.u16(F, "reference");
      if (index >= refs.size()) {
        throw new AmfException(
            "amf0 reference " + index + " out of range (" + refs.size() + " objects)");
      }
      Amf value = refs.get(index);
      if (value == null) {
        throw new AmfException("amf0 reference " + index + " to an unfinished object (a cycle)");
      }
      in.weight = refWeights[index];
      return value;
    }

    private int reserve() {
      int slot = refs.size();
      if (slot >= AmfLimits.MAX_REFERENCES) {
        throw new AmfException(
            "amf0 reference table exceeds " + AmfLimits.MAX_REFERENCES + " entries");
      }
      refs.add(null);
      if (slot == refWeights.length) {
        refWeights = Arrays.copyOf(refWeights, slot * 2);
      }
      return slot;
    }

    private Amf finish(int slot, Amf value, long weight) {
      refs.set(slot, value);
      refWeights[slot] = weight;
      in.weight = weight;
      return value;
    }
  }
}
