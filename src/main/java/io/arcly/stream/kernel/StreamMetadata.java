package io.arcly.stream.kernel;

import io.arcly.stream.media.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Descriptive values a publisher sent about its stream (RTMP {@code onMetaData}: width, height,
 * framerate, encoder...). Values are strings, numbers, booleans, instants, byte arrays or nested
 * maps and lists, as the source carried them; the map keeps the source's order and cannot be
 * modified.
 *
 * <p>Metadata is bounded before it is stored, since it is served by the API, sent in an event to
 * every event client and to every player: at most {@value #MAX_ENTRIES} entries per map or list,
 * keys of at most {@value #MAX_KEY_LENGTH} characters (longer ones are dropped), strings cut to
 * {@value #MAX_STRING} characters, {@value #MAX_DEPTH} levels of maps and lists, about {@value
 * #MAX_SIZE} bytes in all, finite numbers only; keys and strings are made {@link Text#printable
 * printable}. The excess is dropped, the well-known keys ({@code width}, {@code height}, {@code
 * framerate}, {@code encoder}...) first kept; an encoder's oversized metadata is a quirk, not a
 * reason to refuse its stream.
 *
 * @param values the values by name, within the limits
 * @param dropped how many entries the limits dropped or shortened (0 when all fit)
 */
public record StreamMetadata(Map<String, Object> values, int dropped) {
  /** The most entries kept in the top-level map and in each nested map or list. */
  public static final int MAX_ENTRIES = 128;

  /** The longest key kept, in characters. */
  public static final int MAX_KEY_LENGTH = 64;

  /** The longest string value kept, in characters (a longer one is cut). */
  public static final int MAX_STRING = 1024;

  /** The most levels of maps and lists, the top-level map included. */
  public static final int MAX_DEPTH = 4;

  /** The most bytes kept in all, counting keys, strings and 8 bytes per number. */
  public static final int MAX_SIZE = 16 * 1024;

  /** The keys encoders send that players and the API rely on, kept before any other. */
  static final Set<String> WELL_KNOWN =
      Set.of(
          "width",
          "height",
          "framerate",
          "fps",
          "videocodecid",
          "videodatarate",
          "audiocodecid",
          "audiodatarate",
          "audiosamplerate",
          "audiosamplesize",
          "audiochannels",
          "stereo",
          "encoder",
          "duration",
          "filesize");

  /** No metadata. */
  public static final StreamMetadata EMPTY = new StreamMetadata(Map.of());

  /** Takes an unmodifiable, order-keeping copy within the limits. */
  public StreamMetadata {
    Bounder b = new Bounder();
    values = b.top(values);
    dropped += b.dropped;
  }

  /** Metadata of {@code values}, bounded. */
  public StreamMetadata(Map<String, Object> values) {
    this(values, 0);
  }

  /** A numeric value, or {@code fallback}. */
  public double number(String name, double fallback) {
    return values.get(name) instanceof Number n ? n.doubleValue() : fallback;
  }

  /** A string value, or empty. */
  public String string(String name) {
    return values.get(name) instanceof String s ? s : "";
  }

  /** Copies values within the limits, counting what it drops or shortens. */
  private static final class Bounder {
    private static final Object DROP = new Object();
    private int budget = MAX_SIZE;
    private int dropped;

    Map<String, Object> top(Map<String, ?> in) {
      if (in.isEmpty()) {
        return Map.of();
      }
      // Well-known keys first, so that noise before them cannot push them out; then the others
      // while there is room.
      Map<String, Object> kept = new LinkedHashMap<>();
      for (Map.Entry<String, ?> e : in.entrySet()) {
        if (wellKnown(e.getKey())) {
          entry(kept, e.getKey(), e.getValue(), 1);
        }
      }
      for (Map.Entry<String, ?> e : in.entrySet()) {
        if (wellKnown(e.getKey())) {
          continue;
        }
        if (kept.size() >= MAX_ENTRIES || budget <= 0) {
          dropped++;
          continue;
        }
        entry(kept, e.getKey(), e.getValue(), 1);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (String k : in.keySet()) {
        String key = key(k);
        if (key != null && kept.containsKey(key)) {
          out.putIfAbsent(key, kept.get(key));
        }
      }
      return Collections.unmodifiableMap(out);
    }

    private static boolean wellKnown(String key) {
      return key != null && WELL_KNOWN.contains(key);
    }

    private Map<String, Object> map(Map<?, ?> in, int depth) {
      Map<String, Object> out = new LinkedHashMap<>();
      int seen = 0;
      for (Map.Entry<?, ?> e : in.entrySet()) {
        if (out.size() >= MAX_ENTRIES || budget <= 0) {
          dropped += in.size() - seen;
          break;
        }
        seen++;
        entry(out, String.valueOf(e.getKey()), e.getValue(), depth);
      }
      return Collections.unmodifiableMap(out);
    }

    private List<Object> list(Collection<?> in, int depth) {
      List<Object> out = new ArrayList<>(Math.min(in.size(), MAX_ENTRIES));
      int seen = 0;
      for (Object v : in) {
        if (out.size() >= MAX_ENTRIES || budget <= 0) {
          dropped += in.size() - seen;
          break;
        }
        seen++;
        Object b = value(v, depth);
        if (b == DROP) {
          dropped++;
        } else {
          out.add(b);
        }
      }
      return Collections.unmodifiableList(out);
    }

    private void entry(Map<String, Object> out, String rawKey, Object v, int depth) {
      String key = key(rawKey);
      if (key == null || out.containsKey(key) || key.length() + 2 > budget) {
        dropped++;
        return;
      }
      if (!key.equals(rawKey)) {
        dropped++; // renamed: a control character replaced
      }
      budget -= key.length() + 2;
      Object b = value(v, depth);
      if (b == DROP) {
        budget += key.length() + 2;
        dropped++;
        return;
      }
      out.put(key, b);
    }

    /** The key made printable, or null when it is too long to keep. */
    private static String key(String k) {
      return k == null || k.length() > MAX_KEY_LENGTH ? null : Text.printable(k, MAX_KEY_LENGTH);
    }

    /** The bounded value, its cost taken from the budget; {@link #DROP} when it does not fit. */
    private Object value(Object v, int depth) {
      return switch (v) {
        case null -> charge(null, 1);
        case Boolean b -> charge(b, 1);
        case Number n -> Double.isFinite(n.doubleValue()) ? charge(n, 8) : DROP;
        case Instant i -> charge(i, 8);
        case byte[] b -> b.length > MAX_STRING ? DROP : charge(b, b.length);
        case Map<?, ?> m -> depth >= MAX_DEPTH || charge(m, 2) == DROP ? DROP : map(m, depth + 1);
        case Collection<?> c ->
            depth >= MAX_DEPTH || charge(c, 2) == DROP ? DROP : list(c, depth + 1);
        default -> {
          String s = String.valueOf(v);
          String t = Text.printable(s, MAX_STRING);
          if (!t.equals(s)) {
            dropped++; // shortened or cleaned
          }
          yield charge(t, t.length());
        }
      };
    }

    private Object charge(Object v, int cost) {
      if (cost > budget) {
        return DROP;
      }
      budget -= cost;
      return v;
    }
  }
}
