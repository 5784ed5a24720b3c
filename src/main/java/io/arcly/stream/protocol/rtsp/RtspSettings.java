package io.arcly.stream.protocol.rtsp;

import io.arcly.stream.config.ConfigException;
import io.arcly.stream.config.Settings;
import java.time.Duration;

/**
 * The RTSP worker's settings ({@code arcly.rtsp.*}), validated once.
 *
 * @param enabled {@code arcly.rtsp.enabled}: run the worker
 * @param host {@code arcly.rtsp.host}: address to listen on (TCP and the UDP pair)
 * @param port {@code arcly.rtsp.port}: RTSP TCP port (0 picks a free one, for tests)
 * @param udp {@code arcly.rtsp.udp}: offer RTP/AVP over UDP unicast besides TCP interleaved
 * @param rtpPort {@code arcly.rtsp.rtp-port}: the server's UDP port for RTP, shared by every
 *     session (0 picks a free one)
 * @param rtcpPort {@code arcly.rtsp.rtcp-port}: the server's UDP port for RTCP (0 picks a free one)
 * @param sessionTimeout {@code arcly.rtsp.session-timeout}: a session that sends nothing (no
 *     request, no RTP or RTCP) for this long is closed; clients are told in the Session header
 * @param setupTimeout {@code arcly.rtsp.setup-timeout}: time a connection has to send its first
 *     request
 * @param playWait {@code arcly.rtsp.play-wait}: how long DESCRIBE waits for a publisher that has
 *     not started yet (and for its codec configurations); 0 answers 404 at once
 * @param writeTimeout {@code arcly.rtsp.write-timeout}: longest a write to one player may block
 *     before it is dropped
 * @param batchDelay {@code arcly.rtsp.batch-delay}: longest a frame may wait so that a player's
 *     packets go out in fewer, larger writes (at most 100 ms; 0 writes every frame at once)
 * @param maxConnections {@code arcly.rtsp.max-connections}: open connections allowed, 0 for none
 * @param maxBody {@code arcly.rtsp.max-body}: longest request body (an ANNOUNCE's SDP)
 * @param maxPayload {@code arcly.rtsp.max-payload}: the largest RTP payload sent, so packets fit
 *     the path's MTU
 * @param udpReceiveBuffer {@code arcly.rtsp.udp-receive-buffer}: socket receive buffer of the UDP
 *     pair, so bursts of a keyframe are not lost
 * @param multicast {@code arcly.rtsp.multicast}: offer RTP/AVP over UDP multicast to players
 * @param multicastRange {@code arcly.rtsp.multicast-range}: the IPv4 range group addresses come
 *     from, one per played track
 * @param multicastRtpPort {@code arcly.rtsp.multicast-rtp-port}: the port multicast RTP goes to
 *     (RTCP to the next one)
 * @param multicastTtl {@code arcly.rtsp.multicast-ttl}: how many routers multicast packets cross
 */
public record RtspSettings(
    boolean enabled,
    String host,
    int port,
    boolean udp,
    int rtpPort,
    int rtcpPort,
    Duration sessionTimeout,
    Duration setupTimeout,
    Duration playWait,
    Duration writeTimeout,
    Duration batchDelay,
    int maxConnections,
    int maxBody,
    int maxPayload,
    int udpReceiveBuffer,
    boolean multicast,
    MulticastRange multicastRange,
    int multicastRtpPort,
    int multicastTtl) {

  /** The longest batch delay accepted. */
  public static final Duration MAX_BATCH_DELAY = Duration.ofMillis(100);

  /** The default of {@code arcly.rtsp.multicast-range}. */
  public static final String DEFAULT_MULTICAST_RANGE = "224.1.0.0/16";

  /** Defaults for tests: loopback, ephemeral ports, short timeouts. */
  public static RtspSettings forTests() {
    return new RtspSettings(
        true,
        "127.0.0.1",
        0,
        true,
        0,
        0,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMillis(20),
        100,
        64 * 1024,
        1400,
        4 << 20,
        false,
        MulticastRange.parse(DEFAULT_MULTICAST_RANGE),
        8002,
        1);
  }

  /** These settings with another play wait. */
  public RtspSettings withPlayWait(Duration d) {
    return new RtspSettings(
        enabled,
        host,
        port,
        udp,
        rtpPort,
        rtcpPort,
        sessionTimeout,
        setupTimeout,
        d,
        writeTimeout,
        batchDelay,
        maxConnections,
        maxBody,
        maxPayload,
        udpReceiveBuffer,
        multicast,
        multicastRange,
        multicastRtpPort,
        multicastTtl);
  }

  /** These settings with multicast on, groups from {@code range}, RTP to {@code rtpPort}. */
  public RtspSettings withMulticast(MulticastRange range, int rtpPort) {
    return new RtspSettings(
        enabled,
        host,
        port,
        udp,
        this.rtpPort,
        rtcpPort,
        sessionTimeout,
        setupTimeout,
        playWait,
        writeTimeout,
        batchDelay,
        maxConnections,
        maxBody,
        maxPayload,
        udpReceiveBuffer,
        true,
        range,
        rtpPort,
        multicastTtl);
  }

  /** Reads and validates the settings. */
  public static RtspSettings from(Settings s) {
    Duration batch = s.duration("arcly.rtsp.batch-delay", Duration.ofMillis(20), true);
    if (batch.compareTo(MAX_BATCH_DELAY) > 0) {
      throw new ConfigException(
          "arcly.rtsp.batch-delay", s.string("arcly.rtsp.batch-delay", ""), "at most 100ms");
    }
    int rtp = s.port("arcly.rtsp.rtp-port", 8000, true);
    int rtcp = s.port("arcly.rtsp.rtcp-port", 8001, true);
    if (rtp != 0 && rtp == rtcp) {
      throw new ConfigException(
          "arcly.rtsp.rtcp-port", Integer.toString(rtcp), "must differ from arcly.rtsp.rtp-port");
    }
    return new RtspSettings(
        s.bool("arcly.rtsp.enabled", true),
        s.string("arcly.rtsp.host", "0.0.0.0"),
        s.port("arcly.rtsp.port", 8554, true),
        s.bool("arcly.rtsp.udp", true),
        rtp,
        rtcp,
        s.duration("arcly.rtsp.session-timeout", Duration.ofSeconds(60)),
        s.duration("arcly.rtsp.setup-timeout", Duration.ofSeconds(10)),
        s.duration("arcly.rtsp.play-wait", Duration.ofSeconds(10), true),
        s.duration("arcly.rtsp.write-timeout", Duration.ofSeconds(10)),
        batch,
        s.integer("arcly.rtsp.max-connections", 10_000, 0, Integer.MAX_VALUE),
        s.integer("arcly.rtsp.max-body", 64 * 1024, 1024, 1 << 20),
        s.integer("arcly.rtsp.max-payload", 1400, 200, 65_000),
        s.integer("arcly.rtsp.udp-receive-buffer", 4 << 20, 64 * 1024, 256 << 20),
        s.bool("arcly.rtsp.multicast", false),
        range(s),
        multicastPort(s),
        s.integer("arcly.rtsp.multicast-ttl", 16, 1, 255));
  }

  private static MulticastRange range(Settings s) {
    String v = s.string("arcly.rtsp.multicast-range", DEFAULT_MULTICAST_RANGE);
    try {
      return MulticastRange.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("arcly.rtsp.multicast-range", v, e.getMessage());
    }
  }

  private static int multicastPort(Settings s) {
    int p = s.port("arcly.rtsp.multicast-rtp-port", 8002, false);
    if (p == 65535) {
      throw new ConfigException(
          "arcly.rtsp.multicast-rtp-port", "65535", "leaves no port for RTCP after it");
    }
    return p;
  }
}
