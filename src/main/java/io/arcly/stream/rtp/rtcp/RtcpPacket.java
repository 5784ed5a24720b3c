package io.arcly.stream.rtp.rtcp;

import java.util.List;
import java.util.Objects;

/**
 * One RTCP packet of a compound packet (RFC 3550 6): the reports and descriptions of RFC 3550 and
 * the feedback messages of RFC 4585 and RFC 5104 a media server acts on. SSRCs, NTP timestamps and
 * RTP timestamps are unsigned 32-bit (NTP 64-bit) values held in longs.
 */
public sealed interface RtcpPacket {
  /** Sender report, packet type 200 (RFC 3550 6.4.1). */
  int SR = 200;

  /** Receiver report, packet type 201 (RFC 3550 6.4.2). */
  int RR = 201;

  /** Source description, packet type 202 (RFC 3550 6.5). */
  int SDES = 202;

  /** Goodbye, packet type 203 (RFC 3550 6.6). */
  int BYE = 203;

  /** Application-defined, packet type 204 (RFC 3550 6.7). */
  int APP = 204;

  /** Transport layer feedback, packet type 205 (RFC 4585 6.2). */
  int RTPFB = 205;

  /** Payload-specific feedback, packet type 206 (RFC 4585 6.3). */
  int PSFB = 206;

  /**
   * A reception report block, RFC 3550 6.4.1.
   *
   * @param ssrc the source reported on
   * @param fractionLost the fraction lost since the last report, in 1/256
   * @param cumulativeLost the packets lost since the start, a signed 24-bit value
   * @param highestSequence the extended highest sequence number received
   * @param jitter interarrival jitter in timestamp units
   * @param lastSr the middle 32 bits of the NTP timestamp of the last SR received, 0 if none
   * @param delaySinceLastSr the delay since that SR in 1/65536 seconds
   */
  record ReportBlock(
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long highestSequence,
      long jitter,
      long lastSr,
      long delaySinceLastSr) {
    /** Validates the field ranges. */
    public ReportBlock {
      if (fractionLost >>> 8 != 0 || cumulativeLost < -(1 << 23) || cumulativeLost >= 1 << 23) {
        throw new IllegalArgumentException("fraction lost 0 to 255, cumulative lost 24-bit");
      }
      u32(ssrc, highestSequence, jitter, lastSr, delaySinceLastSr);
    }
  }

  /**
   * A sender report, RFC 3550 6.4.1: which RTP timestamp goes with which wall-clock time.
   *
   * @param ssrc the sender
   * @param ntpTimestamp the 64-bit NTP timestamp (seconds since 1900 in the high 32 bits)
   * @param rtpTimestamp the RTP timestamp of the same instant
   * @param packetCount packets sent
   * @param octetCount payload octets sent
   * @param reports reception report blocks, at most 31
   */
  record SenderReport(
      long ssrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      List<ReportBlock> reports)
      implements RtcpPacket {
    /** Validates and copies. */
    public SenderReport {
      u32(ssrc, rtpTimestamp, packetCount, octetCount);
      reports = blocks(reports);
    }
  }

  /**
   * A receiver report, RFC 3550 6.4.2.
   *
   * @param ssrc the reporter
   * @param reports reception report blocks, at most 31
   */
  record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
    /** Validates and copies. */
    public ReceiverReport {
      u32(ssrc);
      reports = blocks(reports);
    }
  }

  /**
   * A source description, RFC 3550 6.5, as far as its CNAME items (6.5.1) go; other items are
   * skipped when parsing.
   *
   * @param chunks one per source, at most 31
   */
  record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    /** Validates and copies. */
    public SourceDescription {
      chunks = List.copyOf(chunks);
      if (chunks.size() > 31) {
        throw new IllegalArgumentException("at most 31 sdes chunks");
      }
    }

    /**
     * The description of one source.
     *
     * @param ssrc the source
     * @param cname its canonical name, empty when the chunk has none, at most 255 bytes of UTF-8
     */
    public record Chunk(long ssrc, String cname) {
      /** Validates. */
      public Chunk {
        u32(ssrc);
        Objects.requireNonNull(cname, "cname");
      }
    }
  }

  /**
   * A goodbye, RFC 3550 6.6: the sources leave.
   *
   * @param ssrcs the sources, at most 31
   * @param reason the reason given, empty when none
   */
  record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {
    /** Validates and copies. */
    public Goodbye {
      ssrcs = List.copyOf(ssrcs);
      if (ssrcs.size() > 31) {
        throw new IllegalArgumentException("at most 31 sources in a bye");
      }
      for (long s : ssrcs) {
        u32(s);
      }
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A generic NACK, RFC 4585 6.2.1: the sequence numbers the receiver misses.
   *
   * @param senderSsrc the receiver asking
   * @param mediaSsrc the source of the packets
   * @param lost the missing sequence numbers (0 to 65535), in the order of the FCI entries
   */
  record Nack(long senderSsrc, long mediaSsrc, List<Integer> lost) implements RtcpPacket {
    /** Validates and copies. */
    public Nack {
      u32(senderSsrc, mediaSsrc);
      lost = List.copyOf(lost);
      for (int s : lost) {
        if (s >>> 16 != 0) {
          throw new IllegalArgumentException("sequence numbers are 0 to 65535");
        }
      }
    }
  }

  /**
   * A picture loss indication, RFC 4585 6.3.1: the receiver needs a keyframe.
   *
   * @param senderSsrc the receiver asking
   * @param mediaSsrc the source of the video
   */
  record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    /** Validates. */
    public PictureLossIndication {
      u32(senderSsrc, mediaSsrc);
    }
  }

  /**
   * A full intra request, RFC 5104 4.3.1: the receivers named need a decoder refresh.
   *
   * @param senderSsrc the receiver asking
   * @param entries the sources asked and the command sequence numbers
   */
  record FullIntraRequest(long senderSsrc, List<FirEntry> entries) implements RtcpPacket {
    /** Validates and copies. */
    public FullIntraRequest {
      u32(senderSsrc);
      entries = List.copyOf(entries);
    }

    /**
     * One FCI entry of a FIR, RFC 5104 4.3.1.1.
     *
     * @param ssrc the media sender asked for a refresh
     * @param sequence the command sequence number, 0 to 255
     */
    public record FirEntry(long ssrc, int sequence) {
      /** Validates. */
      public FirEntry {
        u32(ssrc);
        if (sequence >>> 8 != 0) {
          throw new IllegalArgumentException("fir sequence number is 0 to 255");
        }
      }
    }
  }

  private static List<ReportBlock> blocks(List<ReportBlock> reports) {
    List<ReportBlock> out = List.copyOf(reports);
    if (out.size() > 31) {
      throw new IllegalArgumentException("at most 31 report blocks");
    }
    return out;
  }

  private static void u32(long... values) {
    for (long v : values) {
      if (v >>> 32 != 0) {
        throw new IllegalArgumentException("not an unsigned 32-bit value: " + v);
      }
    }
  }
}
