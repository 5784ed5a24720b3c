package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.rtp.RtpPacket;
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
 * a packetizer, an SSRC, an RTP timestamp offset and the sequence numbers; per frame its whole RTP
 * packets (header, payload header and media), each behind the 4-byte interleaved frame header of
 * the track's usual channel. A TCP player on that channel writes a frame as one buffer, a UDP
 * player or multicast group sends the packets as they are: nothing is built per player.
 *
 * <p>Sequence numbers belong to the stream, as the SSRC does: every player of a track sees the same
 * packets under the same numbers, a player that joins starts wherever the stream's numbering is (so
 * PLAY answers without {@code RTP-Info}, which would need the first packet's number before it is
 * known), and a player that skips frames (it lagged a whole ring behind, or resumed after PAUSE)
 * sees the gap as the loss it is. Frames are numbered in the order the ring holds them, as the
 * player furthest ahead builds them; the first number of each frame is remembered for the whole
 * ring, so a frame rebuilt for a player behind the cache keeps its numbers.
 *
 * <p>Kept as a {@link StreamHandle} attachment, indexed like the ring by the frame's sequence
 * number; a slot is built by the first player that needs it. The cache covers the newest {@value
 * #CAPACITY} frames; a player further behind packetizes older frames for itself.
 */
final class StreamRtp {
  /** Frames cached (a power of two): several seconds of a stream with audio. */
  static final int CAPACITY = 512;

  /** The bytes before each packet on a TCP connection: '$', channel, length (RFC 2326 10.12). */
  static final int INTERLEAVED_HEADER = 4;

  /** The first dynamic payload type (RFC 3551 6); track {@code n} of the SDP gets 96 + n. */
  static final int FIRST_DYNAMIC_PT = 96;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One frame's packets, all at one RTP timestamp: one after the other in {@code wire}, each as the
   * 4-byte interleaved frame header for {@code channel}, then the RTP packet; packet {@code i} ends
   * at {@code ends[i]}. The bytes live in direct memory, so a socket write takes them as they are
   * (from a heap buffer the JDK would first copy them, for every player); the memory goes with the
   * last reference.
   */
  record Packets(long seq, int track, long rtpTimestamp, ByteBuffer wire, int[] ends, int channel) {
    static final Packets NONE = new Packets(-1, -1, 0, ByteBuffer.allocateDirect(0), new int[0], 0);

    int count() {
      return ends.length;
    }

    /** Where packet {@code i}'s interleaved frame header starts in {@link #wire}. */
    private int start(int i) {
      return i == 0 ? 0 : ends[i - 1];
    }

    /** All the packets with their interleaved headers, as a buffer of the caller's own. */
    ByteBuffer interleaved() {
      return wire.duplicate();
    }

    /** The RTP packet {@code i} alone (for UDP, or another channel), as a buffer of its own. */
    ByteBuffer rtp(int i) {
      int from = start(i) + INTERLEAVED_HEADER;
      return wire.slice(from, ends[i] - from);
    }

    /** The length of RTP packet {@code i}. */
    int rtpLength(int i) {
      return ends[i] - start(i) - INTERLEAVED_HEADER;
    }

    /** The payload bytes of all packets (RTP headers and interleaved headers left out). */
    long payloadBytes() {
      return wire.capacity() - (long) count() * (INTERLEAVED_HEADER + RtpPacket.HEADER_SIZE);
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

    /** The number the track's next new packet gets, 16 bits. */
    private int nextSeq = RANDOM.nextInt(0x10000);

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

    /**
     * Builds the packets of {@code f}, numbered from {@code firstSeq}, or from the track's next
     * number when it is negative (the numbers are then taken).
     */
    synchronized Packets packetize(long seq, Frame f, int firstSeq) {
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
      int number = firstSeq >= 0 ? firstSeq : nextSeq;
      if (firstSeq < 0) {
        nextSeq = (nextSeq + n) & 0xFFFF;
      }
      int[] ends = new int[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        total += INTERLEAVED_HEADER + RtpPacket.HEADER_SIZE;
        total += prefixes.get(i).length + bodies.get(i).length();
        ends[i] = total;
      }
      long ts = rtpTimestamp(f.pts());
      int channel = 2 * index;
      ByteBuffer wire = ByteBuffer.allocateDirect(total);
      byte[] header = new byte[INTERLEAVED_HEADER + RtpPacket.HEADER_SIZE];
      int at = 0;
      for (int i = 0; i < n; i++) {
        int rtpLength = ends[i] - at - INTERLEAVED_HEADER;
        header[0] = '$';
        header[1] = (byte) channel;
        header[2] = (byte) (rtpLength >>> 8);
        header[3] = (byte) rtpLength;
        RtpPacket.writeHeader(
            header,
            INTERLEAVED_HEADER,
            markers.get(i),
            payloadType,
            (number + i) & 0xFFFF,
            ts,
            ssrc);
        wire.put(at, header);
        byte[] prefix = prefixes.get(i);
        wire.put(at + header.length, prefix);
        bodies.get(i).copyTo(wire, at + header.length + prefix.length);
        at = ends[i];
      }
      return new Packets(seq, id, ts, wire, ends, channel);
    }

    /** The number the next new packet gets. */
    synchronized int nextSeq() {
      return nextSeq;
    }
  }

  private final StreamHandle handle;
  private final int maxPayload;
  private final Map<Integer, Track> tracks = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Packets> slots = new AtomicReferenceArray<>(CAPACITY);

  /**
   * Per ring slot, the ring sequence of the frame last numbered there and its first RTP sequence
   * number: so a frame rebuilt after it left the cache keeps its numbers. Guarded by this.
   */
  private final long[] numberedSeq;

  private final int[] numberedFirst;

  private StreamRtp(StreamHandle handle, int maxPayload) {
    this.handle = handle;
    this.maxPayload = maxPayload;
    this.numberedSeq = new long[handle.capacity()];
    this.numberedFirst = new int[handle.capacity()];
    java.util.Arrays.fill(numberedSeq, -1);
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
      return t.packetize(seq, f, -1);
    }
    int i = (int) (seq & (CAPACITY - 1));
    Packets p = slots.getAcquire(i);
    if (p != null && p.seq() == seq) {
      return p;
    }
    Packets built = number(t, seq, f);
    if (p == null || p.seq() < seq) { // never displace a newer frame
      slots.compareAndSet(i, p, built);
    }
    return built;
  }

  /** Builds frame {@code seq} with the numbers it got before, or the track's next ones. */
  private synchronized Packets number(Track t, long seq, Frame f) {
    int slot = (int) (seq & (numberedSeq.length - 1));
    if (numberedSeq[slot] == seq) {
      return t.packetize(seq, f, numberedFirst[slot]);
    }
    int first = t.nextSeq();
    Packets built = t.packetize(seq, f, -1);
    numberedSeq[slot] = seq;
    numberedFirst[slot] = first;
    return built;
  }
}
