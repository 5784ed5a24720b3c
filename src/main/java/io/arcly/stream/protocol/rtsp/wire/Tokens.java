package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Text;

/** Character classes and small parsers shared by the codecs. */
final class Tokens {
  private Tokens() {}

  /** RFC 2616 token characters, which RFC 2326 uses for methods and header names. */
  static boolean isTokenChar(int c) {
    return c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Peer text quoted for a message: cut and made printable. */
  static String quote(String s) {
    return "\"" + Text.printable(s == null ? "" : s, 64) + "\"";
  }

  /**
   * A decimal number from 0 to {@code max}, or -1 when {@code s} is not one (empty, a sign, other
   * characters, too long).
   */
  static long number(String s, long max) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }

  /**
   * Splits {@code s} at {@code sep} outside double quotes; a backslash inside quotes escapes the
   * next character. Parts are trimmed of spaces and tabs.
   */
  static java.util.List<String> split(String s, char sep) {
    java.util.List<String> out = new java.util.ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == sep && !quoted) {
        out.add(trim(s.substring(start, i)));
        start = i + 1;
      }
    }
    out.add(trim(s.substring(start)));
    return out;
  }

  /**
   * {@code s} cut at every {@code sep}, empty parts kept, as {@code String.split(sep, -1)} would
   * without a regular expression (cheaper, and invisible to a fuzzer's regular-expression hooks).
   */
  static String[] cut(String s, char sep) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, start)) {
      out.add(s.substring(start, i));
      start = i + 1;
    }
    out.add(s.substring(start));
    return out.toArray(new String[0]);
  }

  /** Whether every double quote of {@code s} is closed (a backslash escapes inside quotes). */
  static boolean balanced(String s) {
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      }
    }
    return !quoted;
  }

  /** {@code s} without leading and trailing spaces and tabs. */
  static String trim(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
      a++;
    }
    while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
      b--;
    }
    return s.substring(a, b);
  }

  /** {@code s} without one pair of surrounding double quotes, and its escapes undone. */
  static String unquote(String s) {
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() - 1) {
          c = s.charAt(++i);
        }
        b.append(c);
      }
      return b.toString();
    }
    return s;
  }
}
