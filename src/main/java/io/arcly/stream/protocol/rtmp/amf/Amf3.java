package io.arcly.stream.protocol.rtmp.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF3 codec (Adobe "AMF 3 Specification"), used standalone and behind the AMF0 avmplus marker.
 *
 * <h2>Decoding</h2>
 *
 * <p>All eighteen markers are read. Integers become {@link Amf.Num}; xml and xml-doc become {@link
 * Amf.Xml}; dates become {@link Amf.Date} with time zone 0; arrays with only a dense part become
 * {@link Amf.Array}, arrays with an associative part become {@link Amf.Ecma} holding the
 * associative entries followed by the dense ones under the keys {@code "0"}, {@code "1"}, ...;
 * objects become {@link Amf.Obj} when their class name is empty and {@link Amf.Typed} otherwise
 * (sealed members first, then dynamic ones); externalizable objects are refused; vectors become
 * {@link Amf.Array} (of {@link Amf.Num} for the number vectors; the fixed flag and the object type
 * name are dropped).
 *
 * <p>Dictionaries become {@link Amf.Ecma}: a string key is used as it is, a number key as its
 * integer digits when integral ({@code 3}, not {@code 3.0}) and in Java's {@code Double.toString}
 * form otherwise, a boolean key as {@code true}/{@code false}, null and undefined keys as {@code
 * null}/{@code undefined}; any other key (an object, an array, a date ...) is refused. Later
 * entries replace earlier ones with the same key; the weak-keys flag is dropped.
 *
 * <p>A decode run keeps the three reference tables of the specification (strings, objects, traits);
 * an object or array is entered into the object table before its members are read, and a reference
 * to an object still being read (a cycle, which the immutable value model cannot express) is
 * refused. A reference returns the same instance. The limits of {@link AmfLimits} apply: nesting at
 * most {@value AmfLimits#MAX_DEPTH} deep, at most {@value AmfLimits#MAX_ENTRIES} entries per
 * container, at most {@value AmfLimits#MAX_REFERENCES} entries per reference table and a bounded
 * expanded size; every U29 length or count is checked against the remaining bytes before anything
 * is allocated. Any malformed input is an {@link AmfException}.
 *
 * <h2>Encoding</h2>
 *
 * <p>The encoder writes no references. Whole numbers from -2<sup>28</sup> to 2<sup>28</sup>-1
 * (except -0) are written as integers, other numbers as doubles; {@link Amf.Xml} as xml (0x0B);
 * {@link Amf.Date} as a date (its time zone is lost); {@link Amf.Ecma} as an array with an empty
 * dense part (so an empty ECMA array reads back as an empty {@link Amf.Array}); {@link Amf.Obj} as
 * a dynamic anonymous object; {@link Amf.Typed} as a sealed object of its class; {@link
 * Amf.Unsupported}, which AMF3 lacks, as undefined. Empty dynamic property names and values nested
 * deeper than {@value AmfLimits#MAX_DEPTH} are refused with an {@link IllegalArgumentException}.
 */
public final class Amf3 {
  static final int UNDEFINED = 0x00;
  static final int NULL = 0x01;
  static final int FALSE = 0x02;
  static final int TRUE = 0x03;
  static final int INTEGER = 0x04;
  static final int DOUBLE = 0x05;
  static final int STRING = 0x06;
  static final int XML_DOC = 0x07;
  static final int DATE = 0x08;
  static final int ARRAY = 0x09;
  static final int OBJECT = 0x0A;
  static final int XML = 0x0B;
  static final int BYTE_ARRAY = 0x0C;
  static final int VECTOR_INT = 0x0D;
  static final int VECTOR_UINT = 0x0E;
  static final int VECTOR_DOUBLE = 0x0F;
  static final int VECTOR_OBJECT = 0x10;
  static final int DICTIONARY = 0x11;

  /** The largest value a U29 holds. */
  static final int U29_MAX = 0x1FFFFFFF;

  private static final int INT_MIN = -(1 << 28);
  private static final int INT_MAX = (1 << 28) - 1;
  private static final String F = "amf3";

  private Amf3() {}

  /**
   * Decodes consecutive AMF3 values until the region {@code buf[offset, offset+length)} ends.
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
   * Decodes consecutive AMF3 values filling the whole of {@code buf}.
   *
   * @throws AmfException if the bytes are malformed or break a limit of {@link AmfLimits}
   */
  public static List<Amf> decodeAll(byte[] buf) {
    return decodeAll(buf, 0, buf.length);
  }

  /**
   * Encodes the values one after another in AMF3.
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

  /** Appends the AMF3 encoding of {@code value} to {@code out}. */
  public static void encode(Amf value, ByteArrayOutputStream out) {
    write(value, out, 0);
  }

  /** Writes {@code value} at nesting {@code depth} (containers around it). */
  static void write(Amf value, ByteArrayOutputStream out, int depth) {
    switch (value) {
      case Amf.Undefined u -> out.write(UNDEFINED);
      case Amf.Unsupported u -> out.write(UNDEFINED);
      case Amf.Null n -> out.write(NULL);
      case Amf.Bool b -> out.write(b.value() ? TRUE : FALSE);
      case Amf.Num n -> writeNumber(n.value(), out);
      case Amf.Str s -> {
        out.write(STRING);
        writeString(s.value(), out);
      }
      case Amf.Xml x -> {
        out.write(XML);
        writeString(x.value(), out);
      }
      case Amf.Date d -> {
        out.write(DATE);
        writeU29(1, out);
        AmfOutput.f64(out, d.millis());
      }
      case Amf.Bytes b -> {
        out.write(BYTE_ARRAY);
        writeU29(inlineHeader(b.length(), "byte array"), out);
        out.writeBytes(b.value());
      }
      case Amf.Array a -> {
        int inner = AmfOutput.enter(depth);
        out.write(ARRAY);
        writeU29(inlineHeader(a.values().size(), "array"), out);
        writeU29(1, out); // no associative part
        for (Amf v : a.values()) {
          write(v, out, inner);
        }
      }
      case Amf.Ecma e -> {
        int inner = AmfOutput.enter(depth);
        out.write(ARRAY);
        writeU29(1, out); // empty dense part
        writeDynamic(e.properties(), out, inner);
      }
      case Amf.Obj o -> {
        int inner = AmfOutput.enter(depth);
        out.write(OBJECT);
        writeU29(0x0B, out); // inline object, inline traits, dynamic, no sealed members
        writeString("", out); // anonymous
        writeDynamic(o.properties(), out, inner);
      }
      case Amf.Typed t -> {
        int inner = AmfOutput.enter(depth);
        int sealed = t.properties().size();
        if (sealed > (U29_MAX >>> 4)) {
          throw new IllegalArgumentException("amf3 typed object has too many properties");
        }
        out.write(OBJECT);
        writeU29((sealed << 4) | 0x03, out); // inline object, inline traits, sealed members only
        writeString(t.className(), out);
        for (String name : t.properties().keySet()) {
          writeString(name, out);
        }
        for (Amf v : t.properties().values()) {
          write(v, out, inner);
        }
      }
    }
  }

  private static void writeDynamic(
      Map<String, Amf> properties, ByteArrayOutputStream out, int depth) {
    for (Map.Entry<String, Amf> e : properties.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException("amf3 cannot encode an empty dynamic property name");
      }
      writeString(e.getKey(), out);
      write(e.getValue(), out, depth);
    }
    writeString("", out);
  }

  private static void writeNumber(double d, ByteArrayOutputStream out) {
    boolean negativeZero = Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
    if (d >= INT_MIN && d <= INT_MAX && d == Math.rint(d) && !negativeZero) {
      out.write(INTEGER);
      writeU29(((int) d) & U29_MAX, out);
    } else {
      out.write(DOUBLE);
      AmfOutput.f64(out, d);
    }
  }

  /** Writes an inline UTF-8-vr string (length header, then the bytes). */
  private static void writeString(String s, ByteArrayOutputStream out) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeU29(inlineHeader(utf8.length, "string"), out);
    out.writeBytes(utf8);
  }

  private static int inlineHeader(int length, String what) {
    if (length > (U29_MAX >>> 1)) {
      throw new IllegalArgumentException("amf3 " + what + " too long: " + length);
    }
    return (length << 1) | 1;
  }

  /** Writes {@code v} (0 to {@link #U29_MAX}) as a variable-length U29. */
  static void writeU29(int v, ByteArrayOutputStream out) {
    if (v < 0 || v > U29_MAX) {
      throw new IllegalArgumentException("u29 out of range: " + v);
    }
    if (v < 0x80) {
      out.write(v);
    } else if (v < 0x4000) {
      out.write((v >>> 7) | 0x80);
      out.write(v & 0x7F);
    } else if (v < 0x200000) {
      out.write((v >>> 14) | 0x80);
      out.write(((v >>> 7) & 0x7F) | 0x80);
      out.write(v & 0x7F);
    } else {
      out.write((v >>> 22) | 0x80);
      out.write(((v >>> 15) & 0x7F) | 0x80);
      out.write(((v >>> 8) & 0x7F) | 0x80);
      out.write(v & 0xFF);
    }
  }

  /** An AMF3 class description: name, dynamic flag and sealed member names. */
  private record Traits(String className, boolean dynamic, List<String> members) {}

  /** Reads AMF3 values from a shared input, keeping the three reference tables of one run. */
  static final class Decoder {
    private final AmfInput in;
    private final List<String> strings = new ArrayList<>();
    private final List<Traits> traits = new ArrayList<>();
    private final List<Amf> objects = new ArrayList<>(); // null: still being read
    private long[] objectWeights = new long[16];

    Decoder(AmfInput in) {
      this.in = in;
    }

    /** Reads one value (marker and body); its weight is left in {@link AmfInput#weight}. */
    Amf value() {
      int at = in.offset();
      int marker = in.u8(F, "marker");
      in.weight = 1;
      return switch (marker) {
        case UNDEFINED -> Amf.UNDEFINED;
        case NULL -> Amf.NULL;
        case FALSE -> new Amf.Bool(false);
        case TRUE -> new Amf.Bool(true);
        case INTEGER -> new Amf.Num((u29("integer") << 3) >> 3);
        case DOUBLE -> new Amf.Num(in.f64(F, "double"));
        case STRING -> {
          String s = string("string");
          in.weight = 1 + s.length();
          yield new Amf.Str(s);
        }
        case XML_DOC, XML -> xml();
        case DATE -> date();
        case ARRAY -> array();
        case OBJECT -> object();
        case BYTE_ARRAY -> byteArray();
        case VECTOR_INT, VECTOR_UINT, VECTOR_DOUBLE -> numberVector(marker);
        case VECTOR_OBJECT -> objectVector();
        case DICTIONARY -> dictionary();
        default ->
            throw new AmfException(
                String.format("amf3 unknown marker 0x%02x at offset %d", marker, at));
      };
    }

    private int u29(String what) {
      int result = 0;
      for (int i = 0; i < 3; i++) {
        int b = in.u8(F, what);
        if ((b & 0x80) == 0) {
          return (result << 7) | b;
        }
        result = (result << 7) | (b & 0x7F);
      }
      return (result << 8) | in.u8(F, what);
    }

    /** Reads a UTF-8-vr string: inline (entered into the string table unless empty) or a ref. */
    private String string(String what) {
      int header = u29(what);
      int value = header >>> 1;
      if ((header & 1) == 0) {
        if (value >= strings.size()) {
          throw new AmfException(
              "amf3 string reference " + value + " out of range (" + strings.size() + " strings)");
        }
        return strings.get(value);
      }
      if (value == 0) {
        return "";
      }
      String s = in.utf8(value, F, what);
      if (strings.size() >= AmfLimits.MAX_REFERENCES) {
        throw tableFull("string");
      }
      strings.add(s);
      return s;
    }

    /** Resolves an object-table reference header (low bit 0). */
    private Amf objectRef(int header) {
      int index = header >>> 1;
      if (index >= objects.size()) {
        throw new AmfException(
            "amf3 object reference " + index + " out of range (" + objects.size() + " objects)");
      }
      Amf value = objects.get(index);
      if (value == null) {
        throw new AmfException(
            "amf3 object reference " + index + " to an unfinished object (a cycle)");
      }
      in.weight = objectWeights[index];
      return value;
    }

    private int reserve() {
      int slot = objects.size();
      if (slot >= AmfLimits.MAX_REFERENCES) {
        throw tableFull("object");
      }
      objects.add(null);
      if (slot == objectWeights.length) {
        objectWeights = Arrays.copyOf(objectWeights, slot * 2);
      }
      return slot;
    }

    private Amf finish(int slot, Amf value, long weight) {
      objects.set(slot, value);
      objectWeights[slot] = weight;
      in.weight = weight;
      return value;
    }

    private static AmfException tableFull(String table) {
      return new AmfException(
          "amf3 " + table + " reference table exceeds " + AmfLimits.MAX_REFERENCES + " entries");
    }

    /** Throws unless {@code count} entries of at least {@code perEntry} bytes each can follow. */
    private void checkCount(String what, long count, long perEntry) {
      if (count * perEntry > in.remaining()) {
        throw new AmfException(
            "amf3 "
                + what
                + " count "
                + count
                + " exceeds remaining bytes at offset "
                + in.offset());
      }
      if (count > AmfLimits.MAX_ENTRIES) {
        throw new AmfException(
            "amf3 " + what + " has more than " + AmfLimits.MAX_ENTRIES + " entries");
      }
    }

    private Amf xml() {
      int header = u29("xml length");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      String text = in.utf8(header >>> 1, F, "xml");
      int slot = reserve();
      return finish(slot, new Amf.Xml(text), 1 + text.length());
    }

    private Amf date() {
      int header = u29("date header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      double millis = in.f64(F, "date");
      int slot = reserve();
      return finish(slot, new Amf.Date(millis, 0), 1);
    }

    private Amf byteArray() {
      int header = u29("byte array length");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      byte[] bytes = in.bytes(header >>> 1, F, "byte array");
      int slot = reserve();
      return finish(slot, new Amf.Bytes(bytes), 1 + bytes.length);
    }

    private Amf array() {
      int header = u29("array header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      int dense = header >>> 1;
      int slot = reserve();
      in.enter();
      Map<String, Amf> assoc = new LinkedHashMap<>();
      long weight = 1;
      int count = 0;
      while (true) {
        String key = string("array key");
        if (key.isEmpty()) {
          break;
        }
        AmfInput.checkEntries(count++, F, "array");
        Amf v = value();
        weight = AmfInput.checkWeight(weight + key.length() + in.weight);
        assoc.put(key, v);
      }
      checkCount("array", dense, 1);
      AmfInput.checkEntries(dense + count - 1, F, "array");
      List<Amf> values = new ArrayList<>(dense);
      for (int i = 0; i < dense; i++) {
        values.add(value());
        weight = AmfInput.checkWeight(weight + in.weight);
      }
      in.leave();
      if (assoc.isEmpty()) {
        return finish(slot, new Amf.Array(values), weight);
      }
      for (int i = 0; i < dense; i++) {
        String key = Integer.toString(i);
        assoc.put(key, values.get(i));
        weight = AmfInput.checkWeight(weight + key.length());
      }
      return finish(slot, new Amf.Ecma(assoc), weight);
    }

    private Amf object() {
      int header = u29("object header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      Traits t;
      if ((header & 2) == 0) {
        int index = header >>> 2;
        if (index >= traits.size()) {
          throw new AmfException(
              "amf3 traits reference " + index + " out of range (" + traits.size() + " traits)");
        }
        t = traits.get(index);
      } else {
        if ((header & 4) != 0) {
          throw new AmfException("amf3 externalizable object not supported");
        }
        boolean dynamic = (header & 8) != 0;
        int sealed = header >>> 4;
        String className = string("class name");
        checkCount("sealed member", sealed, 1);
        List<String> names = new ArrayList<>(sealed);
        for (int i = 0; i < sealed; i++) {
          names.add(string("member name"));
        }
        if (traits.size() >= AmfLimits.MAX_REFERENCES) {
          throw tableFull("traits");
        }
        t = new Traits(className, dynamic, List.copyOf(names));
        traits.add(t);
      }
      int slot = reserve();
      in.enter();
      Map<String, Amf> properties = new LinkedHashMap<>();
      long weight = 1 + t.className().length();
      int count = 0;
      for (String name : t.members()) {
        AmfInput.checkEntries(count++, F, "object");
        Amf v = value();
        weight = AmfInput.checkWeight(weight + name.length() + in.weight);
        properties.put(name, v);
      }
      if (t.dynamic()) {
        while (true) {
          String name = string("member name");
          if (name.isEmpty()) {
            break;
          }
          AmfInput.checkEntries(count++, F, "object");
          Amf v = value();
          weight = AmfInput.checkWeight(weight + name.length() + in.weight);
          properties.put(name, v);
        }
      }
      in.leave();
      Amf result =
          t.className().isEmpty()
              ? new Amf.Obj(properties)
              : new Amf.Typed(t.className(), properties);
      return finish(slot, result, weight);
    }

    private Amf numberVector(int marker) {
      int header = u29("vector header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      int count = header >>> 1;
      in.u8(F, "vector fixed flag");
      int size = marker == VECTOR_DOUBLE ? 8 : 4;
      checkCount("vector", count, size);
      List<Amf> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        double d =
            switch (marker) {
              case VECTOR_INT -> (int) in.u32(F, "vector");
              case VECTOR_UINT -> in.u32(F, "vector");
              default -> in.f64(F, "vector");
            };
        values.add(new Amf.Num(d));
      }
      int slot = reserve();
      return finish(slot, new Amf.Array(values), 1L + count);
    }

    private Amf objectVector() {
      int header = u29("vector header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      int count = header >>> 1;
      in.u8(F, "vector fixed flag");
      string("vector type name");
      checkCount("vector", count, 1);
      int slot = reserve();
      in.enter();
      List<Amf> values = new ArrayList<>(count);
      long weight = 1;
      for (int i = 0; i < count; i++) {
        values.add(value());
        weight = AmfInput.checkWeight(weight + in.weight);
      }
      in.leave();
      return finish(slot, new Amf.Array(values), weight);
    }

    private Amf dictionary() {
      int header = u29("dictionary header");
      if ((header & 1) == 0) {
        return objectRef(header);
      }
      int count = header >>> 1;
      in.u8(F, "dictionary weak keys flag");
      checkCount("dictionary", count, 2);
      int slot = reserve();
      in.enter();
      Map<String, Amf> entries = new LinkedHashMap<>();
      long weight = 1;
      for (int i = 0; i < count; i++) {
        int at = in.offset();
        String key = dictionaryKey(value(), at);
        Amf v = value();
        weight = AmfInput.checkWeight(weight + key.length() + in.weight);
        entries.put(key, v);
      }
      in.leave();
      return finish(slot, new Amf.Ecma(entries), weight);
    }

    private static String dictionaryKey(Amf key, int at) {
      return switch (key) {
        case Amf.Str s -> s.value();
        case Amf.Num n -> numberKey(n.value());
        case Amf.Bool b -> Boolean.toString(b.value());
        case Amf.Null n -> "null";
        case Amf.Undefined u -> "undefined";
        default ->
            throw new AmfException(
                "amf3 dictionary key of type "
                    + key.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " not supported at offset "
                    + at);
      };
    }

    private static String numberKey(double d) {
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
  }
}
