package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.rtp.format.Packetizer;
import io.arcly.stream.rtp.format.PayloadFormats;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The RTP form of a stream's frames, made once per frame and shared by every RTSP player: per track
 * a packetizer, an SSRC and an RTP timestamp offset; per frame its packets' payloads (payload
 * headers and media) and RTP timestamp. A player adds only its own 12-byte RTP header, with its own
 * sequence numbers, so players that join late, lag or skip never disturb the others.
 *
 * <p>Kept as a {@link StreamHandle} attachment, indexed like the ring by the frame's sequence
 * number; a slot is built by the first player that needs it. The cache covers the newest {@value
 * #CAPACITY} frames; a player further behind packetizes older frames for itself.
 */
final class StreamRtp {
  /** Frames cached (a power of two): several seconds of a stream with audio. */
  static final int CAPACITY = 512;

  /** The first dynamic payload type (RFC 3551 6); track {@code n} of the SDP gets 96 + n. */
  static final int FIRST_DYNAMIC_PT = 96;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One frame's packets, all at one RTP timestamp: their payloads one after the other in {@code
   * wire}, packet {@code i} ending at {@code ends[i]}, each with its marker bit. The payloads live
   * in direct memory, so every player's socket write takes them as they are (from a heap buffer the
   * JDK would first copy them, for each player); the memory goes with the last reference.
   */
  record Packets(
      long seq, int track, long rtpTimestamp, ByteBuffer wire, int[] ends, boolean[] markers) {
    static final Packets NONE =
        new Packets(-1, -1, 0, ByteBuffer.allocateDirect(0), new int[0], new boolean[0]);

    int count() {
      return markers.length;
    }

    /** Where payload {@code i} starts in {@link #wire}. */
    int start(int i) {
      return i == 0 ? 0 : ends[i - 1];
    }

    int length(int i) {
      return ends[i] - start(i);
    }

    /** Payload {@code i}, as a buffer of the caller's own. */
    ByteBuffer payload(int i) {
      return wire.slice(start(i), length(i));
    }

    long bytes() {
      return wire.capacity();
    }
  }

  /** A track as RTSP players receive it. */
  static final class Track {
    final int id;
    final int index;
    final CodecId codec;
    final long ssrc;
    final int payloadType;
    private final long tsOffset;
    private final Packetizer packetizer;
    private boolean configured;

    Track(int id, int index, CodecId codec, Packetizer packetizer) {
      this.id = id;
      this.index = index;
      this.codec = codec;
      this.packetizer = packetizer;
      this.ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
      this.payloadType = FIRST_DYNAMIC_PT + index;
      this.tsOffset = RANDOM.nextInt() & 0xFFFF_FFFFL;
    }

    /** The RTP clock rate, which for audio the configuration may set. */
    synchronized int clockRate() {
      return packetizer.clockRate();
    }

    /** The RTP timestamp of media time {@code micros}. */
    long rtpTimestamp(long micros) {
      return (tsOffset + MediaTime.toRate(micros, clockRate())) & 0xFFFF_FFFFL;
    }

    synchronized void configure(Payload record, boolean replace) {
      if (record != null && (replace || !configured)) {
        packetizer.config(record);
        configured = true;
      }
    }

    synchronized Map<String, String> fmtp() {
      return packetizer.fmtp();
    }

    String encodingName() {
      return packetizer.encodingName();
    }

    int channels() {
      return packetizer.channels();
    }

    synchronized Packets packetize(long seq, Frame f) {
      List<byte[]> prefixes = new ArrayList<>();
      List<Payload> bodies = new ArrayList<>();
      List<Boolean> markers = new ArrayList<>();
      packetizer.packetize(
          f.payload(),
          f.isKeyframe(),
          (prefix, body, marker) -> {
            prefixes.add(prefix);
            bodies.add(body);
            markers.add(marker);
          });
      int n = markers.size();
      int[] ends = new int[n];
      boolean[] m = new boolean[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        total += prefixes.get(i).length + bodies.get(i).length();
        ends[i] = total;
        m[i] = markers.get(i);
      }
      ByteBuffer wire = ByteBuffer.allocateDirect(total);
      int at = 0;
      for (int i = 0; i < n; i++) {
        byte[] prefix = prefixes.get(i);
        wire.put(at, prefix);
        bodies.get(i).copyTo(wire, at + prefix.length);
        at = ends[i];
      }
      return new Packets(seq, id, rtpTimestamp(f.pts()), wire, ends, m);
    }
  }

  private final StreamHandle handle;
  private final int maxPayload;
  private final Map<Integer, Track> tracks = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Packets> slots = new AtomicReferenceArray<>(CAPACITY);

  private StreamRtp(StreamHandle handle, int maxPayload) {
    this.handle = handle;
    this.maxPayload = maxPayload;
  }

  /** The stream's RTP form, created on first use. */
  static StreamRtp of(StreamHandle handle, int maxPayload) {
    return handle.attachment(StreamRtp.class, h -> new StreamRtp(h, maxPayload));
  }

  /**
   * The stream's tracks that RTP can carry, in the stream's order, each configured from the
   * stream's latest configuration of it: what DESCRIBE announces.
   */
  List<Track> tracks() {
    List<Track> out = new ArrayList<>();
    for (TrackInfo info : handle.tracks()) {
      Track t = track(info.id());
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** The RTP form of track {@code id}, or null when RTP cannot carry its codec. */
  Track track(int id) {
    Track t = tracks.get(id);
    if (t != null) {
      return t;
    }
    List<TrackInfo> infos = handle.tracks();
    for (int i = 0; i < infos.size(); i++) {
      TrackInfo info = infos.get(i);
      if (info.id() == id) {
        Packetizer p = PayloadFormats.packetizer(info.codec(), maxPayload);
        if (p == null) {
          return null;
        }
        int index = i;
        t = tracks.computeIfAbsent(id, k -> new Track(k, index, info.codec(), p));
        handle.config(id).ifPresent(c -> tracks.get(id).configure(c.payload(), false));
        return t;
      }
    }
    return null;
  }

  /**
   * The packets of {@code f}, the stream's frame under ring sequence {@code seq} (-1 for a replayed
   * configuration): none for a configuration (which configures the track's packetizer) or a track
   * RTP cannot carry.
   */
  Packets packets(long seq, Frame f) {
    Track t = track(f.track());
    if (t == null) {
      return Packets.NONE;
    }
    if (f.isConfig()) {
      t.configure(f.payload(), seq >= 0);
      return Packets.NONE;
    }
    if (seq < 0) {
      return t.packetize(seq, f);
    }
    int i = (int) (seq & (CAPACITY - 1));
    Packets p = slots.getAcquire(i);
    if (p != null && p.seq() == seq) {
      return p;
    }
    Packets built = t.packetize(seq, f);
    if (p == null || p.seq() < seq) { // never displace a newer frame
      slots.compareAndSet(i, p, built);
    }
    return built;
  }
}
