package io.arcly.stream.forward;

import io.arcly.stream.media.StreamKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured source: where to pull from and under which key to publish it.
 *
 * @param name the source's name (letters, digits, {@code -} and {@code _}, at most 64)
 * @param url the source URL, credentials included ({@code rtsp://user:pass@cam/path})
 * @param key the local stream key the pulled stream is published as
 * @param transport how to carry media when the protocol offers a choice
 * @param onDemand whether the pull starts only when a viewer wants the stream
 * @param closeAfter how long an on-demand pull runs on after its last viewer left
 * @param startTimeout how long a viewer of an on-demand source waits for its first frames
 */
public record SourceSpec(
    String name,
    String url,
    StreamKey key,
    Transport transport,
    boolean onDemand,
    Duration closeAfter,
    Duration startTimeout) {
  /** The longest URL accepted. */
  public static final int MAX_URL = 1024;

  /** How long an on-demand pull runs on after its last viewer, unless configured. */
  public static final Duration DEFAULT_CLOSE_AFTER = Duration.ofSeconds(10);

  /** How long a viewer waits for an on-demand source, unless configured. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** How media travels from the source. */
  public enum Transport {
    /** UDP first, TCP when no packet arrives. */
    AUTO,
    UDP,
    TCP;

    /** The lowercase name used in config and JSON. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code auto}, {@code udp} or {@code tcp} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Transport parse(String s) {
      return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
        case "auto", "" -> AUTO;
        case "udp" -> UDP;
        case "tcp" -> TCP;
        default ->
            throw new IllegalArgumentException(
                "transport \"" + s + "\" is not one of auto, udp, tcp");
      };
    }
  }

  /** Validates the source. */
  public SourceSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(closeAfter, "closeAfter");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "source name \"" + name + "\" is not 1-64 letters, digits, '-' or '_'");
    }
    uri(url);
    if (closeAfter.isNegative() || startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("source " + name + ": durations must be positive");
    }
  }

  /**
   * Parses and checks a source URL: at most {@value #MAX_URL} characters, no spaces or control
   * characters, a scheme, a host, a valid port.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static URI uri(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("source url is empty");
    }
    if (url.length() > MAX_URL) {
      throw new IllegalArgumentException(
          "source url is " + url.length() + " characters long; at most " + MAX_URL);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "source url has a space, control or non-ASCII character at " + (i + 1));
      }
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("source url is not a valid URL: " + e.getReason());
    }
    if (u.getScheme() == null || u.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "source url " + redact(url) + " needs a scheme and a host, such as rtsp://camera/path");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException("source url " + redact(url) + " has no valid host name");
    }
    return u;
  }

  /** The URL's scheme, lower case ({@code rtsp}). */
  public String scheme() {
    return uri(url).getScheme().toLowerCase(Locale.ROOT);
  }

  /** The URL without credentials, safe to show and log. */
  public String redactedUrl() {
    return redact(url);
  }

  /** Whether the URL carries credentials. */
  public boolean hasCredentials() {
    return uri(url).getRawUserInfo() != null;
  }

  /** {@code url} with any {@code user:pass@} removed. */
  public static String redact(String url) {
    if (url == null) {
      return "";
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int end = url.indexOf('/', start);
    if (end < 0) {
      end = url.length();
    }
    int at = url.lastIndexOf('@', end - 1);
    return at >= start ? url.substring(0, start) + url.substring(at + 1) : url;
  }

  @Override
  public String toString() {
    return "SourceSpec[" + name + " " + redactedUrl() + " -> " + key + "]";
  }
}
