package io.arcly.stream.rtp.sdp;

import io.arcly.stream.media.Text;

/** Checks and splits shared by the parser and the value types. */
final class Lines {
  private Lines() {}

  /** The fields of a value separated by spaces (runs of them, as cameras write). */
  static String[] fields(String value) {
    java.util.List<String> out = new java.util.ArrayList<>(8);
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && isBlank(value.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isBlank(value.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(value.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  /**
   * {@code s} cut at every {@code sep}, empty parts kept, as {@code String.split(sep, -1)} would
   * without a regular expression (cheaper, and invisible to a fuzzer's regular-expression hooks).
   */
  static java.util.List<String> split(String s, char sep) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, start)) {
      out.add(s.substring(start, i));
      start = i + 1;
    }
    out.add(s.substring(start));
    return out;
  }

  /** The first field of a value (up to a space or tab), without splitting the rest. */
  static String firstField(String value) {
    int i = 0;
    int n = value.length();
    while (i < n && isBlank(value.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < n && !isBlank(value.charAt(i))) {
      i++;
    }
    return value.substring(start, i);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Whether two attribute names are equal ignoring ASCII case. The lengths are compared first, by
   * hand: lookups compare every attribute's name, and under a fuzzer's hooks each string comparison
   * made costs an allocation.
   */
  static boolean sameName(String a, String b) {
    return a.length() == b.length() && a.equalsIgnoreCase(b);
  }

  /** RFC 8866 token characters. */
  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Checks a one-word field: not empty, no space, no control character. */
  static void word(String what, String s) {
    if (s == null || s.isEmpty()) {
      throw new SdpException(what + " is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new SdpException(what + " " + quote(s) + " holds a space or control character");
      }
    }
  }

  /** Checks free text: no CR, LF or NUL, which would break the line. */
  static void text(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new SdpException(what + " holds a line break or nul");
      }
    }
  }

  /** An error on {@code line}, or tied to no line when it is 0 (a value parsed on its own). */
  static SdpException error(int line, String problem) {
    return line > 0 ? new SdpException(line, problem) : new SdpException(problem);
  }

  /** A decimal number from 0 to {@code max}. */
  static long number(int line, String what, String s, long max) {
    if (s.isEmpty() || s.length() > 18) {
      throw error(line, what + " " + quote(s) + " is not a number");
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw error(line, what + " " + quote(s) + " is not a number");
      }
      v = v * 10 + (c - '0');
    }
    if (v > max) {
      throw error(line, what + " " + quote(s) + " is larger than " + max);
    }
    return v;
  }

  /** Peer text quoted for a message, cut and made printable. */
  static String quote(String s) {
    return "\"" + Text.printable(s == null ? "" : s, 64) + "\"";
  }
}
