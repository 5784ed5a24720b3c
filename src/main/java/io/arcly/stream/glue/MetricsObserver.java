package io.arcly.stream.glue;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.TrackReception;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.hls.HlsService;
import io.arcly.stream.protocol.rtmp.RtmpServer;
import io.arcly.stream.protocol.rtsp.RtspServer;
import io.arcly.stream.protocol.srt.SrtServer;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The kernel's telemetry hook feeding MicroProfile Metrics. Counters are looked up once per
 * protocol and cached, so the per-frame cost is a map read and two adds.
 */
final class MetricsObserver implements Observer {
  private record Traffic(
      Counter framesIn, Counter bytesIn, Counter framesOut, Counter bytesOut, Counter drops) {}

  private final MetricRegistry registry;
  private final ConcurrentHashMap<String, Traffic> traffic = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rejected = new ConcurrentHashMap<>();

  MetricsObserver(MetricRegistry registry) {
    this.registry = registry;
  }

  void registerGauges(Engine engine) {
    registry.gauge(
        meta("arcly.publishers.active", "Live streams (active publishers)", MetricUnits.NONE),
        engine,
        Engine::streamCount);
    registry.gauge(
        meta("arcly.subscribers.active", "Subscribers across all live streams", MetricUnits.NONE),
        engine,
        Engine::subscriberCount);
    registry.gauge(
        meta("arcly.sessions.active", "Remote players (play sessions)", MetricUnits.NONE),
        engine,
        e -> e.sessions().count());
  }

  /** Gauges of the HLS packager. */
  static void registerGauges(MetricRegistry registry, HlsService hls) {
    registry.gauge(
        meta(
            "arcly.hls.blocked.requests",
            "HLS playlist and part requests waiting for their segment or part",
            MetricUnits.NONE),
        hls,
        HlsService::blockedRequests);
  }

  /** The RTMP worker's bytes held in unfinished inbound messages, against its budget. */
  static void registerRtmpGauges(MetricRegistry registry, RtmpServer server) {
    registry.gauge(
        meta(
            "arcly.rtmp.pending",
            "Bytes held in unfinished inbound RTMP messages over all connections",
            MetricUnits.BYTES),
        server,
        RtmpServer::pendingBytes);
  }

  /**
   * The RTSP worker's gauges: its UDP datagrams from nobody's session, its multicast groups, and
   * over the live streams' RTP tracks (whatever protocol brought them), packets lost and access
   * units dropped for missing or malformed parts.
   */
  static void registerRtspGauges(MetricRegistry registry, RtspServer server, Engine engine) {
    registry.gauge(
        meta(
            "arcly.rtsp.udp.unknown",
            "UDP datagrams on the RTP/RTCP ports from senders of no session, dropped",
            MetricUnits.NONE),
        server,
        RtspServer::unknownDatagrams);
    registry.gauge(
        meta(
            "arcly.rtsp.multicast.groups",
            "Live streams sent to RTSP multicast groups",
            MetricUnits.NONE),
        server,
        RtspServer::multicastGroups);
    registry.gauge(
        meta(
            "arcly.rtp.lost",
            "RTP packets lost so far on the live streams' tracks",
            MetricUnits.NONE),
        engine,
        e -> receptionSum(e, TrackReception::lost));
    registry.gauge(
        meta(
            "arcly.rtp.dropped.units",
            "Access units dropped so far on the live streams' RTP tracks (parts missing or malformed)",
            MetricUnits.NONE),
        engine,
        e -> receptionSum(e, TrackReception::droppedUnits));
  }

  static void registerSrtGauges(MetricRegistry registry, SrtServer server) {
    registry.gauge(
        meta("arcly.srt.connections", "SRT connections open now", MetricUnits.NONE),
        server,
        s -> s.connections().size());
    registry.gauge(
        meta(
            "arcly.srt.packets.lost",
            "SRT data packets found missing so far (publishers' connections)",
            MetricUnits.NONE),
        server,
        s -> s.totals().lost());
    registry.gauge(
        meta(
            "arcly.srt.packets.retransmitted",
            "SRT data packets sent or received again so far",
            MetricUnits.NONE),
        server,
        s -> s.totals().retransmitted());
    registry.gauge(
        meta(
            "arcly.srt.packets.dropped",
            "SRT data packets given up so far (too late to play, or too old to send)",
            MetricUnits.NONE),
        server,
        s -> s.totals().dropped());
    registry.gauge(
        meta(
            "arcly.srt.handshakes.rejected",
            "SRT callers refused at the handshake",
            MetricUnits.NONE),
        server,
        SrtServer::rejections);
    registry.gauge(
        meta(
            "arcly.srt.handshakes.bad.cookie",
            "SRT conclusions dropped for a SYN cookie that did not check out (forged or stale)",
            MetricUnits.NONE),
        server,
        SrtServer::badCookies);
  }

  private static long receptionSum(
      Engine engine, java.util.function.ToLongFunction<TrackReception> f) {
    long n = 0;
    for (StreamHandle h : engine.listStreams(null)) {
      for (TrackReception r : h.reception()) {
        n += f.applyAsLong(r);
      }
    }
    return n;
  }

  private Traffic traffic(String protocol) {
    Traffic known = traffic.get(protocol); // the hot path: no capturing lambda per call
    if (known != null) {
      return known;
    }
    return traffic.computeIfAbsent(
        protocol,
        p -> {
          Tag tag = new Tag("protocol", p);
          return new Traffic(
              registry.counter(
                  meta("arcly.frames.in", "Frames received from publishers", MetricUnits.NONE),
                  tag),
              registry.counter(
                  meta(
                      "arcly.bytes.in",
                      "Payload bytes received from publishers",
                      MetricUnits.BYTES),
                  tag),
              registry.counter(
                  meta("arcly.frames.out", "Frames sent to subscribers", MetricUnits.NONE), tag),
              registry.counter(
                  meta("arcly.bytes.out", "Bytes sent to subscribers", MetricUnits.BYTES), tag),
              registry.counter(
                  meta(
                      "arcly.subscriber.drops",
                      "Frames skipped by slow subscribers",
                      MetricUnits.NONE),
                  tag));
        });
  }

  private static Metadata meta(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }

  @Override
  public void frameIn(String protocol, TrackKind kind, int bytes) {
    Traffic t = traffic(protocol);
    t.framesIn.inc();
    t.bytesIn.inc(bytes);
  }

  @Override
  public void framesOut(String protocol, int frames, long bytes) {
    Traffic t = traffic(protocol);
    t.framesOut.inc(frames);
    t.bytesOut.inc(bytes);
  }

  @Override
  public void subscriberDropped(String protocol, long frames) {
    traffic(protocol).drops.inc(frames);
  }

  @Override
  public void publishStarted(StreamKey key, String protocol) {
    traffic(protocol);
  }

  @Override
  public void sessionRejected(String protocol, String reason) {
    rejected
        .computeIfAbsent(
            protocol + '\0' + reason,
            k ->
                registry.counter(
                    meta(
                        "arcly.sessions.rejected",
                        "Publish and play attempts refused, by reason",
                        MetricUnits.NONE),
                    new Tag("protocol", protocol),
                    new Tag("reason", reason)))
        .inc();
  }
}
