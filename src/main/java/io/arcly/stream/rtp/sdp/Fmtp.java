package io.arcly.stream.rtp.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code fmtp} attribute (RFC 8866 section 6.15): the format parameters of one payload type,
 * such as {@code 96 packetization-mode=1; sprop-parameter-sets=Z0IAHpWoKA9k,aM48gA==}.
 *
 * <p>Parameters are separated by {@code ;} with any spaces around them, a trailing {@code ;} is
 * ignored, names are lower-cased (RFC 6184 and RFC 3640 names are case-insensitive) and values kept
 * as written; a value may hold {@code =} (base64 padding). A parameter without {@code =} (the
 * {@code 0-15} of telephone-event) is a name with an empty value. A repeated name keeps its first
 * value.
 *
 * @param format the format (an RTP payload type for RTP media)
 * @param parameters the parameters in the order written, names lower-cased
 */
public record Fmtp(String format, Map<String, String> parameters) {
  /** Copies the parameters, keeping their order, and checks the format is a word. */
  public Fmtp {
    Lines.word("fmtp format", format);
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.indexOf(';') >= 0 || name.indexOf('=') >= 0) {
        throw new SdpException("fmtp parameter name " + Lines.quote(name) + " is not valid");
      }
      Lines.text("fmtp parameter " + name, name);
      String v = e.getValue();
      if (v.indexOf(';') >= 0) {
        throw new SdpException("fmtp parameter " + name + " holds a semicolon");
      }
      Lines.text("fmtp parameter " + name, v);
      copy.putIfAbsent(name, v);
    }
    parameters = Collections.unmodifiableMap(copy);
  }

  /** Parses the value of an {@code fmtp} attribute. */
  public static Fmtp parse(String value) {
    return parse(0, value);
  }

  static Fmtp parse(int line, String value) {
    String v = value.strip();
    int space = indexOfSpace(v);
    String format = space < 0 ? v : v.substring(0, space);
    if (format.isEmpty()) {
      throw Lines.error(line, "fmtp without a format");
    }
    LinkedHashMap<String, String> params = new LinkedHashMap<>();
    if (space >= 0) {
      for (String part : Lines.split(v.substring(space + 1), ';')) {
        String p = part.strip();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String name = (eq < 0 ? p : p.substring(0, eq).strip()).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          continue; // "=x": no name to file it under
        }
        params.putIfAbsent(name, eq < 0 ? "" : p.substring(eq + 1).strip());
      }
    }
    return new Fmtp(format, params);
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(format);
    String sep = " ";
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      b.append(sep).append(e.getKey());
      if (!e.getValue().isEmpty()) {
        b.append('=').append(e.getValue());
      }
      sep = ";";
    }
    return b.toString();
  }
}
