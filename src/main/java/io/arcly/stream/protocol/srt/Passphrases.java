package io.arcly.stream.protocol.srt;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.media.StreamKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Which passphrase an SRT caller must use, from the most to the least specific: its user's ({@code
 * arcly.srt.user.NAME.passphrase}, for a stream id with {@code u=NAME}), its stream's ({@code
 * arcly.srt.passphrase.APP/STREAM}), its application's ({@code arcly.app.APP.srt-passphrase}, then
 * {@code arcly.app.default.srt-passphrase}), the server's ({@code arcly.srt.passphrase}). An empty
 * value means no encryption at that level (and stops the search).
 */
public final class Passphrases {
  /** The prefix of per-stream keys. */
  public static final String STREAM_PREFIX = "arcly.srt.passphrase.";

  /** The prefix of per-user keys. */
  public static final String USER_PREFIX = "arcly.srt.user.";

  private static final String USER_SUFFIX = ".passphrase";

  private final Map<String, String> users;
  private final Map<String, String> streams;
  private final Map<String, String> apps;
  private final String fallback;

  /** The passphrases given directly (for tests and embedding). */
  public Passphrases(
      Map<String, String> users,
      Map<String, String> streams,
      Map<String, String> apps,
      String fallback) {
    this.users = Map.copyOf(users);
    this.streams = Map.copyOf(streams);
    this.apps = Map.copyOf(apps);
    this.fallback = fallback == null ? "" : fallback;
  }

  /** No passphrase anywhere. */
  public static Passphrases none() {
    return new Passphrases(Map.of(), Map.of(), Map.of(), "");
  }

  /**
   * Reads and checks the passphrases of {@code apps} and of every per-stream and per-user key among
   * {@code propertyNames}.
   */
  public static Passphrases from(
      Settings s, Iterable<String> apps, Iterable<String> propertyNames, String fallback) {
    Map<String, String> users = new HashMap<>();
    Map<String, String> streams = new HashMap<>();
    Map<String, String> byApp = new HashMap<>();
    for (String name : propertyNames) {
      if (name.startsWith(STREAM_PREFIX)) {
        String path = name.substring(STREAM_PREFIX.length());
        try {
          StreamKey.parse(path);
        } catch (RuntimeException e) {
          throw new ConfigException(name, path, "not an app/stream path: " + e.getMessage());
        }
        String v = s.string(name, "");
        check(name, v);
        streams.put(path, v);
      } else if (name.startsWith(USER_PREFIX) && name.endsWith(USER_SUFFIX)) {
        String user = name.substring(USER_PREFIX.length(), name.length() - USER_SUFFIX.length());
        String v = s.string(name, "");
        check(name, v);
        users.put(user, v);
      }
    }
    for (String app : apps) {
      String key = "arcly.app." + app + ".srt-passphrase";
      s.raw(key)
          .ifPresent(
              v -> {
                check(key, v);
                byApp.put(app, v);
              });
    }
    return new Passphrases(users, streams, byApp, fallback);
  }

  /**
   * Checks a passphrase as libsrt does: empty (none) or 10 to 79 characters.
   *
   * @throws ConfigException naming {@code key} otherwise
   */
  public static void check(String key, String value) {
    if (!value.isEmpty() && (value.length() < 10 || value.length() > 79)) {
      throw new ConfigException(key, "(hidden)", "an SRT passphrase has 10 to 79 characters");
    }
  }

  /** The passphrase for {@code user} (may be null) on {@code key}, or null for none. */
  public String lookup(StreamKey key, String user) {
    String v = null;
    if (user != null && !user.isEmpty()) {
      v = users.get(user);
    }
    if (v == null) {
      v = streams.get(key.app() + "/" + key.stream());
    }
    if (v == null) {
      v = apps.get(key.app());
    }
    if (v == null) {
      v = apps.get("default");
    }
    if (v == null) {
      v = fallback;
    }
    return v.isEmpty() ? null : v;
  }
}
