package io.arcly.stream.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits one direction of a captured RTSP connection into what was sent: messages (a head and its
 * body, by {@code Content-Length}) and interleaved frames ({@code $}, channel, 16-bit length). It
 * reads the capture on its own, leniently, without the server's decoder under test: whatever does
 * not split (a head that never ends, bytes that start neither a message nor a frame) becomes one
 * raw unit holding the rest, sent as it is.
 */
final class RtspUnits {
  /** What a unit is. */
  enum Kind {
    MESSAGE,
    FRAME,
    RAW
  }

  /**
   * One unit of the stream.
   *
   * @param kind message, interleaved frame or raw rest
   * @param timestampMicros capture time of the chunk the unit starts in
   * @param bytes the unit's bytes as captured
   * @param headLength for a message, the length of its start line and headers (blank line included)
   */
  record Unit(Kind kind, long timestampMicros, byte[] bytes, int headLength) {
    /** The head as text (ISO-8859-1), or empty for frames and raw units. */
    String head() {
      return kind == Kind.MESSAGE
          ? new String(bytes, 0, headLength, StandardCharsets.ISO_8859_1)
          : "";
    }

    /** The body of a message. */
    byte[] body() {
      return java.util.Arrays.copyOfRange(bytes, headLength, bytes.length);
    }

    /** The first word of the start line: a method, or {@code RTSP/1.0} for a response. */
    String method() {
      String h = head();
      int sp = h.indexOf(' ');
      return sp < 0 ? "" : h.substring(0, sp);
    }

    /** A response's status, or -1. */
    int status() {
      String h = head();
      if (!h.startsWith("RTSP/")) {
        return -1;
      }
      String[] parts = h.split("[ \r\n]", 3);
      try {
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** The value of the first header named {@code name} (case-insensitive), or null. */
    String header(String name) {
      return RtspUnits.header(head(), name);
    }

    /** The CSeq, or -1. */
    long cseq() {
      String v = header("CSeq");
      try {
        return v == null ? -1 : Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** An interleaved frame's channel. */
    int channel() {
      return bytes[1] & 0xFF;
    }
  }

  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?im)^content-length[ \t]*:[ \t]*(\\d+)[ \t]*\r?$");

  private RtspUnits() {}

  /** The units of {@code chunks} (one direction's data with capture times), in order. */
  static List<Unit> split(List<io.arcly.stream.conformance.pcap.Chunk> chunks) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    List<long[]> starts = new ArrayList<>(); // {offset, timestamp}
    for (var c : chunks) {
      starts.add(new long[] {all.size(), c.timestampMicros()});
      all.writeBytes(c.data());
    }
    byte[] b = all.toByteArray();
    List<Unit> out = new ArrayList<>();
    int p = 0;
    while (p < b.length) {
      long ts = timeAt(starts, p);
      int c = b[p] & 0xFF;
      if (c == '\r' || c == '\n') {
        p++;
        continue;
      }
      if (c == '$') {
        if (p + 4 > b.length) {
          out.add(new Unit(Kind.RAW, ts, java.util.Arrays.copyOfRange(b, p, b.length), 0));
          break;
        }
        int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
        int end = Math.min(b.length, p + 4 + len);
        out.add(new Unit(Kind.FRAME, ts, java.util.Arrays.copyOfRange(b, p, end), 0));
        p = end;
        continue;
      }
      int headEnd = endOfHead(b, p);
      if (c < 0x21 || c > 0x7E || headEnd < 0) {
        out.add(new Unit(Kind.RAW, ts, java.util.Arrays.copyOfRange(b, p, b.length), 0));
        break;
      }
      String head = new String(b, p, headEnd - p, StandardCharsets.ISO_8859_1);
      Matcher m = CONTENT_LENGTH.matcher(head);
      long body = m.find() ? Long.parseLong(m.group(1)) : 0;
      int end = (int) Math.min(b.length, headEnd + body);
      out.add(new Unit(Kind.MESSAGE, ts, java.util.Arrays.copyOfRange(b, p, end), headEnd - p));
      p = end;
    }
    return out;
  }

  private static long timeAt(List<long[]> starts, int offset) {
    long ts = starts.isEmpty() ? 0 : starts.get(0)[1];
    for (long[] s : starts) {
      if (s[0] > offset) {
        break;
      }
      ts = s[1];
    }
    return ts;
  }

  /** Just past the blank line ending the head starting at {@code from}, or -1. */
  private static int endOfHead(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      if (i + 1 < b.length && b[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** The value of header {@code name} in {@code head}, or null. */
  static String header(String head, String name) {
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** The session id of a Session header value (without {@code ;timeout=}). */
  static String sessionId(String value) {
    if (value == null) {
      return null;
    }
    int semi = value.indexOf(';');
    return (semi < 0 ? value : value.substring(0, semi)).trim();
  }

  /** The path of an {@code rtsp://} URL, without query; the whole string when it is not one. */
  static String path(String url) {
    String u = url;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
      int slash = u.indexOf('/', u.indexOf("//") + 2);
      return slash < 0 ? "/" : u.substring(slash);
    }
    return u;
  }
}
