package io.arcly.stream.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Descriptive values a publisher sent about its stream (RTMP {@code onMetaData}: width, height,
 * framerate, encoder...). Values are strings, numbers, booleans or nested maps and lists, as the
 * source carried them; the map keeps the source's order and cannot be modified.
 *
 * @param values the values by name
 */
public record StreamMetadata(Map<String, Object> values) {
  /** No metadata. */
  public static final StreamMetadata EMPTY = new StreamMetadata(Map.of());

  /** Takes an unmodifiable, order-keeping copy. */
  public StreamMetadata {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A numeric value, or {@code fallback}. */
  public double number(String name, double fallback) {
    return values.get(name) instanceof Number n ? n.doubleValue() : fallback;
  }

  /** A string value, or empty. */
  public String string(String name) {
    return values.get(name) instanceof String s ? s : "";
  }
}
