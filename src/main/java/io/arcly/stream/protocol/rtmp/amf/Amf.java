package io.arcly.stream.protocol.rtmp.amf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable AMF value, as read from or written to AMF0 and AMF3.
 *
 * <p>Maps keep insertion order and, like lists, are unmodifiable; the compact constructors copy
 * what they are given and reject {@code null} keys, values and elements. {@link Bytes} compares its
 * content.
 */
public sealed interface Amf {
  /** The null value. */
  Null NULL = new Null();

  /** The undefined value. */
  Undefined UNDEFINED = new Undefined();

  /** The unsupported value (AMF0 marker 0x0D). */
  Unsupported UNSUPPORTED = new Unsupported();

  /**
   * A number (AMF0 number, AMF3 integer or double).
   *
   * @param value the number
   */
  record Num(double value) implements Amf {}

  /**
   * A boolean.
   *
   * @param value the boolean
   */
  record Bool(boolean value) implements Amf {}

  /**
   * A string (AMF0 string or long string, AMF3 string).
   *
   * @param value the text
   */
  record Str(String value) implements Amf {
    /** Rejects a {@code null} value. */
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The null value; use {@link Amf#NULL}. */
  record Null() implements Amf {}

  /** The undefined value; use {@link Amf#UNDEFINED}. */
  record Undefined() implements Amf {}

  /**
   * An anonymous object.
   *
   * @param properties the properties in wire order
   */
  record Obj(Map<String, Amf> properties) implements Amf {
    /** Copies the properties into an unmodifiable insertion-ordered map. */
    public Obj {
      properties = copyOf(properties);
    }
  }

  /**
   * An ECMA (associative) array.
   *
   * @param properties the entries in wire order
   */
  record Ecma(Map<String, Amf> properties) implements Amf {
    /** Copies the properties into an unmodifiable insertion-ordered map. */
    public Ecma {
      properties = copyOf(properties);
    }
  }

  /**
   * An object of a named class (AMF0 typed object, AMF3 object with a class name).
   *
   * @param className the class name
   * @param properties the properties in wire order
   */
  record Typed(String className, Map<String, Amf> properties) implements Amf {
    /** Copies the properties into an unmodifiable insertion-ordered map. */
    public Typed {
      Objects.requireNonNull(className, "className");
      properties = copyOf(properties);
    }
  }

  /**
   * A strict (dense) array.
   *
   * @param values the elements
   */
  record Array(List<Amf> values) implements Amf {
    /** Copies the values into an unmodifiable list. */
    public Array {
      values = List.copyOf(values);
    }
  }

  /**
   * A date: milliseconds since the epoch (UTC) and a time zone offset in minutes.
   *
   * @param millis milliseconds since 1970-01-01T00:00Z
   * @param timezoneMinutes the time zone offset AMF0 carries (AMF3 has none: 0)
   */
  record Date(double millis, int timezoneMinutes) implements Amf {}

  /**
   * An XML document as text (AMF0 xml-document, AMF3 xml and xml-doc).
   *
   * @param value the XML text
   */
  record Xml(String value) implements Amf {
    /** Rejects a {@code null} value. */
    public Xml {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * An AMF3 byte array; the bytes are copied in and out, and equality compares content.
   *
   * @param value the bytes
   */
  record Bytes(byte[] value) implements Amf {
    /** Copies the bytes. */
    public Bytes {
      value = value.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The number of bytes. */
    public int length() {
      return value.length;
    }

    /** Whether {@code o} is a {@code Bytes} with the same content. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    /** A hash of the content. */
    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    /** The length and the first bytes in hex. */
    @Override
    public String toString() {
      int shown = Math.min(value.length, 32);
      return "Bytes["
          + value.length
          + " bytes: "
          + HexFormat.of().formatHex(value, 0, shown)
          + (shown < value.length ? "...]" : "]");
    }
  }

  /** The unsupported value; use {@link Amf#UNSUPPORTED}. */
  record Unsupported() implements Amf {}

  /** A string value. */
  static Str str(String value) {
    return new Str(value);
  }

  /** A number value. */
  static Num num(double value) {
    return new Num(value);
  }

  /** A boolean value. */
  static Bool bool(boolean value) {
    return new Bool(value);
  }

  /** An anonymous object from alternating {@code String} keys and {@code Amf} values. */
  static Obj obj(Object... keyValuePairs) {
    return new Obj(pairs(keyValuePairs));
  }

  /** An ECMA array from alternating {@code String} keys and {@code Amf} values. */
  static Ecma ecma(Object... keyValuePairs) {
    return new Ecma(pairs(keyValuePairs));
  }

  /** The value of a {@link Str}, otherwise {@code null}. */
  default String asString() {
    return this instanceof Str s ? s.value() : null;
  }

  /** The value of a {@link Num}, otherwise {@code fallback}. */
  default double asNumber(double fallback) {
    return this instanceof Num n ? n.value() : fallback;
  }

  /** The properties of an {@link Obj}, {@link Ecma} or {@link Typed}, otherwise an empty map. */
  default Map<String, Amf> properties() {
    return Map.of();
  }

  /** The property {@code name}, or {@code null} if absent or this value has no properties. */
  default Amf get(String name) {
    return properties().get(name);
  }

  /** The string value of the property {@code name}, or {@code null} if absent or not a string. */
  default String string(String name) {
    Amf value = get(name);
    return value == null ? null : value.asString();
  }

  /**
   * This value as plain Java: {@link Double}, {@link Boolean}, {@link String} (strings and XML),
   * {@code null} (null, undefined, unsupported), an unmodifiable insertion-ordered {@code
   * Map<String, Object>} (objects, ECMA arrays, typed objects; values may be {@code null}), an
   * unmodifiable {@code List<Object>} (arrays), an {@link Instant} (dates; {@code null} if the
   * millis are not finite) or a {@code byte[]} copy.
   */
  default Object toJava() {
    return switch (this) {
      case Num n -> n.value();
      case Bool b -> b.value();
      case Str s -> s.value();
      case Xml x -> x.value();
      case Null n -> null;
      case Undefined u -> null;
      case Unsupported u -> null;
      case Obj o -> javaMap(o.properties());
      case Ecma e -> javaMap(e.properties());
      case Typed t -> javaMap(t.properties());
      case Array a -> {
        List<Object> list = new ArrayList<>(a.values().size());
        for (Amf v : a.values()) {
          list.add(v.toJava());
        }
        yield Collections.unmodifiableList(list);
      }
      case Date d -> instant(d.millis());
      case Bytes b -> b.value();
    };
  }

  private static Map<String, Object> javaMap(Map<String, Amf> properties) {
    Map<String, Object> map = new LinkedHashMap<>();
    properties.forEach((k, v) -> map.put(k, v.toJava()));
    return Collections.unmodifiableMap(map);
  }

  private static Instant instant(double millis) {
    if (!Double.isFinite(millis)) {
      return null;
    }
    double whole = Math.floor(millis);
    long nanos = Math.round((millis - whole) * 1_000_000d);
    return Instant.ofEpochMilli((long) whole).plusNanos(nanos);
  }

  private static Map<String, Amf> copyOf(Map<String, Amf> properties) {
    Map<String, Amf> copy = new LinkedHashMap<>(properties);
    copy.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "property name");
          Objects.requireNonNull(v, "property value");
        });
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, Amf> pairs(Object... keyValuePairs) {
    if (keyValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of key/value arguments");
    }
    Map<String, Amf> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValuePairs.length; i += 2) {
      if (!(keyValuePairs[i] instanceof String key)) {
        throw new IllegalArgumentException("argument " + i + " is not a String key");
      }
      if (!(keyValuePairs[i + 1] instanceof Amf value)) {
        throw new IllegalArgumentException("argument " + (i + 1) + " is not an Amf value");
      }
      map.put(key, value);
    }
    return map;
  }
}
