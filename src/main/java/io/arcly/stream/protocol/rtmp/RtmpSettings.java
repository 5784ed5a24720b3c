package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RTMP worker's settings ({@code arcly.rtmp.*} and the per-application {@code push} lists),
 * validated once.
 *
 * @param enabled {@code arcly.rtmp.enabled}: run the worker
 * @param host {@code arcly.rtmp.host}: address to listen on
 * @param port {@code arcly.rtmp.port}: TCP port (0 picks a free one, for tests)
 * @param chunkSize {@code arcly.rtmp.chunk-size}: chunk size this server sends with
 * @param maxMessageSize {@code arcly.rtmp.max-message-size}: longest message accepted from a peer
 * @param maxPendingBytes {@code arcly.rtmp.max-pending-bytes}: bytes all connections together may
 *     hold in unfinished inbound messages; a connection whose message would pass it is closed
 * @param handshakeTimeout {@code arcly.rtmp.handshake-timeout}: time allowed for the handshake
 * @param idleTimeout {@code arcly.rtmp.idle-timeout}: longest silence from a client that is not
 *     playing (setting up or publishing) before it is closed
 * @param playWait {@code arcly.rtmp.play-wait}: how long a player may wait for a publisher that has
 *     not started yet; 0 answers StreamNotFound at once
 * @param writeTimeout {@code arcly.rtmp.write-timeout}: longest a write to one peer may block
 *     before the peer is dropped
 * @param batchDelay {@code arcly.rtmp.batch-delay}: longest a frame may wait so that a player's
 *     frames go out in fewer, larger writes (at most 100 ms; 0 writes every frame at once)
 * @param ackWindow {@code arcly.rtmp.ack-window}: the window acknowledgement size announced
 * @param maxConnections {@code arcly.rtmp.max-connections}: open connections allowed, 0 for no
 *     limit
 * @param push per application, {@code arcly.app.NAME.push}: upstream {@code rtmp://host[:port]/app}
 *     URLs every stream of the application is relayed to under its own name
 * @param relaySetupTimeout {@code arcly.rtmp.relay.setup-timeout}: connect plus command exchange
 * @param relayMaxBackoff {@code arcly.rtmp.relay.max-backoff}: the longest pause between reconnects
 * @param relayMaxPerStream {@code arcly.rtmp.relay.max-per-stream}: relays one stream may have
 *     through the API (configured pushes come on top)
 */
public record RtmpSettings(
    boolean enabled,
    String host,
    int port,
    int chunkSize,
    int maxMessageSize,
    long maxPendingBytes,
    Duration handshakeTimeout,
    Duration idleTimeout,
    Duration playWait,
    Duration writeTimeout,
    Duration batchDelay,
    int ackWindow,
    int maxConnections,
    Map<String, List<String>> push,
    Duration relaySetupTimeout,
    Duration relayMaxBackoff,
    int relayMaxPerStream) {

  /** Copies the push map. */
  public RtmpSettings {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    push.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    push = java.util.Collections.unmodifiableMap(copy);
  }

  /** Defaults for tests: loopback, an ephemeral port, short timeouts. */
  public static RtmpSettings forTests() {
    return new RtmpSettings(
        true,
        "127.0.0.1",
        0,
        4096,
        ChunkDecoder.DEFAULT_MAX_MESSAGE,
        256L * 1024 * 1024,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofMillis(DEFAULT_BATCH_DELAY_MS),
        2_500_000,
        0,
        Map.of(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        DEFAULT_RELAYS_PER_STREAM);
  }

  /** Relays one stream may have through the API unless configured otherwise. */
  public static final int DEFAULT_RELAYS_PER_STREAM = 8;

  /** A copy with another play wait. */
  public RtmpSettings withPlayWait(Duration d) {
    return with(d, push, maxPendingBytes);
  }

  /** A copy with other push lists. */
  public RtmpSettings withPush(Map<String, List<String>> p) {
    return with(playWait, p, maxPendingBytes);
  }

  /** A copy with another budget for unfinished inbound messages. */
  public RtmpSettings withMaxPendingBytes(long bytes) {
    return with(playWait, push, bytes);
  }

  private RtmpSettings with(Duration wait, Map<String, List<String>> p, long pending) {
    return new RtmpSettings(
        enabled,
        host,
        port,
        chunkSize,
        maxMessageSize,
        pending,
        handshakeTimeout,
        idleTimeout,
        wait,
        writeTimeout,
        batchDelay,
        ackWindow,
        maxConnections,
        p,
        relaySetupTimeout,
        relayMaxBackoff,
        relayMaxPerStream);
  }

  /** The longest batch delay allowed: beyond it, batching costs viewers noticeable latency. */
  public static final Duration MAX_BATCH_DELAY = Duration.ofMillis(100);

  private static final int DEFAULT_BATCH_DELAY_MS = 100;

  private static Duration batchDelay(Settings s) {
    String key = "arcly.rtmp.batch-delay";
    Duration d = s.duration(key, Duration.ofMillis(DEFAULT_BATCH_DELAY_MS), true);
    if (d.compareTo(MAX_BATCH_DELAY) > 0) {
      throw new ConfigException(
          key, s.string(key, ""), "must be at most " + MAX_BATCH_DELAY.toMillis() + " ms");
    }
    return d;
  }

  /**
   * The budget for unfinished inbound messages when none is configured: a quarter of the heap the
   * JVM may grow to, so that peers holding half-sent messages cannot exhaust it, and at least one
   * message of the largest size.
   */
  static long defaultMaxPendingBytes(long maxHeap, int maxMessageSize) {
    return Math.min(Integer.MAX_VALUE, Math.max(maxHeap / 4, maxMessageSize));
  }

  private static long maxPendingBytes(Settings s, int maxMessageSize) {
    String key = "arcly.rtmp.max-pending-bytes";
    long fallback = defaultMaxPendingBytes(Runtime.getRuntime().maxMemory(), maxMessageSize);
    int n = s.integer(key, (int) fallback, 1, Integer.MAX_VALUE);
    if (n < maxMessageSize) {
      throw new ConfigException(
          key,
          s.string(key, ""),
          "must be at least arcly.rtmp.max-message-size (" + maxMessageSize + ")");
    }
    return n;
  }

  /** Reads and validates the settings; {@code apps} are the configured application names. */
  public static RtmpSettings from(Settings s, Collection<String> apps) {
    Map<String, List<String>> push = new LinkedHashMap<>();
    for (String app : apps) {
      String key = "arcly.app." + app + ".push";
      List<String> urls = new ArrayList<>();
      for (String raw : s.string(key, "").split(",")) {
        String url = raw.trim();
        if (url.isEmpty() || url.regionMatches(true, 0, "srt://", 0, 6)) {
          continue; // srt:// destinations are the SRT worker's
        }
        try {
          RelayTarget.parseBase(url);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key, url, e.getMessage());
        }
        urls.add(url);
      }
      if (!urls.isEmpty()) {
        push.put(app, urls);
      }
    }
    int maxMessageSize =
        s.integer(
            "arcly.rtmp.max-message-size", ChunkDecoder.DEFAULT_MAX_MESSAGE, 64 * 1024, 0xFFFFFF);
    return new RtmpSettings(
        s.bool("arcly.rtmp.enabled", true),
        s.string("arcly.rtmp.host", "0.0.0.0"),
        s.port("arcly.rtmp.port", 1935, true),
        s.integer("arcly.rtmp.chunk-size", 4096, 128, ChunkDecoder.MAX_CHUNK_SIZE),
        maxMessageSize,
        maxPendingBytes(s, maxMessageSize),
        s.duration("arcly.rtmp.handshake-timeout", Duration.ofSeconds(10)),
        s.duration("arcly.rtmp.idle-timeout", Duration.ofSeconds(30)),
        s.duration("arcly.rtmp.play-wait", Duration.ofSeconds(30), true),
        s.duration("arcly.rtmp.write-timeout", Duration.ofSeconds(30)),
        batchDelay(s),
        s.integer("arcly.rtmp.ack-window", 2_500_000, 4096, Integer.MAX_VALUE),
        s.integer("arcly.rtmp.max-connections", 10_000, 0, Integer.MAX_VALUE),
        push,
        s.duration("arcly.rtmp.relay.setup-timeout", Duration.ofSeconds(10)),
        s.duration("arcly.rtmp.relay.max-backoff", Duration.ofSeconds(30)),
        s.integer("arcly.rtmp.relay.max-per-stream", DEFAULT_RELAYS_PER_STREAM, 1, 1000));
  }
}
