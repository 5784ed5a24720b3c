package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a start line and headers (bytes up to and including the blank line) into a request or a
 * response without its body; see {@link RtspDecoder} for the rules.
 */
final class HeadParser {
  /** A parsed head and the body length it announces. */
  record Head(RtspMessage message, int contentLength) {}

  private HeadParser() {}

  /** The {@code CSeq} of a head, read leniently before anything is checked, or -1. */
  static long sniffCseq(String text) {
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl;
      if (text.regionMatches(true, from, "CSeq", 0, 4)) {
        int colon = text.indexOf(':', from + 4);
        if (colon > 0 && colon < end && text.substring(from + 4, colon).isBlank()) {
          return Tokens.number(text.substring(colon + 1, end).strip(), 0x7fffffffL);
        }
      }
      from = end + 1;
    }
    return -1;
  }

  static Head parse(String text, int maxBody) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl;
      int stop = end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
      String line = text.substring(from, stop);
      from = end + 1;
      if (line.isEmpty()) {
        break; // the blank line that ends the head
      }
      lines.add(line);
    }
    List<Headers.Header> headers = headers(lines);
    int contentLength = contentLength(headers, maxBody);
    Headers h = Headers.of(headers);
    String start = lines.get(0);
    RtspMessage m = start.startsWith("RTSP/") ? response(start, h) : request(start, h);
    return new Head(m, contentLength);
  }

  private static RtspRequest request(String line, Headers h) {
    String[] parts = splitSpaces(line);
    if (parts == null) {
      throw RtspException.badRequest(
          "request line " + Tokens.quote(line) + " is not method, uri and version");
    }
    String method = parts[0];
    if (!Tokens.isToken(method) || method.length() > 64) {
      throw RtspException.badRequest("method " + Tokens.quote(method) + " is not a token");
    }
    String uri = parts[1];
    if (uri.length() > RtspUrl.MAX_LENGTH) {
      throw new RtspException(
          414, "request uri of " + uri.length() + " bytes is longer than " + RtspUrl.MAX_LENGTH);
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c < ' ' || c >= 0x7f) {
        throw RtspException.badRequest(
            "request uri holds byte 0x" + String.format("%02x", (int) c));
      }
    }
    version(parts[2]);
    return new RtspRequest(method, uri, parts[2], h, Payload.EMPTY);
  }

  /**
   * The three parts of a request line separated by runs of spaces, or null when it has not three.
   */
  private static String[] splitSpaces(String line) {
    String[] parts = new String[3];
    int n = 0;
    int i = 0;
    while (i < line.length()) {
      int start = i;
      while (i < line.length() && line.charAt(i) != ' ') {
        i++;
      }
      if (i == start || n == 3) {
        return null; // a leading space, or a fourth part
      }
      parts[n++] = line.substring(start, i);
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
    }
    return n == 3 ? parts : null;
  }

  private static RtspResponse response(String line, Headers h) {
    int sp = line.indexOf(' ');
    String version = sp < 0 ? line : line.substring(0, sp);
    version(version);
    String rest = sp < 0 ? "" : Tokens.trim(line.substring(sp + 1));
    int sp2 = rest.indexOf(' ');
    String code = sp2 < 0 ? rest : rest.substring(0, sp2);
    long status = code.length() == 3 ? Tokens.number(code, 999) : -1;
    if (status < 100) {
      throw RtspException.badRequest("status line " + Tokens.quote(line) + " has no status code");
    }
    String reason = sp2 < 0 ? "" : Tokens.trim(rest.substring(sp2 + 1));
    checkText("reason phrase", reason);
    return new RtspResponse(version, (int) status, reason, h, Payload.EMPTY);
  }

  private static void version(String v) {
    if (v.equals(RtspRequest.RTSP_1_0)) {
      return;
    }
    if (isVersion(v)) {
      throw new RtspException(
          RtspException.VERSION_NOT_SUPPORTED, "version " + Tokens.quote(v) + " is not RTSP/1.0");
    }
    throw RtspException.badRequest("version " + Tokens.quote(v) + " is not a protocol version");
  }

  /** {@code RTSP/} or {@code HTTP/}, digits, a dot, digits. */
  private static boolean isVersion(String v) {
    if (!(v.startsWith("RTSP/") || v.startsWith("HTTP/"))) {
      return false;
    }
    int dot = v.indexOf('.', 5);
    return dot > 5
        && dot < v.length() - 1
        && dot - 5 <= 3
        && v.length() - dot - 1 <= 3
        && Tokens.number(v.substring(5, dot), 999) >= 0
        && Tokens.number(v.substring(dot + 1), 999) >= 0;
  }

  private static List<Headers.Header> headers(List<String> lines) {
    List<String[]> raw = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        // obsolete line folding (RFC 2326 section 4.2 allows it): joins the previous value
        if (raw.isEmpty()) {
          throw RtspException.badRequest("folded header line without a header before it");
        }
        String[] prev = raw.get(raw.size() - 1);
        String more = Tokens.trim(line);
        prev[1] = prev[1].isEmpty() ? more : more.isEmpty() ? prev[1] : prev[1] + " " + more;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw RtspException.badRequest("header line " + Tokens.quote(line) + " has no colon");
      }
      String name = Tokens.trim(line.substring(0, colon));
      if (!Tokens.isToken(name)) {
        throw RtspException.badRequest("header name " + Tokens.quote(name) + " is not a token");
      }
      if (raw.size() >= Headers.MAX_HEADERS) {
        throw new RtspException(
            RtspException.HEADERS_TOO_LARGE, "more than " + Headers.MAX_HEADERS + " headers");
      }
      raw.add(new String[] {name, Tokens.trim(line.substring(colon + 1))});
    }
    List<Headers.Header> out = new ArrayList<>(raw.size());
    for (String[] r : raw) {
      checkText("header " + r[0], r[1]);
      out.add(new Headers.Header(r[0], r[1]));
    }
    return out;
  }

  private static void checkText(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        throw RtspException.badRequest(
            what + " holds control byte 0x" + String.format("%02x", (int) c));
      }
    }
  }

  private static int contentLength(List<Headers.Header> headers, int maxBody) {
    long length = -1;
    for (Headers.Header h : headers) {
      if (!h.is("Content-Length")) {
        continue;
      }
      long v = Tokens.number(h.value(), Long.MAX_VALUE / 10);
      if (v < 0) {
        throw RtspException.badRequest(
            "content-length " + Tokens.quote(h.value()) + " is not a number");
      }
      if (length >= 0 && v != length) {
        throw RtspException.badRequest("two content-length headers disagree");
      }
      length = v;
    }
    if (length > maxBody) {
      throw new RtspException(
          RtspException.PAYLOAD_TOO_LARGE,
          "body of " + length + " bytes is longer than " + maxBody);
    }
    return (int) Math.max(length, 0);
  }
}
