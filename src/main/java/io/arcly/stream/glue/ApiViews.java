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
