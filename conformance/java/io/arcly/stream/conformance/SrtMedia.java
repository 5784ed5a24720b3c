package io.arcly.stream.conformance;

import io.arcly.stream.format.mpegts.TsDemuxer;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MPEG-TS an SRT listener sent, read back: data packets put in sequence order (each number
 * once: a retransmission repeats its first copy), their payloads demuxed with {@link TsDemuxer}
 * into frames, codecs and counts. An encrypted payload (key flags set) cannot be read without the
 * stream's keys and is counted apart.
 */
final class SrtMedia {
  /**
   * One data packet as received.
   *
   * @param seq its sequence number
   * @param keyFlags 0 clear, 1 or 2 encrypted with the even or odd key
   * @param payload its payload (a copy)
   */
  record Packet(int seq, int keyFlags, byte[] payload) {
    /** The data packet in datagram {@code d}, or null when it is none. */
    static Packet of(byte[] d) {
      if (!SrtTrace.isData(d)) {
        return null;
      }
      int word = SrtAdaptation.getInt(d, 4);
      return new Packet(
          SrtAdaptation.getInt(d, 0) & SeqNo.MAX,
          word >>> 27 & 3,
          java.util.Arrays.copyOfRange(d, DataPacket.HEADER, d.length));
    }
  }

  final List<Frame> frames = new ArrayList<>();
  final Map<TrackKind, String> codecs = new EnumMap<>(TrackKind.class);
  int videoFrames;
  int audioFrames;
  int keyframes;
  boolean videoStartedWithKeyframe;
  int packets;
  int encrypted;
  TsDemuxer.Stats stats;

  private SrtMedia() {}

  /**
   * Reads {@code packets} (in any order, repeats allowed) as one MPEG-TS, from {@code initialSeq}
   * on (or from the lowest number when it is negative).
   */
  static SrtMedia read(List<Packet> packets, int initialSeq) {
    SrtMedia m = new SrtMedia();
    if (packets.isEmpty()) {
      return m;
    }
    int base = initialSeq >= 0 ? initialSeq : packets.get(0).seq();
    Map<Integer, Packet> bySeq = new LinkedHashMap<>();
    for (Packet p : packets) {
      bySeq.putIfAbsent(p.seq(), p);
      if (initialSeq < 0 && SeqNo.diff(base, p.seq()) < 0) {
        base = p.seq();
      }
    }
    int from = base;
    List<Packet> ordered = new ArrayList<>(bySeq.values());
    ordered.sort(Comparator.comparingInt(p -> SeqNo.diff(from, p.seq())));
    TsDemuxer demuxer =
        new TsDemuxer(
            new TsDemuxer.Sink() {
              @Override
              public void frame(Frame f) {
                m.add(f);
              }

              @Override
              public void tracks(List<TrackInfo> tracks) {
                // configuration frames name the codecs
              }
            });
    for (Packet p : ordered) {
      m.packets++;
      if (p.keyFlags() != 0) {
        m.encrypted++;
        continue;
      }
      demuxer.push(p.payload(), 0, p.payload().length);
    }
    demuxer.flush();
    m.stats = demuxer.stats();
    return m;
  }

  private void add(Frame f) {
    frames.add(f);
    codecs.putIfAbsent(f.kind(), f.codec().label());
    if (f.isConfig() || f.kind() == TrackKind.DATA) {
      return;
    }
    if (f.kind() == TrackKind.VIDEO) {
      if (videoFrames == 0) {
        videoStartedWithKeyframe = f.isKeyframe();
      }
      videoFrames++;
      if (f.isKeyframe()) {
        keyframes++;
      }
    } else {
      audioFrames++;
    }
  }
}
