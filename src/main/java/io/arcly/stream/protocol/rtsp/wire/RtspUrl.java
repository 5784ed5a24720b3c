package io.arcly.stream.protocol.rtsp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An RTSP URL (RFC 2326 section 3.2) as ffmpeg, GStreamer, VLC and cameras write them: {@code
 * rtsp://[user[:password]@]host[:port]/app/stream[/trackID=N][?query]}.
 *
 * <p>Read leniently where clients differ: the user and password may hold {@code @} (the last one
 * before the path ends them) and percent escapes, which are decoded; the query is everything after
 * the first {@code ?} and is kept as written (tokens travel there), even when a client appended a
 * control after it ({@code ?token=abc/trackID=0}, as ffmpeg and the Dahua URL form do). Strict
 * about the rest: at most {@value #MAX_LENGTH} characters of printable ASCII, scheme {@code rtsp}
 * or {@code rtsps}, a host, a port from 1 to 65535. Anything else is an {@link RtspException}
 * (400).
 *
 * @param scheme {@code rtsp} or {@code rtsps}, lower-cased
 * @param user the user, percent-decoded, or null
 * @param password the password, percent-decoded, or null
 * @param host the host name or address as written, an IPv6 address without its brackets
 * @param port the port, or -1 when not written
 * @param path the path as written (percent escapes kept), starting with {@code /}, or empty
 * @param query the query as written after {@code ?}, or null when there is no {@code ?}
 */
public record RtspUrl(
    String scheme, String user, String password, String host, int port, String path, String query) {
  /** The longest URL accepted, in characters. */
  public static final int MAX_LENGTH = 4096;

  /** The default port of {@code rtsp} (RFC 2326 section 3.2). */
  public static final int DEFAULT_PORT = 554;

  /** The default port of {@code rtsps} (RFC 7826 section 19.2). */
  public static final int DEFAULT_TLS_PORT = 322;

  /**
   * Control suffixes of tracks as servers and encoders name them: {@code trackID=0} (live555,
   * MediaMTX), {@code streamid=0} (ffmpeg), {@code stream=0} (GStreamer), {@code track1} (live555).
   */
  private static final Pattern CONTROL =
      Pattern.compile("(?i)(?:[a-z][a-z0-9_-]{0,31}=[0-9]{1,9}|track[0-9]{1,9})");

  /** Checks every part can be written back and parsed to the same value. */
  public RtspUrl {
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw new IllegalArgumentException(
          "scheme " + Tokens.quote(scheme) + " is not rtsp or rtsps");
    }
    if (password != null && user == null) {
      throw new IllegalArgumentException("a password without a user");
    }
    checkHost(host);
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("port " + port + " outside 1 to 65535");
    }
    if (!path.isEmpty() && path.charAt(0) != '/') {
      throw new IllegalArgumentException("path " + Tokens.quote(path) + " does not start with /");
    }
    checkPrintable("path", path);
    if (path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("path holds ?");
    }
    if (query != null) {
      checkPrintable("query", query);
    }
  }

  /**
   * Parses an RTSP URL.
   *
   * @throws RtspException (400) when it is not one, or longer than {@value #MAX_LENGTH} characters
   */
  public static RtspUrl parse(String url) {
    if (url.length() > MAX_LENGTH) {
      throw RtspException.badRequest(
          "url of " + url.length() + " characters is longer than " + MAX_LENGTH);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw RtspException.badRequest(
            "url holds character U+" + String.format("%04X", (int) c) + " at " + i);
      }
    }
    int sep = url.indexOf("://");
    if (sep < 0) {
      throw RtspException.badRequest("url " + Tokens.quote(url) + " has no scheme");
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw RtspException.badRequest(
          "url scheme " + Tokens.quote(scheme) + " is not rtsp or rtsps");
    }
    int from = sep + 3;
    int end = from;
    while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
      end++;
    }
    String authority = url.substring(from, end);
    String rest = url.substring(end);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userinfo.indexOf(':');
      user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon));
      password = colon < 0 ? null : decode(userinfo.substring(colon + 1));
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw RtspException.badRequest("url host " + Tokens.quote(authority) + " lacks its ]");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          throw RtspException.badRequest("url has text after the host's ]");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
    }
    int port = -1;
    if (portText != null && !portText.isEmpty()) {
      long p = Tokens.number(portText, 65535);
      if (p < 1) {
        throw RtspException.badRequest(
            "url port " + Tokens.quote(portText) + " is not a number from 1 to 65535");
      }
      port = (int) p;
    }
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? null : rest.substring(q + 1);
    try {
      return new RtspUrl(scheme, user, password, host, port, path, query);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest("url " + e.getMessage());
    }
  }

  /**
   * The base URL for a presentation's controls after DESCRIBE (RFC 2326 C.1.1): the answer's {@code
   * Content-Base}, else its {@code Content-Location}, else the URL that was described.
   *
   * @throws RtspException (400) when the header holds no RTSP URL
   */
  public static RtspUrl contentBase(Headers describeAnswer, RtspUrl described) {
    String base =
        describeAnswer
            .get(RtspHeaders.CONTENT_BASE)
            .or(() -> describeAnswer.get(RtspHeaders.CONTENT_LOCATION))
            .orElse(null);
    if (base == null || base.isEmpty()) {
      return described;
    }
    RtspUrl parsed = parse(base);
    // Keep the credentials the client was given: servers echo the URL without them.
    return parsed.user == null && described.user != null
        ? new RtspUrl(
            parsed.scheme,
            described.user,
            described.password,
            parsed.host,
            parsed.port,
            parsed.path,
            parsed.query)
        : parsed;
  }

  /**
   * The URL of a track whose SDP {@code a=control} is {@code control}, against this base (RFC 2326
   * C.1.1, as ffmpeg, live555 and GStreamer read it): {@code *} or nothing is the base itself; an
   * absolute {@code rtsp://} URL stands for itself; a path from {@code /} replaces the base's path
   * and query; anything else is appended to the whole base text, with a {@code /} between unless
   * the base ends with one or the control starts with {@code ?}. Appending after a query is what
   * cameras with {@code ?channel=1&subtype=0} URLs expect.
   *
   * @throws RtspException (400) when the result is not an RTSP URL
   */
  public RtspUrl resolve(String control) {
    String c = control == null ? "" : control.strip();
    if (c.isEmpty() || c.equals("*")) {
      return this;
    }
    String lower = c.toLowerCase(Locale.ROOT);
    if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
      return parse(c);
    }
    if (c.startsWith("/")) {
      return parse(withoutPath() + c);
    }
    String base = toString();
    boolean slash = !base.endsWith("/") && !c.startsWith("?");
    return parse(base + (slash ? "/" : "") + c);
  }

  /**
   * The stream this URL names, split from a track control at its end, as a server reads the URLs of
   * DESCRIBE, ANNOUNCE, SETUP and PLAY (see {@link StreamPath}).
   */
  public StreamPath streamPath() {
    String p = path;
    String q = query;
    String track = null;
    if (q != null) {
      int slash = q.lastIndexOf('/');
      if (slash >= 0 && slash == q.length() - 1) {
        q = q.substring(0, slash); // "?token=abc/": ffmpeg's aggregate URL after a query
      } else if (slash >= 0 && CONTROL.matcher(q.substring(slash + 1)).matches()) {
        track = q.substring(slash + 1);
        q = q.substring(0, slash);
      }
    }
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (track == null) {
      int slash = p.lastIndexOf('/');
      if (slash > 0 && CONTROL.matcher(p.substring(slash + 1)).matches()) {
        track = p.substring(slash + 1);
        p = p.substring(0, slash);
      }
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return new StreamPath(p, track, q);
  }

  /**
   * Whether this URL and {@code other} name the same resource: credentials ignored, scheme and host
   * compared ignoring case, the default port the same as none, a trailing {@code /} of the path (or
   * of a query) ignored.
   */
  public boolean sameResource(RtspUrl other) {
    return scheme.equals(other.scheme)
        && host.equalsIgnoreCase(other.host)
        && portOrDefault() == other.portOrDefault()
        && trimSlash(path).equals(trimSlash(other.path))
        && (query == null
            ? other.query == null || other.query.equals("/")
            : other.query != null && trimSlash(query).equals(trimSlash(other.query)));
  }

  /** The port, or the scheme's default when none was written. */
  public int portOrDefault() {
    return port != -1 ? port : scheme.equals("rtsps") ? DEFAULT_TLS_PORT : DEFAULT_PORT;
  }

  /** Whether a user (and maybe a password) is part of the URL. */
  public boolean hasCredentials() {
    return user != null;
  }

  /** This URL without user and password: what a client puts in its request lines. */
  public RtspUrl withoutCredentials() {
    return user == null ? this : new RtspUrl(scheme, null, null, host, port, path, query);
  }

  /** The URL text, credentials percent-encoded as needed. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(withoutPath().length() + path.length() + 16);
    b.append(withoutPath());
    b.append(path);
    if (query != null) {
      b.append('?').append(query);
    }
    return b.toString();
  }

  /** The URL text without user and password, for request lines and log lines. */
  public String toStringWithoutCredentials() {
    return withoutCredentials().toString();
  }

  private String withoutPath() {
    StringBuilder b = new StringBuilder(scheme).append("://");
    if (user != null) {
      encode(b, user, false);
      if (password != null) {
        b.append(':');
        encode(b, password, true);
      }
      b.append('@');
    }
    if (host.indexOf(':') >= 0) {
      b.append('[').append(host).append(']');
    } else {
      b.append(host);
    }
    if (port != -1) {
      b.append(':').append(port);
    }
    return b.toString();
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static void checkHost(String host) {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    boolean v6 = host.indexOf(':') >= 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || (!v6 && (c == '_' || c == '~'))
              || (v6 && (c == ':' || c == '%'));
      if (!ok) {
        throw new IllegalArgumentException("host " + Tokens.quote(host) + " holds " + c);
      }
    }
  }

  private static void checkPrintable(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            what + " holds character U+" + String.format("%04X", (int) c));
      }
    }
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.write(c);
        continue;
      }
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw RtspException.badRequest("url credentials hold a bad percent escape");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw RtspException.badRequest("url credentials are not utf-8 once decoded");
    }
  }

  private static void encode(StringBuilder b, String s, boolean colonAllowed) {
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=".indexOf(c) >= 0
              || (colonAllowed && c == ':');
      if (plain) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
  }
}
