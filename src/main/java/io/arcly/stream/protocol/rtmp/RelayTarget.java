package io.arcly.stream.protocol.rtmp;

import java.util.Locale;

/**
 * Where a relay publishes: {@code rtmp://host[:port]/app/stream}, validated.
 *
 * @param host the upstream host name or address (IPv6 without brackets)
 * @param port the upstream port, 1935 when the URL names none
 * @param app the upstream application
 * @param stream the upstream stream name (may carry a {@code ?query} the upstream reads)
 */
public record RelayTarget(String host, int port, String app, String stream) {
  /** The RTMP default port. */
  public static final int DEFAULT_PORT = 1935;

  /** The longest URL accepted. */
  public static final int MAX_LENGTH = 1024;

  // RFC 3986 section 2: unreserved, reserved and '%' (checked to start a valid escape).
  private static final String URI_PUNCTUATION = "-._~:/?#[]@!$&'()*+,;=%";

  /**
   * Parses a full target URL.
   *
   * @throws IllegalArgumentException naming what is wrong: scheme, host, port, app or stream
   */
  public static RelayTarget parse(String url) {
    RelayTarget t = parseAny(url);
    if (t.stream.isEmpty()) {
      throw new IllegalArgumentException(
          "relay url " + url + " has no stream name: expected rtmp://host[:port]/app/stream");
    }
    return t;
  }

  /**
   * Parses an application URL {@code rtmp://host[:port]/app} (a configured push target, to which
   * each stream's own name is appended).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RelayTarget parseBase(String url) {
    RelayTarget t = parseAny(url);
    if (!t.stream.isEmpty()) {
      throw new IllegalArgumentException(
          "push url "
              + url
              + " names a stream; give rtmp://host[:port]/app and each stream keeps its name");
    }
    return t;
  }

  private static RelayTarget parseAny(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("relay url is empty");
    }
    if (url.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "relay url is " + url.length() + " characters long; at most " + MAX_LENGTH);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || URI_PUNCTUATION.indexOf(c) >= 0;
      if (ok && c == '%') {
        ok = i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2));
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "relay url has "
                + (c < 0x20 || c == 0x7f
                    ? String.format("control character U+%04X", (int) c)
                    : c == ' ' ? "a space" : c == '%' ? "a bad %-escape" : "'" + c + "'")
                + " at position "
                + i
                + "; percent-encode it (RFC 3986)");
      }
    }
    String prefix = "rtmp://";
    if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      int colon = url.indexOf("://");
      throw new IllegalArgumentException(
          "relay url "
              + url
              + " must use the rtmp scheme"
              + (colon > 0 ? ", not " + url.substring(0, colon).toLowerCase(Locale.ROOT) : ""));
    }
    String rest = url.substring(prefix.length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("relay url " + url + " has an unclosed [ in its host");
      }
      host = authority.substring(1, close);
      if (close + 1 < authority.length()) {
        if (authority.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("relay url " + url + " has a bad host");
        }
        portText = authority.substring(close + 2);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("relay url " + url + " has no host");
    }
    int port = DEFAULT_PORT;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "relay url " + url + " has a bad port \"" + portText + "\"");
      }
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int appEnd = path.indexOf('/');
    String app = appEnd < 0 ? path : path.substring(0, appEnd);
    String stream = appEnd < 0 ? "" : path.substring(appEnd + 1);
    if (app.isEmpty()) {
      throw new IllegalArgumentException("relay url " + url + " has no application");
    }
    return new RelayTarget(host, port, app, stream);
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** This target with stream {@code name}. */
  public RelayTarget withStream(String name) {
    return new RelayTarget(host, port, app, name);
  }

  /** The tcUrl sent in connect: {@code rtmp://host:port/app}. */
  public String tcUrl() {
    return "rtmp://" + authority() + "/" + app;
  }

  private String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The URL, {@code rtmp://host:port/app/stream}. */
  @Override
  public String toString() {
    return tcUrl() + (stream.isEmpty() ? "" : "/" + stream);
  }
}
