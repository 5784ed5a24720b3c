package io.arcly.stream.protocol.srt;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code srt://host:port?streamid=...&passphrase=...&pbkeylen=...&latency=...} URL this server
 * calls (a source to pull, a destination to push to). {@code latency} is in milliseconds, as
 * srt-live-transmit reads it (ffmpeg's own option is in microseconds); {@code pbkeylen} is 16, 24
 * or 32 (default 16). A stream id may hold {@code {app}} and {@code {stream}}, replaced by the
 * stream's names when pushing.
 *
 * @param host the listener's host
 * @param port its UDP port
 * @param streamId the stream id, or null
 * @param passphrase the passphrase, or null
 * @param keyLength the key length in bytes when encrypting
 * @param latencyMillis the latency asked for, or -1 for the server's
 */
public record SrtUrl(
    String host, int port, String streamId, String passphrase, int keyLength, int latencyMillis) {
  /** The longest URL accepted. */
  public static final int MAX_LENGTH = 1024;

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SrtUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("srt url is empty");
    }
    if (url.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("srt url is longer than " + MAX_LENGTH + " characters");
    }
    if (!url.regionMatches(true, 0, "srt://", 0, 6)) {
      throw new IllegalArgumentException("srt url " + redact(url) + " does not start with srt://");
    }
    // Parsed by hand: stream ids hold characters a java.net.URI refuses ('#', '{', ...), and
    // libsrt takes them as they are.
    String rest = url.substring(6);
    int qm = rest.indexOf('?');
    String authority = qm < 0 ? rest : rest.substring(0, qm);
    String rawQuery = qm < 0 ? null : rest.substring(qm + 1);
    if (authority.endsWith("/")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? "" : authority.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@") || port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "srt url " + redact(url) + " needs a host and a port: srt://host:port?streamid=...");
    }
    Map<String, String> q = query(rawQuery, url);
    String pass = q.get("passphrase");
    if (pass != null) {
      if (pass.length() < 10 || pass.length() > 79) {
        throw new IllegalArgumentException(
            "srt url " + redact(url) + ": the passphrase must have 10 to 79 characters");
      }
    }
    int keyLength = number(q, "pbkeylen", 16, url);
    if (keyLength != 16 && keyLength != 24 && keyLength != 32) {
      throw new IllegalArgumentException(
          "srt url " + redact(url) + ": pbkeylen must be 16, 24 or 32");
    }
    int latency = number(q, "latency", -1, url);
    if (latency != -1 && (latency < 0 || latency > 60_000)) {
      throw new IllegalArgumentException(
          "srt url " + redact(url) + ": latency is in milliseconds, 0 to 60000");
    }
    return new SrtUrl(host, port, q.get("streamid"), pass, keyLength, latency);
  }

  private static Map<String, String> query(String raw, String url) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "srt url " + redact(url) + ": query part '" + part + "' is not name=value");
      }
      String name = part.substring(0, eq);
      String given = part.substring(eq + 1);
      String value = given.indexOf('%') >= 0 ? decode(given, url) : given;
      switch (name) {
        case "streamid", "passphrase", "pbkeylen", "latency" -> q.put(name, value);
        case "mode" -> {
          if (!value.equals("caller")) {
            throw new IllegalArgumentException(
                "srt url " + redact(url) + ": the server calls out, mode=" + value + " cannot be");
          }
        }
        default -> {
          // libsrt options this server does not set (transtype, ...) are ignored
        }
      }
    }
    return q;
  }

  private static String decode(String raw, String url) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("srt url " + redact(url) + ": bad %-escape in " + raw);
    }
  }

  private static int number(Map<String, String> q, String name, int fallback, String url) {
    String v = q.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "srt url " + redact(url) + ": " + name + " is not a number");
    }
  }

  /** The URL without its passphrase, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(passphrase=)[^&]*", "$1***");
  }

  /** This URL's stream id with {@code {app}} and {@code {stream}} replaced. */
  public String streamIdFor(String app, String stream) {
    String id = streamId == null ? "publish:{app}/{stream}" : streamId;
    return id.replace("{app}", app).replace("{stream}", stream);
  }
}
