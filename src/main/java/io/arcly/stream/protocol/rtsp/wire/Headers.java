package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The headers of an RTSP message (RFC 2326 section 4.2): names compared ignoring ASCII case, the
 * order kept, a name allowed more than once (GStreamer sends two {@code User-Agent} headers). At
 * most {@value #MAX_HEADERS} headers; names are tokens and values hold no control character but
 * tab, so every header can be written back as it was read.
 */
public final class Headers {
  /** The most headers a message may carry. */
  public static final int MAX_HEADERS = 100;

  /** No headers. */
  public static final Headers EMPTY = new Headers(List.of());

  /**
   * One header line.
   *
   * @param name the name as written, a token
   * @param value the value without surrounding white space
   */
  public record Header(String name, String value) {
    /** Checks the name is a token and the value can be written on one line. */
    public Header {
      if (!Tokens.isToken(name)) {
        throw new IllegalArgumentException("header name " + Tokens.quote(name) + " is not a token");
      }
      checkValue(name, value);
    }

    /** Whether this header is named {@code other}, ignoring case. */
    public boolean is(String other) {
      return name.equalsIgnoreCase(other);
    }
  }

  private final List<Header> entries;

  private Headers(List<Header> entries) {
    if (entries.size() > MAX_HEADERS) {
      throw new IllegalArgumentException("more than " + MAX_HEADERS + " headers");
    }
    this.entries = List.copyOf(entries);
  }

  /** Headers from alternating names and values: {@code of("CSeq", "1", "Session", "12")}. */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    List<Header> list = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
    }
    return new Headers(list);
  }

  /** Headers holding {@code entries} in order. */
  public static Headers of(List<Header> entries) {
    return new Headers(entries);
  }

  /** Every header, in order. */
  public List<Header> entries() {
    return entries;
  }

  /** The number of headers. */
  public int size() {
    return entries.size();
  }

  /** The value of the first header named {@code name}. */
  public Optional<String> get(String name) {
    for (Header h : entries) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header named {@code name}, in order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (Header h : entries) {
      if (h.is(name)) {
        out.add(h.value());
      }
    }
    return List.copyOf(out);
  }

  /** Whether a header named {@code name} is present. */
  public boolean contains(String name) {
    return get(name).isPresent();
  }

  /** These headers with {@code name: value} added after the others. */
  public Headers plus(String name, String value) {
    List<Header> list = new ArrayList<>(entries);
    list.add(new Header(name, value));
    return new Headers(list);
  }

  /**
   * These headers with every {@code name} header replaced by one {@code name: value}, where the
   * first one was, or at the end when there was none.
   */
  public Headers with(String name, String value) {
    List<Header> list = new ArrayList<>();
    boolean placed = false;
    for (Header h : entries) {
      if (!h.is(name)) {
        list.add(h);
      } else if (!placed) {
        list.add(new Header(name, value));
        placed = true;
      }
    }
    if (!placed) {
      list.add(new Header(name, value));
    }
    return new Headers(list);
  }

  /** These headers without any named {@code name}. */
  public Headers without(String name) {
    List<Header> list = new ArrayList<>();
    for (Header h : entries) {
      if (!h.is(name)) {
        list.add(h);
      }
    }
    return list.size() == entries.size() ? this : new Headers(list);
  }

  static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IllegalArgumentException(
            "header " + name + " holds character U+" + String.format("%04X", (int) c));
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && h.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
