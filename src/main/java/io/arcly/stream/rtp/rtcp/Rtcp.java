package io.arcly.stream.rtp.rtcp;

import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.rtcp.RtcpPacket.FullIntraRequest;
import io.arcly.stream.rtp.rtcp.RtcpPacket.FullIntraRequest.FirEntry;
import io.arcly.stream.rtp.rtcp.RtcpPacket.Goodbye;
import io.arcly.stream.rtp.rtcp.RtcpPacket.Nack;
import io.arcly.stream.rtp.rtcp.RtcpPacket.PictureLossIndication;
import io.arcly.stream.rtp.rtcp.RtcpPacket.ReceiverReport;
import io.arcly.stream.rtp.rtcp.RtcpPacket.ReportBlock;
import io.arcly.stream.rtp.rtcp.RtcpPacket.SenderReport;
import io.arcly.stream.rtp.rtcp.RtcpPacket.SourceDescription;
import io.arcly.stream.rtp.rtcp.RtcpPacket.SourceDescription.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes compound RTCP packets, RFC 3550 6.1: SR, RR, SDES (CNAME), BYE, and the feedback
 * messages generic NACK (RFC 4585 6.2.1), PLI (RFC 4585 6.3.1) and FIR (RFC 5104 4.3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|  count  |      PT       |             length            |
 * </pre>
 *
 * <p>APP packets, other feedback messages and unknown packet types are skipped. Limits: a compound
 * packet is at most {@link #MAX_SIZE} bytes and {@link #MAX_PACKETS} packets; every length must fit
 * its container. Anything else is an {@link RtpException} ("rtcp ...").
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6">RFC 3550 6</a>
 */
public final class Rtcp {
  /** The largest compound packet read. */
  public static final int MAX_SIZE = 65_535;

  /** The most packets read from one compound packet; the rest are ignored. */
  public static final int MAX_PACKETS = 64;

  private Rtcp() {}

  /**
   * The packets of a compound packet in {@code b[off, off + len)}, in order, without those skipped.
   *
   * @throws RtpException when the bytes are not valid RTCP
   */
  public static List<RtcpPacket> parse(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len < 4) {
      throw new RtpException("rtcp packet shorter than its header");
    }
    if (len > MAX_SIZE) {
      throw new RtpException("rtcp packet too large");
    }
    List<RtcpPacket> out = new ArrayList<>();
    int pos = off;
    int end = off + len;
    int count = 0;
    while (pos < end && count < MAX_PACKETS) {
      if (end - pos < 4) {
        throw new RtpException("rtcp header truncated");
      }
      int b0 = b[pos] & 0xFF;
      if (b0 >>> 6 != 2) {
        throw new RtpException("rtcp version is not 2");
      }
      int type = b[pos + 1] & 0xFF;
      int size = 4 + 4 * u16(b, pos + 2);
      if (size > end - pos) {
        throw new RtpException("rtcp length overruns packet");
      }
      int bodyEnd = pos + size;
      if ((b0 & 0x20) != 0) {
        int pad = b[bodyEnd - 1] & 0xFF;
        if (pad == 0 || pad > size - 4) {
          throw new RtpException("rtcp padding overruns packet");
        }
        bodyEnd -= pad;
      }
      RtcpPacket p = parseOne(b0 & 0x1F, type, b, pos + 4, bodyEnd);
      if (p != null) {
        out.add(p);
      }
      pos += size;
      count++;
    }
    return out;
  }

  private static RtcpPacket parseOne(int count, int type, byte[] b, int pos, int end) {
    return switch (type) {
      case RtcpPacket.SR -> {
        need(pos, 24, end, "rtcp sr truncated");
        long ssrc = u32(b, pos);
        long ntp = (u32(b, pos + 4) << 32) | u32(b, pos + 8);
        yield new SenderReport(
            ssrc,
            ntp,
            u32(b, pos + 12),
            u32(b, pos + 16),
            u32(b, pos + 20),
            blocks(b, pos + 24, end, count));
      }
      case RtcpPacket.RR -> {
        need(pos, 4, end, "rtcp rr truncated");
        yield new ReceiverReport(u32(b, pos), blocks(b, pos + 4, end, count));
      }
      case RtcpPacket.SDES -> sdes(b, pos, end, count);
      case RtcpPacket.BYE -> bye(b, pos, end, count);
      case RtcpPacket.RTPFB -> count == 1 ? nack(b, pos, end) : null;
      case RtcpPacket.PSFB -> psfb(count, b, pos, end);
      default -> null; // APP and unknown types are skipped, RFC 3550 6.1
    };
  }

  private static List<ReportBlock> blocks(byte[] b, int pos, int end, int count) {
    need(pos, 24 * count, end, "rtcp report blocks truncated");
    List<ReportBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = pos + 24 * i;
      int lost = ((b[p + 5] & 0xFF) << 16) | ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF);
      out.add(
          new ReportBlock(
              u32(b, p),
              b[p + 4] & 0xFF,
              (lost << 8) >> 8,
              u32(b, p + 8),
              u32(b, p + 12),
              u32(b, p + 16),
              u32(b, p + 20)));
    }
    return out;
  }

  private static SourceDescription sdes(byte[] b, int pos, int end, int count) {
    List<Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      need(pos, 4, end, "rtcp sdes truncated");
      int chunkStart = pos;
      long ssrc = u32(b, pos);
      pos += 4;
      String cname = "";
      while (true) {
        need(pos, 1, end, "rtcp sdes truncated");
        int item = b[pos] & 0xFF;
        if (item == 0) {
          // the null item, then padding to the chunk's next 32-bit boundary
          pos = Math.min(end, chunkStart + ((pos + 1 - chunkStart + 3) & ~3));
          break;
        }
        need(pos, 2, end, "rtcp sdes truncated");
        int n = b[pos + 1] & 0xFF;
        need(pos + 2, n, end, "rtcp sdes item overruns packet");
        if (item == 1) {
          cname = new String(b, pos + 2, n, StandardCharsets.UTF_8);
        }
        pos += 2 + n;
      }
      chunks.add(new Chunk(ssrc, cname));
    }
    return new SourceDescription(chunks);
  }

  private static Goodbye bye(byte[] b, int pos, int end, int count) {
    need(pos, 4 * count, end, "rtcp bye truncated");
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(u32(b, pos + 4 * i));
    }
    pos += 4 * count;
    String reason = "";
    if (pos < end) {
      int n = b[pos] & 0xFF;
      need(pos + 1, n, end, "rtcp bye reason overruns packet");
      reason = new String(b, pos + 1, n, StandardCharsets.UTF_8);
    }
    return new Goodbye(ssrcs, reason);
  }

  private static Nack nack(byte[] b, int pos, int end) {
    need(pos, 8, end, "rtcp nack truncated");
    List<Integer> lost = new ArrayList<>();
    for (int p = pos + 8; p + 4 <= end; p += 4) {
      int pid = u16(b, p);
      int blp = u16(b, p + 2);
      lost.add(pid);
      for (int i = 0; i < 16; i++) {
        if ((blp & (1 << i)) != 0) {
          lost.add((pid + i + 1) & 0xFFFF);
        }
      }
    }
    return new Nack(u32(b, pos), u32(b, pos + 4), lost);
  }

  private static RtcpPacket psfb(int fmt, byte[] b, int pos, int end) {
    if (fmt == 1) {
      need(pos, 8, end, "rtcp pli truncated");
      return new PictureLossIndication(u32(b, pos), u32(b, pos + 4));
    }
    if (fmt == 4) {
      need(pos, 8, end, "rtcp fir truncated");
      List<FirEntry> entries = new ArrayList<>();
      for (int p = pos + 8; p + 8 <= end; p += 8) {
        entries.add(new FirEntry(u32(b, p), b[p + 4] & 0xFF));
      }
      return new FullIntraRequest(u32(b, pos), entries);
    }
    return null;
  }

  /** Encodes a compound packet of {@code packets}, in order. */
  public static byte[] encode(List<? extends RtcpPacket> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RtcpPacket p : packets) {
      encode(p, out);
    }
    return out.toByteArray();
  }

  private static void encode(RtcpPacket p, ByteArrayOutputStream out) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int count;
    int type;
    switch (p) {
      case SenderReport sr -> {
        type = RtcpPacket.SR;
        count = sr.reports().size();
        put32(body, sr.ssrc());
        put32(body, sr.ntpTimestamp() >>> 32);
        put32(body, sr.ntpTimestamp() & 0xFFFF_FFFFL);
        put32(body, sr.rtpTimestamp());
        put32(body, sr.packetCount());
        put32(body, sr.octetCount());
        putBlocks(body, sr.reports());
      }
      case ReceiverReport rr -> {
        type = RtcpPacket.RR;
        count = rr.reports().size();
        put32(body, rr.ssrc());
        putBlocks(body, rr.reports());
      }
      case SourceDescription sd -> {
        type = RtcpPacket.SDES;
        count = sd.chunks().size();
        for (Chunk c : sd.chunks()) {
          put32(body, c.ssrc());
          int start = body.size();
          if (!c.cname().isEmpty()) {
            byte[] name = text(c.cname());
            body.write(1);
            body.write(name.length);
            body.write(name, 0, name.length);
          }
          body.write(0);
          while ((body.size() - start) % 4 != 0) {
            body.write(0);
          }
        }
      }
      case Goodbye bye -> {
        type = RtcpPacket.BYE;
        count = bye.ssrcs().size();
        for (long s : bye.ssrcs()) {
          put32(body, s);
        }
        if (!bye.reason().isEmpty()) {
          byte[] reason = text(bye.reason());
          body.write(reason.length);
          body.write(reason, 0, reason.length);
        }
        while (body.size() % 4 != 0) {
          body.write(0);
        }
      }
      case Nack nack -> {
        type = RtcpPacket.RTPFB;
        count = 1;
        put32(body, nack.senderSsrc());
        put32(body, nack.mediaSsrc());
        List<Integer> lost = nack.lost();
        int i = 0;
        while (i < lost.size()) {
          int pid = lost.get(i++);
          int blp = 0;
          int lastBit = -1;
          // only an ascending run joins the bitmask, so the list reads back in its own order
          while (i < lost.size()) {
            int d = (lost.get(i) - pid - 1) & 0xFFFF;
            if (d >= 16 || d <= lastBit) {
              break;
            }
            blp |= 1 << d;
            lastBit = d;
            i++;
          }
          put16(body, pid);
          put16(body, blp);
        }
      }
      case PictureLossIndication pli -> {
        type = RtcpPacket.PSFB;
        count = 1;
        put32(body, pli.senderSsrc());
        put32(body, pli.mediaSsrc());
      }
      case FullIntraRequest fir -> {
        type = RtcpPacket.PSFB;
        count = 4;
        put32(body, fir.senderSsrc());
        put32(body, 0);
        for (FirEntry e : fir.entries()) {
          put32(body, e.ssrc());
          body.write(e.sequence());
          body.write(0);
          body.write(0);
          body.write(0);
        }
      }
    }
    int words = body.size() / 4;
    if (words > 0xFFFF) {
      throw new IllegalArgumentException("rtcp packet too large");
    }
    out.write(0x80 | count);
    out.write(type);
    out.write(words >>> 8);
    out.write(words);
    out.write(body.toByteArray(), 0, body.size());
  }

  /** Text as UTF-8 cut to the 255 bytes an SDES item or BYE reason holds, on a character edge. */
  private static byte[] text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= 255) {
      return b;
    }
    int n = 255;
    while (n > 0 && (b[n] & 0xC0) == 0x80) {
      n--;
    }
    return java.util.Arrays.copyOf(b, n);
  }

  private static void putBlocks(ByteArrayOutputStream body, List<ReportBlock> blocks) {
    for (ReportBlock r : blocks) {
      put32(body, r.ssrc());
      body.write(r.fractionLost());
      int lost = r.cumulativeLost() & 0xFF_FFFF;
      body.write(lost >>> 16);
      body.write(lost >>> 8);
      body.write(lost);
      put32(body, r.highestSequence());
      put32(body, r.jitter());
      put32(body, r.lastSr());
      put32(body, r.delaySinceLastSr());
    }
  }

  private static void put16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void put32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static long u32(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static void need(int pos, int n, int end, String message) {
    if (n < 0 || n > end - pos) {
      throw new RtpException(message);
    }
  }
}
