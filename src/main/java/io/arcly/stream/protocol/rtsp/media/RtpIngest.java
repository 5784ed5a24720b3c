package io.arcly.stream.protocol.rtsp.media;

import io.arcly.stream.kernel.EndReason;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.format.Depacketizer;
import io.arcly.stream.rtp.format.PayloadFormats;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import io.arcly.stream.rtp.sdp.MediaDescription;
import io.arcly.stream.rtp.sdp.RtpMap;
import io.arcly.stream.rtp.sdp.SessionDescription;
import io.arcly.stream.rtp.stream.LipSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The receiving side of RTSP media, shared by the server's publishers (ANNOUNCE, RECORD) and the
 * camera client (DESCRIBE, PLAY): the tracks of a session description with their payload formats,
 * and once started, every track's RTP and RTCP (interleaved over TCP, or over UDP through a reorder
 * buffer) turned into frames on the publish session, each on its track's index. Frames from TCP
 * arrive on the connection's thread and frames from UDP on the sockets' threads; publishing is
 * serialized, so the engine sees one publisher thread at a time.
 */
public final class RtpIngest {
  private static final System.Logger LOG = System.getLogger(RtpIngest.class.getName());

  /** The codecs a track may carry to be read, as named in refusals. */
  public static final String READABLE =
      "H264, H265, AV1, MPEG4-GENERIC, MP4A-LATM, OPUS, PCMU, PCMA";

  private final List<InTrack> tracks;
  private final LipSync sync = new LipSync();
  private final List<AutoCloseable> udpRegistrations = new ArrayList<>();
  private PublishSession session;
  private IntConsumer onGoodbye = i -> {};
  private Runnable onFirstFrame = () -> {};
  private boolean published;
  private volatile boolean closed;

  private RtpIngest(List<InTrack> tracks) {
    this.tracks = List.copyOf(tracks);
  }

  /**
   * The tracks of {@code sdp}, each with the payload format of its first payload type (null for a
   * codec that cannot be read).
   *
   * @throws IllegalArgumentException naming why the description cannot be read: no track with a
   *     codec that can (the codecs it has named), too many tracks, a malformed format
   */
  public static RtpIngest of(SessionDescription sdp) {
    List<InTrack> tracks = new ArrayList<>();
    List<MediaDescription> media = sdp.media();
    if (media.size() > StreamHandle.MAX_TRACKS) {
      throw new IllegalArgumentException(
          "the description has "
              + media.size()
              + " media sections; at most "
              + StreamHandle.MAX_TRACKS);
    }
    List<String> unreadable = new ArrayList<>();
    for (int i = 0; i < media.size(); i++) {
      MediaDescription m = media.get(i);
      Optional<RtpMap> map = m.firstRtpMap();
      int pt = m.payloadTypes().isEmpty() ? -1 : m.payloadTypes().get(0);
      if (map.isEmpty() && pt >= 0) {
        map = Optional.ofNullable(RtpMap.ofStatic(pt));
      }
      Depacketizer format = null;
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
        if (format == null) {
          unreadable.add(r.encoding());
        }
      } else {
        unreadable.add(m.media() + " payload type " + pt);
      }
      tracks.add(new InTrack(i, m.control().orElse(""), pt, format));
    }
    if (tracks.stream().noneMatch(InTrack::supported)) {
      throw new IllegalArgumentException(
          "no media section has a codec the server reads ("
              + READABLE
              + ")"
              + (unreadable.isEmpty() ? "" : ", only " + String.join(", ", unreadable)));
    }
    return new RtpIngest(tracks);
  }

  /** Every track of the description, in its order. */
  public List<InTrack> tracks() {
    return tracks;
  }

  /** Whether any track is set up. */
  public boolean anySetUp() {
    return tracks.stream().anyMatch(InTrack::isSetUp);
  }

  /** Remembers a UDP registration to undo when closing. */
  public synchronized void addUdp(AutoCloseable r) {
    if (closed) {
      closeQuietly(r);
    } else {
      udpRegistrations.add(r);
    }
  }

  /** Runs {@code listener} with a track's index when its sender says goodbye (RTCP BYE). */
  public void onGoodbye(IntConsumer listener) {
    this.onGoodbye = listener;
  }

  /** Runs {@code listener} once, when the first frame has been published. */
  public void onFirstFrame(Runnable listener) {
    this.onFirstFrame = listener;
  }

  /**
   * Starts publishing into {@code publish}: every readable track is described at once (so players
   * see every track before any frame), and from now on packets become frames.
   */
  public synchronized void start(PublishSession publish) {
    if (closed) {
      publish.close();
      return;
    }
    session = publish;
    publish.reportReception(
        () -> tracks.stream().filter(InTrack::supported).map(InTrack::reception).toList());
    for (InTrack t : tracks) {
      if (t.supported()) {
        publish.describeTrack(TrackInfo.codecOnly(t.index(), t.format().codec()));
      }
      t.start(this, sync, t.isSetUp() && t.channel() < 0, this::publish);
    }
    // Configurations the description gave go out before any media, every track's at once, so
    // consumers (HLS) start with all tracks rather than meet a late one.
    for (InTrack t : tracks) {
      if (t.supported() && t.format().initialConfig() != null) {
        publish(
            io.arcly.stream.media.Frame.config(t.format().codec(), 0, t.format().initialConfig())
                .withTrack(t.index()));
      }
    }
  }

  /** Whether {@link #start} ran. */
  public boolean started() {
    return session != null;
  }

  /** Runs {@code work} for a UDP datagram, serialized with the other tracks. */
  synchronized void fromUdp(Runnable work) {
    if (!closed && session != null) {
      work.run();
    }
  }

  /**
   * An interleaved frame on {@code channel}: RTP or RTCP of a set-up track; a frame on any other
   * channel is ignored.
   */
  public synchronized void interleaved(int channel, byte[] data, long now) {
    if (closed || session == null) {
      return;
    }
    for (InTrack t : tracks) {
      if (t.channel() == channel) {
        t.rtpInterleaved(data, now);
        return;
      }
      if (t.channel() >= 0 && t.channel() + 1 == channel) {
        t.rtcpPacket(data, now);
        return;
      }
    }
  }

  void goodbye(int index) {
    onGoodbye.accept(index);
  }

  /**
   * The reception report blocks of the tracks received over UDP that have had packets, by track
   * index, as of {@code now} ({@link System#nanoTime}); each call starts a new interval for the
   * loss fraction.
   */
  public synchronized Map<Integer, RtcpPacket.ReportBlock> reports(long now) {
    Map<Integer, RtcpPacket.ReportBlock> out = new LinkedHashMap<>();
    for (InTrack t : tracks) {
      RtcpPacket.ReportBlock b = t.report(now);
      if (b != null) {
        out.put(t.index(), b);
      }
    }
    return out;
  }

  private static long[] newLastDts() {
    long[] a = new long[io.arcly.stream.media.Frame.MAX_TRACK + 1];
    java.util.Arrays.fill(a, -1);
    return a;
  }

  /** Room below the first frame's timestamps for other tracks and reordering. */
  private static final long START_MARGIN_MICROS = 200_000;

  private boolean offsetSet;

  /** Per track id, the last decoding timestamp published; -1 before the first. */
  private final long[] lastDts = newLastDts();

  private long offset;

  private void publish(Frame f) {
    if (!offsetSet) {
      // Derived decoding timestamps start a few frames before the first presentation time, below
      // zero: move the whole stream (every track alike) so they do not.
      offsetSet = true;
      offset = Math.max(0, -f.dts()) + START_MARGIN_MICROS;
    }
    long dts = Math.max(0, f.dts() + offset);
    long pts = f.pts() + offset;
    int t = f.track();
    if (!f.isConfig() && lastDts[t] >= 0 && dts <= lastDts[t]) {
      // A track moved back in time (its first sender report lined it up with the others): its
      // decoding timestamps still only go forward.
      long shift = lastDts[t] + 1 - dts;
      dts += shift;
      pts = Math.max(pts, dts);
    }
    if (!f.isConfig()) {
      lastDts[t] = dts;
    }
    f = f.withTiming(pts, dts, f.flags());
    try {
      session.publish(f);
      if (!published) {
        published = true;
        onFirstFrame.run();
      }
    } catch (StreamException e) {
      // ended meanwhile (kick, takeover, track limit): the session's end listener reacts
      if (e.reason() != StreamException.Reason.SESSION_CLOSED) {
        LOG.log(
            System.Logger.Level.INFO, "rtsp publish of " + session.key() + ": " + e.getMessage());
        session.end(EndReason.ERROR);
      }
    }
  }

  /** When the last packet of any track arrived, {@link System#nanoTime}; 0 before any. */
  public long lastPacketNanos() {
    long last = 0;
    for (InTrack t : tracks) {
      last = Math.max(last, t.lastPacketNanos());
    }
    return last;
  }

  /** Ends publishing and frees the UDP registrations. Idempotent. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable r : udpRegistrations) {
      closeQuietly(r);
    }
    udpRegistrations.clear();
    if (session != null) {
      session.close();
    }
  }

  private static void closeQuietly(AutoCloseable r) {
    try {
      r.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
