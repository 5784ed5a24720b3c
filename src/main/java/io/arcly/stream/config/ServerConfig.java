package io.arcly.stream.config;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.media.InvalidStreamKeyException;
import io.arcly.stream.media.StreamKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every server setting, validated once at start. Each key, its default and its meaning are listed
 * in the README's configuration table.
 *
 * @param defaults the settings of applications without their own ({@code arcly.app.default.*})
 * @param applications applications listed in {@code arcly.apps}, each with its own settings ({@code
 *     arcly.app.NAME.*}, falling back to the defaults key by key)
 * @param strictApplications {@code arcly.apps.strict}: refuse applications not listed
 * @param maxPublishers {@code arcly.max-publishers}: server-wide publisher limit, 0 for none
 * @param auditFile {@code arcly.audit.file}: JSON-lines audit trail, empty for none
 * @param shutdownTimeout {@code arcly.shutdown-timeout}: how long stop waits for threads
 * @param housekeepingInterval {@code arcly.housekeeping-interval}: QoS sampling and idle checks
 * @param eventQueue {@code arcly.events.max-pending}: event messages a WebSocket client may have in
 *     flight before it is dropped as too slow
 */
public record ServerConfig(
    AppSpec defaults,
    List<AppSpec> applications,
    boolean strictApplications,
    int maxPublishers,
    String auditFile,
    Duration shutdownTimeout,
    Duration housekeepingInterval,
    int eventQueue) {

  /** The prefix of every key. */
  public static final String PREFIX = "arcly.";

  /** Reads and validates every setting; throws {@link ConfigException} naming the first bad key. */
  public static ServerConfig from(Settings s) {
    AppSpec defaults = app(s, "default", AppSpec.defaults("default"));
    List<AppSpec> apps = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (String raw : s.string("arcly.apps", "live").split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        StreamKey.validateName("application name", name);
      } catch (InvalidStreamKeyException e) {
        throw new ConfigException("arcly.apps", name, e.getMessage());
      }
      if (name.equals("default")) {
        throw new ConfigException(
            "arcly.apps", name, "\"default\" names the defaults, not an application");
      }
      if (!names.add(name)) {
        throw new ConfigException("arcly.apps", name, "application listed twice");
      }
      apps.add(app(s, name, defaults.named(name)));
    }
    return new ServerConfig(
        defaults,
        List.copyOf(apps),
        s.bool("arcly.apps.strict", false),
        s.integer("arcly.max-publishers", 0, 0, Integer.MAX_VALUE),
        s.string("arcly.audit.file", ""),
        s.duration("arcly.shutdown-timeout", Duration.ofSeconds(5)),
        s.duration("arcly.housekeeping-interval", Duration.ofSeconds(1)),
        s.integer("arcly.events.max-pending", 256, 1, 1_000_000));
  }

  private static AppSpec app(Settings s, String name, AppSpec base) {
    String p = "arcly.app." + name + ".";
    boolean gop = s.bool(p + "gop-cache", base.gopCache());
    int gopFrames =
        s.integer(p + "gop-cache-frames", base.gopCacheFrames(), 1, AppSpec.MAX_RING_FRAMES / 2);
    int ring = s.integer(p + "ring-frames", base.ringFrames(), 16, AppSpec.MAX_RING_FRAMES);
    int pubs = s.integer(p + "max-publishers", base.maxPublishers(), 0, Integer.MAX_VALUE);
    int subs = s.integer(p + "max-subscribers", base.maxSubscribers(), 0, Integer.MAX_VALUE);
    Duration idle = s.duration(p + "idle-timeout", base.idleTimeout());
    boolean takeover = s.bool(p + "takeover", base.takeover());
    Duration jump = s.duration(p + "max-timestamp-jump", base.maxTimestampJump());
    if (jump.compareTo(AppSpec.MIN_TIMESTAMP_JUMP) < 0
        || jump.compareTo(AppSpec.MAX_TIMESTAMP_JUMP) > 0) {
      throw new ConfigException(
          p + "max-timestamp-jump",
          s.string(p + "max-timestamp-jump", ""),
          "must be between 1s and 24h");
    }
    return new AppSpec(name, gop, gopFrames, ring, pubs, subs, idle, takeover, jump);
  }

  /** The audit file, when one is configured. */
  public Optional<String> audit() {
    return auditFile.isEmpty() ? Optional.empty() : Optional.of(auditFile);
  }
}
