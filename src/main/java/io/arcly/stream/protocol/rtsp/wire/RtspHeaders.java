package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of the RTSP headers a session reads and writes (RFC 2326 section 12), and the values too
 * simple for a type of their own: {@code CSeq} and {@code Public}.
 */
public final class RtspHeaders {
  /** Accept (12.1). */
  public static final String ACCEPT = "Accept";

  /** Authorization (12.5). */
  public static final String AUTHORIZATION = "Authorization";

  /** Connection (12.10). */
  public static final String CONNECTION = "Connection";

  /** Content-Base (12.11). */
  public static final String CONTENT_BASE = "Content-Base";

  /** Content-Length (12.14). */
  public static final String CONTENT_LENGTH = "Content-Length";

  /** Content-Location (12.16). */
  public static final String CONTENT_LOCATION = "Content-Location";

  /** Content-Type (12.16). */
  public static final String CONTENT_TYPE = "Content-Type";

  /** CSeq (12.17). */
  public static final String CSEQ = "CSeq";

  /** Public (12.28). */
  public static final String PUBLIC = "Public";

  /** Range (12.29). */
  public static final String RANGE = "Range";

  /** RTP-Info (12.33). */
  public static final String RTP_INFO = "RTP-Info";

  /** Server (12.36). */
  public static final String SERVER = "Server";

  /** Session (12.37). */
  public static final String SESSION = "Session";

  /** Transport (12.39). */
  public static final String TRANSPORT = "Transport";

  /** User-Agent (12.41). */
  public static final String USER_AGENT = "User-Agent";

  /** WWW-Authenticate (12.44). */
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  /** The largest sequence number accepted: RFC 2326 sets no bound, clients count from 0 or 1. */
  public static final long MAX_CSEQ = 0xFFFFFFFFL;

  private RtspHeaders() {}

  /**
   * The first {@code CSeq} of {@code headers} (RFC 2326 section 12.17), or -1 when there is none.
   *
   * @throws RtspException (400) when it is not a number from 0 to {@value #MAX_CSEQ}
   */
  public static long cseq(Headers headers) {
    String v = headers.get(CSEQ).orElse(null);
    if (v == null) {
      return -1;
    }
    long n = Tokens.number(Tokens.trim(v), MAX_CSEQ);
    if (n < 0) {
      throw RtspException.badRequest("cseq " + Tokens.quote(v) + " is not a number");
    }
    return n;
  }

  /**
   * The methods of a {@code Public} header (RFC 2326 section 12.28), such as {@code OPTIONS,
   * DESCRIBE, SETUP}: tokens separated by commas, empty items skipped; at most 64.
   *
   * @throws RtspException (400) when an item is not a token
   */
  public static List<String> parsePublic(String value) {
    List<String> out = new ArrayList<>();
    for (String item : Tokens.cut(value, ',')) {
      String m = Tokens.trim(item);
      if (m.isEmpty()) {
        continue;
      }
      if (!Tokens.isToken(m)) {
        throw RtspException.badRequest("public method " + Tokens.quote(m) + " is not a token");
      }
      if (out.size() == 64) {
        throw RtspException.badRequest("public header lists more than 64 methods");
      }
      out.add(m);
    }
    return List.copyOf(out);
  }

  /** A {@code Public} header value listing {@code methods}. */
  public static String formatPublic(List<String> methods) {
    for (String m : methods) {
      if (!Tokens.isToken(m)) {
        throw new IllegalArgumentException("method " + Tokens.quote(m) + " is not a token");
      }
    }
    return String.join(", ", methods);
  }
}
