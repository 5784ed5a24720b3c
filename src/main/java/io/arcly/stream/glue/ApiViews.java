package io.arcly.stream.glue;

import io.arcly.stream.kernel.PlaySession;
import io.arcly.stream.kernel.Qos;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.TrackReception;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.TrackInfo;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API, built from kernel values. */
public final class ApiViews {
  private ApiViews() {}

  /** A peer: protocol, remote address and what the client calls itself. */
  public record Peer(String protocol, String remoteAddress, String clientName) {
    public static Peer of(ClientInfo c) {
      return new Peer(c.protocol(), c.remoteAddress(), c.clientName());
    }
  }

  /** One track. */
  public record Track(
      int id,
      String kind,
      String codec,
      String codecString,
      Integer width,
      Integer height,
      Integer sampleRate,
      Integer channels,
      TrackReception reception) {
    static Track of(TrackInfo t) {
      return of(t, List.of());
    }

    static Track of(TrackInfo t, List<TrackReception> reception) {
      TrackReception r =
          reception.stream().filter(x -> x.track() == t.id()).findFirst().orElse(null);
      return new Track(
          t.id(),
          t.kind().label(),
          t.codec().label(),
          t.codecString(),
          t.width() > 0 ? t.width() : null,
          t.height() > 0 ? t.height() : null,
          t.sampleRate() > 0 ? t.sampleRate() : null,
          t.channels() > 0 ? t.channels() : null,
          r);
    }
  }

  /** Live figures of a stream. */
  public record Stats(
      long bitrateIn,
      long bitrateOut,
      double fps,
      long framesIn,
      long bytesIn,
      long videoFrames,
      long audioFrames,
      long keyframes,
      long framesOut,
      long bytesOut,
      long drops,
      long discontinuities) {
    static Stats of(Qos q) {
      return new Stats(
          q.bitrateIn(),
          q.bitrateOut(),
          q.fps(),
          q.framesIn(),
          q.bytesIn(),
          q.videoFrames(),
          q.audioFrames(),
          q.keyframes(),
          q.framesOut(),
          q.bytesOut(),
          q.drops(),
          q.discontinuities());
    }
  }

  /** A live stream. */
  public record Stream(
      String app,
      String stream,
      String key,
      Peer publisher,
      String startedAt,
      long uptimeSeconds,
      int subscribers,
      Map<String, Integer> subscribersByProtocol,
      List<Track> tracks,
      Stats stats,
      Map<String, Object> metadata) {
    static Stream of(StreamHandle h) {
      Map<String, Integer> byProtocol = new java.util.TreeMap<>();
      for (var sub : h.subscribers()) {
        byProtocol.merge(sub.client().protocol(), 1, Integer::sum);
      }
      Qos q = h.qos();
      return new Stream(
          h.key().app(),
          h.key().stream(),
          h.key().toString(),
          Peer.of(h.publisher()),
          h.startedAt().toString(),
          q.uptimeMillis() / 1000,
          q.subscribers(),
          byProtocol,
          h.tracks().stream().map(t -> Track.of(t, h.reception())).toList(),
          Stats.of(q),
          h.metadata().values());
    }
  }

  /** The stream list. */
  public record StreamList(int count, List<Stream> streams) {}

  /** A remote player. */
  public record Session(
      String id,
      String stream,
      String protocol,
      String remoteAddress,
      String clientName,
      long bytesSent,
      String since) {
    static Session of(PlaySession s) {
      ClientInfo c = s.client();
      return new Session(
          s.id(),
          s.key().toString(),
          c.protocol(),
          c.remoteAddress(),
          c.clientName(),
          s.bytesSent(),
          s.since().toString());
    }
  }

  /** The session list. */
  public record SessionList(int count, List<Session> sessions) {}

  /**
   * One SRT connection with its transport counters.
   *
   * @param id our socket id
   * @param remoteAddress the peer, {@code ip:port}
   * @param mode {@code publish} or {@code read}
   * @param stream the stream
   * @param user the user of the stream id, or empty
   * @param latencyMillis the agreed latency
   * @param encrypted whether payloads are encrypted
   * @param since when it started (ISO-8601)
   * @param rttMillis round-trip time
   * @param packetsReceived data packets received
   * @param packetsSent data packets sent
   * @param bytesReceived payload bytes received
   * @param bytesSent payload bytes sent
   * @param packetsLost packets found missing (publishers)
   * @param packetsRetransmitted packets sent or received again
   * @param packetsDropped packets given up (too late, or too old to send)
   * @param packetsUndecryptable packets that could not be decrypted
   * @param bitrate payload bits per second over the last second
   */
  public record SrtConnection(
      long id,
      String remoteAddress,
      String mode,
      String stream,
      String user,
      int latencyMillis,
      boolean encrypted,
      String since,
      double rttMillis,
      long packetsReceived,
      long packetsSent,
      long bytesReceived,
      long bytesSent,
      long packetsLost,
      long packetsRetransmitted,
      long packetsDropped,
      long packetsUndecryptable,
      long bitrate) {
    static SrtConnection of(io.arcly.stream.protocol.srt.session.Connection c) {
      var i = c.info();
      var s = c.stats();
      return new SrtConnection(
          Integer.toUnsignedLong(c.localId()),
          c.peer().getAddress().getHostAddress() + ":" + c.peer().getPort(),
          i.mode(),
          i.stream(),
          i.user(),
          i.latencyMillis(),
          i.encrypted(),
          java.time.Instant.ofEpochMilli(i.startedMillis()).toString(),
          s.rttMicros() / 1000.0,
          s.packetsReceived(),
          s.packetsSent(),
          s.bytesReceived(),
          s.bytesSent(),
          s.lost(),
          s.retransmitted(),
          s.dropped(),
          s.undecryptable(),
          s.bitrate());
    }
  }

  /** The SRT connection list. */
  public record SrtConnectionList(int count, List<SrtConnection> connections) {}

  /** An error answer: a stable code and a message in words. */
  public record Error(int status, String error, String message) {}

  /** One relay. */
  public record RelayView(
      String id,
      String stream,
      String url,
      String state,
      boolean configured,
      int attempts,
      String lastError,
      String since) {
    static RelayView of(io.arcly.stream.protocol.rtmp.Relay r) {
      return new RelayView(
          r.id(),
          r.stream().key().toString(),
          r.target().toString(),
          r.state().name().toLowerCase(java.util.Locale.ROOT),
          r.configured(),
          r.attempts(),
          r.lastError(),
          r.since().toString());
    }
  }

  /** Relays of a stream. */
  public record RelayList(int count, List<RelayView> relays) {}
}
