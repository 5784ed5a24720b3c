package io.arcly.stream.protocol.hls;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HLS packager's settings ({@code arcly.hls.*}, variant also per application), validated once.
 *
 * @param enabled {@code arcly.hls.enabled}: package every live stream
 * @param variant {@code arcly.hls.variant}: the default variant
 * @param appVariants per application, {@code arcly.app.NAME.hls-variant}
 * @param segmentDuration {@code arcly.hls.segment-duration}: target segment duration (segments
 *     start at keyframes, so a longer GOP makes longer segments)
 * @param partDuration {@code arcly.hls.part-duration}: target part duration (Low-Latency)
 * @param window {@code arcly.hls.window}: segments listed in the playlist
 * @param endList {@code arcly.hls.end-list}: end the playlist when the publisher leaves; otherwise
 *     it stays for {@code retention}, and a publisher that comes back continues it after a
 *     discontinuity
 * @param retention {@code arcly.hls.retention}: how long an ended stream's playlist and segments
 *     stay available
 * @param corsOrigin {@code arcly.hls.cors-origin}: the Access-Control-Allow-Origin sent
 * @param maxBlocking {@code arcly.hls.max-blocking-requests}: blocking playlist and preload
 *     requests allowed to wait at once, server-wide
 * @param maxBlockingPerClient {@code arcly.hls.max-blocking-per-client}: of those, how many one
 *     client (address and user agent) may have; its oldest is answered 503 when it sends more
 * @param viewerTimeout {@code arcly.hls.viewer-timeout}: a viewer that requests nothing for this
 *     long has left
 * @param directory {@code arcly.hls.directory}: also write segments and playlists under this
 *     directory (app/stream/...); empty for memory only
 */
public record HlsSettings(
    boolean enabled,
    Variant variant,
    Map<String, Variant> appVariants,
    Duration segmentDuration,
    Duration partDuration,
    int window,
    boolean endList,
    Duration retention,
    String corsOrigin,
    int maxBlocking,
    int maxBlockingPerClient,
    Duration viewerTimeout,
    String directory) {

  /**
   * Blocked requests one client may have by default: a Low-Latency player keeps a playlist reload
   * and a part or two waiting, so dozens of viewers behind one address with the same browser share
   * the allowance.
   */
  public static final int DEFAULT_BLOCKING_PER_CLIENT = 64;

  /** Copies the map. */
  public HlsSettings {
    appVariants = Map.copyOf(appVariants);
  }

  /** Defaults, for tests. */
  public static HlsSettings defaults() {
    return new HlsSettings(
        true,
        Variant.LOW_LATENCY,
        Map.of(),
        Duration.ofSeconds(2),
        Duration.ofMillis(200),
        6,
        false,
        Duration.ofSeconds(30),
        "*",
        10_000,
        DEFAULT_BLOCKING_PER_CLIENT,
        Duration.ofSeconds(30),
        "");
  }

  /** A copy writing files under {@code dir}. */
  public HlsSettings withDirectory(String dir) {
    return new HlsSettings(
        enabled,
        variant,
        appVariants,
        segmentDuration,
        partDuration,
        window,
        endList,
        retention,
        corsOrigin,
        maxBlocking,
        maxBlockingPerClient,
        viewerTimeout,
        dir);
  }

  /** The variant of application {@code app}. */
  public Variant variantOf(String app) {
    return appVariants.getOrDefault(app, variant);
  }

  /** A copy with another variant for every application. */
  public HlsSettings withVariant(Variant v) {
    return new HlsSettings(
        enabled,
        v,
        Map.of(),
        segmentDuration,
        partDuration,
        window,
        endList,
        retention,
        corsOrigin,
        maxBlocking,
        maxBlockingPerClient,
        viewerTimeout,
        directory);
  }

  /** Reads and validates the settings; {@code apps} are the configured application names. */
  public static HlsSettings from(Settings s, Collection<String> apps) {
    Variant v = variant(s, "arcly.hls.variant", Variant.LOW_LATENCY);
    Map<String, Variant> perApp = new LinkedHashMap<>();
    for (String app : apps) {
      String key = "arcly.app." + app + ".hls-variant";
      if (s.raw(key).isPresent()) {
        perApp.put(app, variant(s, key, v));
      }
    }
    Duration segment = s.duration("arcly.hls.segment-duration", Duration.ofSeconds(2));
    Duration part = s.duration("arcly.hls.part-duration", Duration.ofMillis(200));
    if (segment.toMillis() < 500 || segment.toSeconds() > 60) {
      throw new ConfigException(
          "arcly.hls.segment-duration", segment.toString(), "must be between 500ms and 60s");
    }
    if (part.toMillis() < 50 || part.compareTo(segment) >= 0) {
      throw new ConfigException(
          "arcly.hls.part-duration",
          part.toString(),
          "must be at least 50ms and shorter than the segment duration");
    }
    return new HlsSettings(
        s.bool("arcly.hls.enabled", true),
        v,
        perApp,
        segment,
        part,
        s.integer("arcly.hls.window", 6, 3, 100),
        s.bool("arcly.hls.end-list", false),
        s.duration("arcly.hls.retention", Duration.ofSeconds(30)),
        s.string("arcly.hls.cors-origin", "*"),
        s.integer("arcly.hls.max-blocking-requests", 10_000, 1, 1_000_000),
        s.integer("arcly.hls.max-blocking-per-client", DEFAULT_BLOCKING_PER_CLIENT, 1, 1_000_000),
        s.duration("arcly.hls.viewer-timeout", Duration.ofSeconds(30)),
        s.string("arcly.hls.directory", "").trim());
  }

  private static Variant variant(Settings s, String key, Variant fallback) {
    String raw = s.string(key, fallback.key());
    Variant v = Variant.fromKey(raw.trim());
    if (v == null) {
      throw new ConfigException(key, raw, "expected lowLatency, fmp4 or mpegts");
    }
    return v;
  }
}
