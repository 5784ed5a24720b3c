package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the challenges of a {@code WWW-Authenticate} value and the credentials of an {@code
 * Authorization} value (RFC 7235 section 2.1): a scheme, then {@code name=value} parameters
 * separated by commas, each value a token or a quoted string; a token not followed by {@code =}
 * after a comma starts the next challenge. The Basic credentials' base64 text is a parameter
 * without a name.
 */
final class AuthParams {
  /** The most parameters one challenge or credentials may carry. */
  static final int MAX_PARAMS = 32;

  /** The most challenges one header value may carry. */
  static final int MAX_CHALLENGES = 16;

  /**
   * One scheme and its parameters, names lower-cased, in order.
   *
   * @param scheme the scheme as written
   * @param token68 the text after the scheme that is not a parameter (Basic's base64), or null
   * @param params the parameters
   */
  record Item(String scheme, String token68, Map<String, String> params) {}

  private final String s;
  private int i;

  private AuthParams(String s) {
    this.s = s;
  }

  static List<Item> parse(String value, String what) {
    return new AuthParams(value).items(what);
  }

  private List<Item> items(String what) {
    List<Item> out = new ArrayList<>();
    skip(" \t,");
    while (i < s.length()) {
      if (out.size() == MAX_CHALLENGES) {
        throw RtspException.badRequest(what + " holds more than " + MAX_CHALLENGES + " schemes");
      }
      String scheme = token();
      if (scheme.isEmpty()) {
        throw RtspException.badRequest(what + " does not start with a scheme");
      }
      skip(" \t");
      String token68 = null;
      Map<String, String> params = new LinkedHashMap<>();
      int mark = i;
      String t = token68();
      skip(" \t");
      if (!t.isEmpty() && (i >= s.length() || s.charAt(i) == ',')) {
        token68 = t;
      } else {
        i = mark;
      }
      while (i < s.length()) {
        skip(" \t,");
        int start = i;
        String name = token();
        skip(" \t");
        if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
          i = start; // the next scheme
          break;
        }
        i++;
        skip(" \t");
        String v = value(what);
        if (params.size() == MAX_PARAMS) {
          throw RtspException.badRequest(what + " has more than " + MAX_PARAMS + " parameters");
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (params.containsKey(key)) {
          throw RtspException.badRequest(what + " names " + Tokens.quote(key) + " twice");
        }
        params.put(key, v);
        skip(" \t");
        if (i < s.length() && s.charAt(i) != ',') {
          throw RtspException.badRequest(what + " lacks a comma after " + Tokens.quote(key));
        }
      }
      out.add(new Item(scheme, token68, params));
      skip(" \t,");
    }
    if (out.isEmpty()) {
      throw RtspException.badRequest(what + " is empty");
    }
    return out;
  }

  private String value(String what) {
    if (i < s.length() && s.charAt(i) == '"') {
      StringBuilder b = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\' && i < s.length()) {
          c = s.charAt(i++);
        }
        b.append(c);
      }
      throw RtspException.badRequest(what + " has an unterminated quoted string");
    }
    return token();
  }

  private String token() {
    int start = i;
    while (i < s.length() && Tokens.isTokenChar(s.charAt(i))) {
      i++;
    }
    return s.substring(start, i);
  }

  /** RFC 7235 token68: base64 characters and trailing {@code =}. */
  private String token68() {
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~+/".indexOf(c) >= 0) {
        i++;
      } else {
        break;
      }
    }
    while (i < s.length() && s.charAt(i) == '=') {
      i++;
    }
    return s.substring(start, i);
  }

  private void skip(String chars) {
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  /** {@code value} as it is when it is a token, else as a quoted string. */
  static String tokenOrQuoted(String value) {
    return Tokens.isToken(value) ? value : quoted(value);
  }

  /** {@code value} as a quoted string, escaping quotes and backslashes. */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
