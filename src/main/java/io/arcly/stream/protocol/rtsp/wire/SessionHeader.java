package io.arcly.stream.protocol.rtsp.wire;

import java.util.Locale;

/**
 * A {@code Session} header value (RFC 2326 section 12.37): the session id a server gave in its
 * SETUP answer, and the timeout after which it ends an idle session ({@code 12345678;timeout=60}).
 *
 * @param id the session id: 1 to {@value #MAX_ID} characters among letters, digits and {@code $ - _
 *     . +} (RFC 2326 section 3.4), plus any other printable ASCII but {@code ; ,} and quotes, since
 *     servers stray from the list
 * @param timeout the timeout in seconds, or -1 when not written (60 s by RFC 2326)
 */
public record SessionHeader(String id, int timeout) {
  /** The longest session id accepted. */
  public static final int MAX_ID = 256;

  /** The timeout RFC 2326 implies when none is written, in seconds. */
  public static final int DEFAULT_TIMEOUT = 60;

  /** Checks the id and the timeout. */
  public SessionHeader {
    if (id == null || id.isEmpty() || id.length() > MAX_ID) {
      throw new IllegalArgumentException("session id must be 1 to " + MAX_ID + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ';' || c == ',' || c == '"') {
        throw new IllegalArgumentException(
            "session id holds character U+" + String.format("%04X", (int) c));
      }
    }
    if (timeout < -1) {
      throw new IllegalArgumentException("session timeout " + timeout + " is negative");
    }
  }

  /** A session id without a timeout. */
  public static SessionHeader of(String id) {
    return new SessionHeader(id, -1);
  }

  /**
   * Parses a {@code Session} header value; parameters other than {@code timeout} are ignored.
   *
   * @throws RtspException (400) when the id is missing or malformed, or the timeout not a number
   */
  public static SessionHeader parse(String value) {
    String[] parts = Tokens.cut(value, ';');
    String id = Tokens.trim(parts[0]);
    int timeout = -1;
    for (int i = 1; i < parts.length; i++) {
      String p = Tokens.trim(parts[i]);
      int eq = p.indexOf('=');
      if (eq > 0 && Tokens.trim(p.substring(0, eq)).toLowerCase(Locale.ROOT).equals("timeout")) {
        String v = Tokens.trim(p.substring(eq + 1));
        long t = Tokens.number(v, Integer.MAX_VALUE);
        if (t < 0) {
          throw RtspException.badRequest("session timeout " + Tokens.quote(v) + " is not a number");
        }
        if (timeout < 0) {
          timeout = (int) t;
        }
      }
    }
    try {
      return new SessionHeader(id, timeout);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest(e.getMessage());
    }
  }

  /** The timeout, or {@value #DEFAULT_TIMEOUT} seconds when none was written. */
  public int timeoutOrDefault() {
    return timeout < 0 ? DEFAULT_TIMEOUT : timeout;
  }

  @Override
  public String toString() {
    return timeout < 0 ? id : id + ";timeout=" + timeout;
  }
}
