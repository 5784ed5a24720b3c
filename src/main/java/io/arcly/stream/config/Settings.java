package io.arcly.stream.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validated reads of {@code arcly.*} keys from a string source, with clear errors. */
public final class Settings {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private final Function<String, Optional<String>> source;

  /** Reads from {@code source}, which answers a key with its raw value when set. */
  public Settings(Function<String, Optional<String>> source) {
    this.source = source;
  }

  /** The raw value, trimmed, if set and not blank. */
  public Optional<String> raw(String key) {
    return source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** A string, or {@code fallback}. */
  public String string(String key, String fallback) {
    return raw(key).orElse(fallback);
  }

  /** An integer in {@code [min, max]}, or {@code fallback}. */
  public int integer(String key, int fallback, int min, int max) {
    Optional<String> v = raw(key);
    if (v.isEmpty()) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v.get(), "expected a whole number");
    }
    if (n < min || n > max) {
      throw new ConfigException(key, v.get(), "must be between " + min + " and " + max);
    }
    return n;
  }

  /**
   * A TCP/UDP port (1-65535, or 0 for any free port when {@code allowZero}), or {@code fallback}.
   */
  public int port(String key, int fallback, boolean allowZero) {
    return integer(key, fallback, allowZero ? 0 : 1, 65535);
  }

  /** {@code true} or {@code false} (any case), or {@code fallback}. */
  public boolean bool(String key, boolean fallback) {
    Optional<String> v = raw(key);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, v.get(), "expected true or false");
    };
  }

  /**
   * A positive duration written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601
   * ({@code PT10S}), or {@code fallback}.
   */
  public Duration duration(String key, Duration fallback) {
    return duration(key, fallback, false);
  }

  /**
   * A duration as {@link #duration(String, Duration)}; {@code 0} is accepted when {@code
   * allowZero}.
   */
  public Duration duration(String key, Duration fallback, boolean allowZero) {
    Optional<String> v = raw(key);
    if (v.isEmpty()) {
      return fallback;
    }
    Duration d = parseDuration(v.get());
    if (d == null) {
      throw new ConfigException(
          key, v.get(), "expected a duration such as 500ms, 10s, 2m or PT10S");
    }
    if (d.isNegative() || (d.isZero() && !allowZero)) {
      throw new ConfigException(
          key, v.get(), allowZero ? "must not be negative" : "must be positive");
    }
    return d;
  }

  static Duration parseDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return null;
      }
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
