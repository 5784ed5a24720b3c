package io.arcly.stream.forward;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configured sources: {@code arcly.sources=cam1,cam2}, then per source {@code
 * arcly.sources.NAME.url}, {@code .key}, {@code .transport}, {@code .on-demand}, {@code
 * .close-after} and {@code .start-timeout} (so environment variables such as {@code
 * ARCLY_SOURCES_CAM1_URL} work too), and {@code arcly.sources-max-backoff}.
 *
 * @param sources the sources, in the order listed
 * @param maxBackoff the longest wait between attempts
 */
public record SourceSettings(List<SourceSpec> sources, Duration maxBackoff) {
  /** The longest wait between attempts, unless configured. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** Reads and validates; throws {@link ConfigException} naming the first bad key. */
  public static SourceSettings from(Settings s) {
    List<SourceSpec> specs = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (String raw : s.string("arcly.sources", "").split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!names.add(name)) {
        throw new ConfigException("arcly.sources", name, "source listed twice");
      }
      specs.add(source(s, name));
    }
    return new SourceSettings(
        List.copyOf(specs), s.duration("arcly.sources-max-backoff", DEFAULT_MAX_BACKOFF));
  }

  private static SourceSpec source(Settings s, String name) {
    String prefix = "arcly.sources." + name + ".";
    String url =
        s.raw(prefix + "url")
            .orElseThrow(
                () ->
                    new ConfigException(
                        prefix + "url", "source " + name + " is listed but has no url"));
    try {
      SourceSpec.uri(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + "url", e.getMessage());
    }
    String rawKey =
        s.raw(prefix + "key")
            .orElseThrow(
                () ->
                    new ConfigException(
                        prefix + "key",
                        "source " + name + " needs the stream key it publishes, such as live/cam"));
    StreamKey key;
    try {
      key = StreamKey.parse(rawKey);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + "key", rawKey, e.getMessage());
    }
    SourceSpec.Transport transport;
    try {
      transport = SourceSpec.Transport.parse(s.string(prefix + "transport", "auto"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + "transport", e.getMessage());
    }
    try {
      return new SourceSpec(
          name,
          url,
          key,
          transport,
          s.bool(prefix + "on-demand", false),
          s.duration(prefix + "close-after", SourceSpec.DEFAULT_CLOSE_AFTER, true),
          s.duration(prefix + "start-timeout", SourceSpec.DEFAULT_START_TIMEOUT));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("arcly.sources", name, e.getMessage());
    }
  }
}
