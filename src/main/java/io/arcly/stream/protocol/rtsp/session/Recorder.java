package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.format.PayloadFormats;
import io.arcly.stream.rtp.sdp.MediaDescription;
import io.arcly.stream.rtp.sdp.RtpMap;
import io.arcly.stream.rtp.sdp.SessionDescription;
import io.arcly.stream.rtp.stream.LipSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The publishing side of an RTSP session: the tracks an ANNOUNCE described, their transports as
 * SETUP chose them, and from RECORD on the publish session their frames go to. Frames from TCP
 * arrive on the connection's thread and frames from UDP on the socket's thread; publishing is
 * serialized, so the engine sees one publisher thread at a time.
 */
final class Recorder {
  private static final System.Logger LOG = System.getLogger(Recorder.class.getName());

  final StreamKey key;

  /** What the client proved: from ANNOUNCE, or RECORD when it sent its own. */
  Credentials credentials;

  final List<InTrack> tracks;
  private final LipSync sync = new LipSync();
  private final List<AutoCloseable> udpRegistrations = new ArrayList<>();

  /** Room below the first frame's timestamps for other tracks and reordering. */
  private static final long START_MARGIN_MICROS = 200_000;

  private PublishSession session;
  private boolean offsetSet;
  private long offset;
  private volatile boolean closed;

  private Recorder(StreamKey key, Credentials credentials, List<InTrack> tracks) {
    this.key = key;
    this.credentials = credentials;
    this.tracks = tracks;
  }

  /**
   * The recorder for an ANNOUNCE of {@code key} with description {@code sdp}.
   *
   * @throws IllegalArgumentException naming why the description cannot be published (no track the
   *     server can read, too many tracks, a malformed format)
   */
  static Recorder announce(StreamKey key, Credentials credentials, SessionDescription sdp) {
    List<InTrack> tracks = new ArrayList<>();
    List<MediaDescription> media = sdp.media();
    if (media.size() > StreamHandle.MAX_TRACKS) {
      throw new IllegalArgumentException(
          "the description has "
              + media.size()
              + " media sections; at most "
              + StreamHandle.MAX_TRACKS);
    }
    for (int i = 0; i < media.size(); i++) {
      MediaDescription m = media.get(i);
      Optional<RtpMap> map = m.firstRtpMap();
      int pt = m.payloadTypes().isEmpty() ? -1 : m.payloadTypes().get(0);
      if (map.isEmpty() && pt >= 0) {
        map = Optional.ofNullable(RtpMap.ofStatic(pt));
      }
      io.arcly.stream.rtp.format.Depacketizer format = null;
      if (map.isPresent()) {
        RtpMap r = map.get();
        try {
          format =
              PayloadFormats.depacketizer(
                  r.encoding(), r.clockRate(), r.channels(), m.fmtp(r.payloadType()));
        } catch (RtpException e) {
          throw new IllegalArgumentException(
              "media section " + (i + 1) + " (" + r.encoding() + "): " + e.getMessage());
        }
        pt = r.payloadType();
      }
      tracks.add(new InTrack(i, m.control().orElse(""), pt, format));
    }
    if (tracks.stream().noneMatch(InTrack::supported)) {
      throw new IllegalArgumentException(
          "no media section has a codec the server reads (H264, H265, AV1, MPEG4-GENERIC,"
              + " MP4A-LATM, OPUS, PCMU, PCMA)");
    }
    return new Recorder(key, credentials, tracks);
  }

  /** The tracks set up so far. */
  boolean anySetUp() {
    return tracks.stream().anyMatch(t -> t.setUp);
  }

  /** Remembers a UDP registration to undo at the end. */
  void addUdp(AutoCloseable r) {
    udpRegistrations.add(r);
  }

  /**
   * Claims the key (auth, one publisher per key) and starts taking frames.
   *
   * @throws StreamException when the engine refuses the publisher
   */
  void record(RtspConnection conn, ClientInfo client) {
    session = conn.context().ctx().openPublish(key, client, credentials);
    session.onEnd(
        r -> {
          if (!closed) {
            conn.close("publish of " + key + " ended: " + r.code(), false);
          }
        });
    session.reportReception(
        () -> tracks.stream().filter(InTrack::supported).map(InTrack::reception).toList());
    for (InTrack t : tracks) {
      if (t.supported()) {
        // Known from the description before any frame, so players see every track at once.
        session.describeTrack(TrackInfo.codecOnly(t.index, t.format.codec()));
      }
      t.start(this, sync, t.channel < 0, this::publish);
    }
  }

  boolean recording() {
    return session != null;
  }

  /** Runs {@code work} for a UDP datagram, serialized with the other tracks. */
  synchronized void fromUdp(Runnable work) {
    if (!closed && session != null) {
      work.run();
    }
  }

  /** An interleaved frame on {@code channel}: RTP or RTCP of a set-up track. */
  synchronized void interleaved(int channel, byte[] data, long now) {
    if (closed || session == null) {
      return;
    }
    for (InTrack t : tracks) {
      if (t.channel == channel) {
        t.rtpInterleaved(data, now);
        return;
      }
      if (t.channel >= 0 && t.channel + 1 == channel) {
        t.rtcpPacket(data, now);
        return;
      }
    }
  }

  private void publish(Frame f) {
    if (!offsetSet) {
      // Derived decoding timestamps start a few frames before the first presentation time, below
      // zero: move the whole stream (every track alike) so they do not.
      offsetSet = true;
      offset = Math.max(0, -f.dts()) + START_MARGIN_MICROS;
    }
    if (offset != 0) {
      f = f.withTiming(f.pts() + offset, Math.max(0, f.dts() + offset), f.flags());
    }
    try {
      session.publish(f);
    } catch (StreamException e) {
      // ended meanwhile (kick, takeover, track limit): the end listener closes the connection
      if (e.reason() != StreamException.Reason.SESSION_CLOSED) {
        LOG.log(System.Logger.Level.INFO, "rtsp publish of " + key + ": " + e.getMessage());
        session.end(io.arcly.stream.kernel.EndReason.ERROR);
      }
    }
  }

  /** When the last packet of any track arrived, {@link System#nanoTime}; 0 before any. */
  long lastPacketNanos() {
    long last = 0;
    for (InTrack t : tracks) {
      last = Math.max(last, t.lastPacketNanos());
    }
    return last;
  }

  /** Ends publishing and frees the UDP registrations. Idempotent. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable r : udpRegistrations) {
      try {
        r.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    if (session != null) {
      session.close();
    }
  }
}
