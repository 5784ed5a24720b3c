package io.arcly.stream.protocol.srt;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SRT worker's settings ({@code arcly.srt.*}), validated once.
 *
 * @param enabled {@code arcly.srt.enabled}: run the worker
 * @param host {@code arcly.srt.host}: address to listen on
 * @param port {@code arcly.srt.port}: the UDP port every SRT connection shares (0 picks a free one)
 * @param latency {@code arcly.srt.latency}: this side's TSBPD latency; a connection uses the larger
 *     of both sides' (libsrt's default is 120 ms)
 * @param peerIdleTimeout {@code arcly.srt.peer-idle-timeout}: a connection whose peer sends nothing
 *     for this long ends, and a publisher's key is free again
 * @param playWait {@code arcly.srt.play-wait}: how long a reader of a stream that is not live yet
 *     stays connected waiting for its publisher; 0 refuses it at once (not found)
 * @param receiveBuffer {@code arcly.srt.receive-buffer}: packets a publisher's connection holds for
 *     reordering and retransmission (rounded up to a power of two)
 * @param sendBuffer {@code arcly.srt.send-buffer}: packets kept per reader for retransmission
 *     (rounded up to a power of two)
 * @param maxPendingHandshakes {@code arcly.srt.max-pending-handshakes}: callers being admitted at
 *     once; more are refused as backlog
 * @param udpReceiveBuffer {@code arcly.srt.udp-receive-buffer}: the socket's receive buffer
 * @param batchDelay {@code arcly.srt.batch-delay}: longest a frame may wait so that a reader's
 *     packets go out in fewer bursts (at most 100 ms; 0 sends every frame at once)
 * @param kmRefreshRate {@code arcly.srt.km-refresh-rate}: packets sent with one key before a
 *     reader's connection switches to a new one (libsrt: 2^24)
 * @param kmPreAnnounce {@code arcly.srt.km-pre-announce}: packets before and after a switch during
 *     which both keys are known to the peer (libsrt: 4096)
 * @param passphrase {@code arcly.srt.passphrase}: the passphrase of every stream without its own
 *     (empty: none)
 * @param push per application, the {@code srt://} destinations of {@code arcly.app.NAME.push}
 */
public record SrtSettings(
    boolean enabled,
    String host,
    int port,
    Duration latency,
    Duration peerIdleTimeout,
    Duration playWait,
    int receiveBuffer,
    int sendBuffer,
    int maxPendingHandshakes,
    int udpReceiveBuffer,
    Duration batchDelay,
    long kmRefreshRate,
    int kmPreAnnounce,
    String passphrase,
    Map<String, List<SrtUrl>> push) {

  /** Copies the push map. */
  public SrtSettings {
    push = Map.copyOf(push);
  }

  /** Defaults for tests: loopback, a free port, short timeouts. */
  public static SrtSettings forTests() {
    return new SrtSettings(
        true,
        "127.0.0.1",
        0,
        Duration.ofMillis(120),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        8192,
        8192,
        64,
        4 << 20,
        Duration.ofMillis(20),
        1L << 24,
        4096,
        "",
        Map.of());
  }

  /** These settings with another latency and passphrase. */
  public SrtSettings with(Duration latency, String passphrase) {
    return new SrtSettings(
        enabled,
        host,
        port,
        latency,
        peerIdleTimeout,
        playWait,
        receiveBuffer,
        sendBuffer,
        maxPendingHandshakes,
        udpReceiveBuffer,
        batchDelay,
        kmRefreshRate,
        kmPreAnnounce,
        passphrase,
        push);
  }

  /** These settings with another key refresh schedule. */
  public SrtSettings withKeyRefresh(long rate, int preAnnounce) {
    return new SrtSettings(
        enabled,
        host,
        port,
        latency,
        peerIdleTimeout,
        playWait,
        receiveBuffer,
        sendBuffer,
        maxPendingHandshakes,
        udpReceiveBuffer,
        batchDelay,
        rate,
        preAnnounce,
        passphrase,
        push);
  }

  /** These settings with other push destinations. */
  public SrtSettings withPush(Map<String, List<SrtUrl>> push) {
    return new SrtSettings(
        enabled,
        host,
        port,
        latency,
        peerIdleTimeout,
        playWait,
        receiveBuffer,
        sendBuffer,
        maxPendingHandshakes,
        udpReceiveBuffer,
        batchDelay,
        kmRefreshRate,
        kmPreAnnounce,
        passphrase,
        push);
  }

  /** Reads and validates the settings; {@code apps} are the configured application names. */
  public static SrtSettings from(Settings s, Collection<String> apps) {
    Duration latency = s.duration("arcly.srt.latency", Duration.ofMillis(120), true);
    if (latency.toMillis() > 60_000) {
      throw new ConfigException("arcly.srt.latency", latency.toString(), "at most 60s");
    }
    Duration batch = s.duration("arcly.srt.batch-delay", Duration.ofMillis(20), true);
    if (batch.toMillis() > 100) {
      throw new ConfigException("arcly.srt.batch-delay", batch.toString(), "at most 100ms");
    }
    int preAnnounce = s.integer("arcly.srt.km-pre-announce", 4096, 1, 1 << 24);
    long refresh = s.integer("arcly.srt.km-refresh-rate", 1 << 24, 2, Integer.MAX_VALUE);
    if (preAnnounce * 2L >= refresh) {
      throw new ConfigException(
          "arcly.srt.km-pre-announce",
          Integer.toString(preAnnounce),
          "must be less than half of arcly.srt.km-refresh-rate");
    }
    String pass = s.string("arcly.srt.passphrase", "");
    Passphrases.check("arcly.srt.passphrase", pass);
    return new SrtSettings(
        s.bool("arcly.srt.enabled", true),
        s.string("arcly.srt.host", "0.0.0.0"),
        s.port("arcly.srt.port", 8890, true),
        latency,
        s.duration("arcly.srt.peer-idle-timeout", Duration.ofSeconds(5)),
        s.duration("arcly.srt.play-wait", Duration.ofSeconds(5), true),
        powerOfTwo(s.integer("arcly.srt.receive-buffer", 8192, 32, 1 << 16)),
        powerOfTwo(s.integer("arcly.srt.send-buffer", 8192, 32, 1 << 16)),
        s.integer("arcly.srt.max-pending-handshakes", 64, 1, 10_000),
        s.integer("arcly.srt.udp-receive-buffer", 8 << 20, 64 * 1024, 256 << 20),
        batch,
        refresh,
        preAnnounce,
        pass,
        push(s, apps));
  }

  /** The {@code srt://} entries of each application's push list (RTMP takes the others). */
  private static Map<String, List<SrtUrl>> push(Settings s, Collection<String> apps) {
    Map<String, List<SrtUrl>> push = new LinkedHashMap<>();
    for (String app : apps) {
      String key = "arcly.app." + app + ".push";
      List<SrtUrl> urls = new ArrayList<>();
      for (String raw : s.string(key, "").split(",")) {
        String url = raw.trim();
        if (!url.regionMatches(true, 0, "srt://", 0, 6)) {
          continue;
        }
        try {
          urls.add(SrtUrl.parse(url));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key, SrtUrl.redact(url), e.getMessage());
        }
      }
      if (!urls.isEmpty()) {
        push.put(app, List.copyOf(urls));
      }
    }
    return push;
  }

  private static int powerOfTwo(int n) {
    return Integer.highestOneBit(n - 1) << 1;
  }
}
