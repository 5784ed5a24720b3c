package io.arcly.stream.conformance;

import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtsp.wire.InterleavedFrame;
import io.arcly.stream.protocol.rtsp.wire.RtspDecoder;
import io.arcly.stream.protocol.rtsp.wire.RtspMessage;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import io.arcly.stream.protocol.rtsp.wire.Transport;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.format.Depacketizer;
import io.arcly.stream.rtp.format.PayloadFormats;
import io.arcly.stream.rtp.sdp.MediaDescription;
import io.arcly.stream.rtp.sdp.RtpMap;
import io.arcly.stream.rtp.sdp.SessionDescription;
import io.arcly.stream.rtp.stream.LipSync;
import io.arcly.stream.rtp.stream.RtpReceiver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes what an RTSP server sent a client: responses (by CSeq), the description a DESCRIBE got,
 * and the RTP of every track SETUP chose, interleaved on the connection or in datagrams to the
 * client's ports, depacketized with the payload format its rtpmap and fmtp name. Counts frames per
 * kind and keyframes, notes whether video began with a keyframe, and can keep the frames (the
 * captured server's media, used as the sample a play replay publishes).
 */
final class RtspAnswers {
  /** One track the server sends, as SETUP set it up. */
  private static final class Track {
    final int index;
    final RtpReceiver receiver;
    final TrackKind kind;

    Track(int index, RtpReceiver receiver, TrackKind kind) {
      this.index = index;
      this.receiver = receiver;
      this.kind = kind;
    }
  }

  private final RtspDecoder decoder = new RtspDecoder(1 << 20);
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 17);
  private final boolean keepFrames;
  private final LipSync sync = new LipSync();
  private final Map<Long, CompletableFuture<RtspResponse>> responses = new ConcurrentHashMap<>();
  private final Map<Integer, Track> byChannel = new ConcurrentHashMap<>();
  private final Map<Integer, Track> byPort = new ConcurrentHashMap<>();
  private long nowNanos;

  /** Completes when the server closed the connection. */
  final CompletableFuture<Void> closed = new CompletableFuture<>();

  final List<RtspResponse> inOrder = new ArrayList<>();
  final Map<TrackKind, String> codecs = new LinkedHashMap<>();
  final List<Frame> frames = new ArrayList<>();
  SessionDescription sdp;
  int videoFrames;
  int audioFrames;
  int keyframes;
  boolean videoStartedWithKeyframe = true;
  int malformedPackets;
  String error;

  RtspAnswers(boolean keepFrames) {
    this.keepFrames = keepFrames;
    buf.limit(0);
  }

  /** Feeds bytes the server sent on the connection at {@code nanos} (a monotonic clock). */
  synchronized void feed(byte[] b, int off, int len, long nanos) {
    nowNanos = nanos;
    if (error != null) {
      return;
    }
    while (len > 0) {
      buf.compact();
      int k = Math.min(buf.remaining(), len);
      buf.put(b, off, k);
      buf.flip();
      off += k;
      len -= k;
      try {
        decoder.decode(buf, this::message);
      } catch (RuntimeException e) {
        error = "undecodable answer: " + e.getMessage();
        return;
      }
    }
  }

  /** A datagram the server sent to the client's port {@code port}, at {@code nanos}. */
  synchronized void datagram(int port, byte[] data, long nanos) {
    nowNanos = nanos;
    Track t = byPort.get(port);
    if (t != null) {
      rtp(t, data, 0, data.length);
    }
  }

  /** The server closed the connection. */
  void end() {
    closed.complete(null);
    responses.values().forEach(f -> f.complete(null));
  }

  /** The response to the request with {@code cseq}, once it arrives (null if the server closed). */
  CompletableFuture<RtspResponse> response(long cseq) {
    CompletableFuture<RtspResponse> f =
        responses.computeIfAbsent(cseq, k -> new CompletableFuture<>());
    if (closed.isDone()) {
      f.complete(null);
    }
    return f;
  }

  private void message(RtspMessage m) {
    switch (m) {
      case RtspResponse r -> {
        inOrder.add(r);
        if (r.isSuccess()
            && r.body().length() > 0
            && r.headers().get("Content-Type").orElse("").startsWith("application/sdp")) {
          try {
            sdp = SessionDescription.parse(r.body().toByteArray());
          } catch (RuntimeException e) {
            error = "undecodable description: " + e.getMessage();
          }
        }
        responses.computeIfAbsent(r.cseq(), k -> new CompletableFuture<>()).complete(r);
      }
      case InterleavedFrame f -> {
        Track t = byChannel.get(f.channel());
        if (t != null) {
          ByteBuffer d = f.data();
          byte[] b = new byte[d.remaining()];
          d.get(b);
          rtp(t, b, 0, b.length);
        }
      }
      default -> {
        // a request from the server: none is expected
      }
    }
  }

  /**
   * SETUP of {@code url} was answered {@code r}: the track its control names starts, on the
   * channels or client ports the answer's Transport gives. Returns why it cannot, or null.
   */
  synchronized String setUp(String url, RtspResponse r) {
    if (r == null || !r.isSuccess()) {
      return null;
    }
    if (sdp == null) {
      return "setup answered before any description";
    }
    int index = mediaIndex(url);
    if (index < 0) {
      return "setup of " + url + " names no track of the description";
    }
    MediaDescription m = sdp.media().get(index);
    Optional<RtpMap> map = m.firstRtpMap();
    if (map.isEmpty() && !m.payloadTypes().isEmpty()) {
      map = Optional.ofNullable(RtpMap.ofStatic(m.payloadTypes().get(0)));
    }
    if (map.isEmpty()) {
      return "track " + index + " has no rtpmap";
    }
    RtpMap rm = map.get();
    Depacketizer d;
    try {
      d =
          PayloadFormats.depacketizer(
              rm.encoding(), rm.clockRate(), rm.channels(), m.fmtp(rm.payloadType()));
    } catch (RtpException e) {
      return "track " + index + " (" + rm.encoding() + "): bad fmtp: " + e.getMessage();
    }
    if (d == null) {
      return "track " + index + " has an encoding no depacketizer reads: " + rm.encoding();
    }
    // This server's description must carry what players need before the first frame; a captured
    // server may send its parameter sets in band instead.
    if (!keepFrames && needsConfig(d) && d.initialConfig() == null) {
      return "track "
          + index
          + " ("
          + rm.encoding()
          + ") has no decoder configuration in its fmtp: "
          + m.fmtp(rm.payloadType());
    }
    codecs.putIfAbsent(d.codec().kind(), d.codec().label());
    int trackIndex = index;
    Track t =
        new Track(
            index,
            new RtpReceiver(d, sync.track(d.clockRate()), f -> frame(f.withTrack(trackIndex))),
            d.codec().kind());
    Transport tr = Transport.parse(r.headers().get("Transport").orElse(""));
    if (tr.interleaved() != null) {
      byChannel.put(tr.interleaved().first(), t);
    } else if (tr.clientPort() != null) {
      byPort.put(tr.clientPort().first(), t);
    } else {
      return "setup answer names neither channels nor client ports: " + tr;
    }
    return null;
  }

  private static boolean needsConfig(Depacketizer d) {
    return switch (d.codec()) {
      case H264, H265, AAC -> true;
      default -> false;
    };
  }

  /** The media section whose control the last segment of {@code url} names, or -1. */
  private int mediaIndex(String url) {
    String path = RtspUnits.path(url);
    List<MediaDescription> media = sdp.media();
    for (int i = 0; i < media.size(); i++) {
      String c = media.get(i).control().orElse("");
      if (c.isEmpty() || c.equals("*")) {
        continue;
      }
      String cPath = c.contains("://") ? RtspUnits.path(c) : c;
      if (path.equals(cPath) || path.endsWith("/" + cPath)) {
        return i;
      }
    }
    // A control this client names its own way ("stream=0" for "trackID=0"): match the number.
    String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\D", "");
    for (int i = 0; i < media.size() && !last.isEmpty(); i++) {
      String c = media.get(i).control().orElse("").replaceAll(".*/", "").replaceAll("\\D", "");
      if (c.equals(last)) {
        return i;
      }
    }
    return media.size() == 1 ? 0 : -1;
  }

  private void rtp(Track t, byte[] b, int off, int len) {
    if (len < 2 || (b[off + 1] & 0xFF) >= 200 && (b[off + 1] & 0xFF) <= 204) {
      return; // RTCP on the RTP channel's neighbour or a multiplexed report
    }
    try {
      t.receiver.receive(RtpPacket.parse(b, off, len), nowNanos);
    } catch (RtpException e) {
      malformedPackets++;
    }
  }

  private void frame(Frame f) {
    if (keepFrames) {
      frames.add(f);
    }
    if (f.isConfig()) {
      return;
    }
    if (f.kind() == TrackKind.VIDEO) {
      if (videoFrames == 0 && !f.isKeyframe()) {
        videoStartedWithKeyframe = false;
      }
      videoFrames++;
      keyframes += f.isKeyframe() ? 1 : 0;
    } else if (f.kind() == TrackKind.AUDIO) {
      audioFrames++;
    }
  }
}
