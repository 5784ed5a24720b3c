package io.arcly.stream.conformance.pcap;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads libpcap and pcapng files into a {@link Capture}: TCP streams reassembled, UDP datagrams
 * kept, everything else ignored.
 *
 * <p>Supported link types: 0 (BSD loopback, address family in the file's byte order), 108 (OpenBSD
 * loopback, big-endian family), 1 (Ethernet, with 802.1Q/802.1ad tags), 101, 12 and 14 (raw IP),
 * 228 (raw IPv4), 229 (raw IPv6), 113 (Linux cooked SLL) and 276 (Linux cooked SLL2). A malformed
 * packet is skipped and counted in {@link Capture#skippedPackets()}; only a broken file structure
 * raises {@link PcapException}.
 */
public final class Pcap {

  /** At most this many TCP connections are tracked; packets of further connections are skipped. */
  public static final int MAX_TCP_CONNECTIONS = 100_000;

  /**
   * At most this many reassembled TCP bytes (2 GiB, less headroom so one direction fits a Java
   * array) are kept over the whole capture; further payload is dropped.
   */
  public static final long MAX_REASSEMBLED_BYTES = (1L << 31) - 1024;

  /** At most this many out-of-order bytes (16 MiB) are buffered per direction of a connection. */
  public static final int MAX_OUT_OF_ORDER_BYTES = 16 << 20;

  static final int LINKTYPE_NULL = 0;
  static final int LINKTYPE_ETHERNET = 1;
  static final int LINKTYPE_RAW_12 = 12;
  static final int LINKTYPE_RAW_14 = 14;
  static final int LINKTYPE_RAW = 101;
  static final int LINKTYPE_LOOP = 108;
  static final int LINKTYPE_LINUX_SLL = 113;
  static final int LINKTYPE_IPV4 = 228;
  static final int LINKTYPE_IPV6 = 229;
  static final int LINKTYPE_LINUX_SLL2 = 276;

  private static final int PCAPNG_SHB = 0x0A0D0D0A;
  private static final int PCAPNG_IDB = 1;
  private static final int PCAPNG_SPB = 3;
  private static final int PCAPNG_EPB = 6;

  private Pcap() {}

  /** Reads a libpcap or pcapng file (the whole file is loaded into memory). */
  public static Capture read(Path file) throws IOException {
    return read(Files.readAllBytes(file));
  }

  /** Reads a libpcap or pcapng file held in memory. */
  public static Capture read(byte[] bytes) {
    if (bytes.length >= 4) {
      int be = Bytes.u32(bytes, 0, true);
      if (be == PCAPNG_SHB) {
        return new Pcap.Reader(bytes).readPcapng();
      }
      int le = Integer.reverseBytes(be);
      if (be == 0xA1B2C3D4 || be == 0xA1B23C4D || le == 0xA1B2C3D4 || le == 0xA1B23C4D) {
        return new Pcap.Reader(bytes).readPcap();
      }
    }
    throw new PcapException("not a pcap or pcapng file");
  }

  /** Checks a link type and returns it, or throws naming it. */
  static int checkLinkType(int linkType) {
    switch (linkType) {
      case LINKTYPE_NULL,
          LINKTYPE_ETHERNET,
          LINKTYPE_RAW_12,
          LINKTYPE_RAW_14,
          LINKTYPE_RAW,
          LINKTYPE_LOOP,
          LINKTYPE_LINUX_SLL,
          LINKTYPE_IPV4,
          LINKTYPE_IPV6,
          LINKTYPE_LINUX_SLL2 -> {
        return linkType;
      }
      default -> throw new PcapException("unsupported link type " + linkType);
    }
  }

  /** Big- and little-endian reads from a byte array. */
  static final class Bytes {
    private Bytes() {}

    static int u16(byte[] b, int off, boolean bigEndian) {
      int v = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
      return bigEndian ? v : Integer.reverseBytes(v << 16) & 0xFFFF;
    }

    static int u32(byte[] b, int off, boolean bigEndian) {
      int v =
          ((b[off] & 0xFF) << 24)
              | ((b[off + 1] & 0xFF) << 16)
              | ((b[off + 2] & 0xFF) << 8)
              | (b[off + 3] & 0xFF);
      return bigEndian ? v : Integer.reverseBytes(v);
    }

    static long u32l(byte[] b, int off, boolean bigEndian) {
      return u32(b, off, bigEndian) & 0xFFFFFFFFL;
    }
  }

  /** One pcapng interface: link type and timestamp resolution. */
  private record Interface(int linkType, int tsresol, long tsoffsetSeconds) {
    long micros(long ts) {
      long micros;
      if ((tsresol & 0x80) == 0) {
        int exp = tsresol;
        if (exp == 6) {
          micros = ts;
        } else if (exp < 6) {
          micros = ts * pow10(6 - exp);
        } else if (exp - 6 <= 18) {
          micros = Long.divideUnsigned(ts, pow10(exp - 6));
        } else {
          micros = 0;
        }
      } else {
        int exp = tsresol & 0x7F;
        micros =
            BigInteger.valueOf(ts)
                .and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                .multiply(BigInteger.valueOf(1_000_000))
                .shiftRight(exp)
                .longValue();
      }
      return micros + tsoffsetSeconds * 1_000_000;
    }

    private static long pow10(int n) {
      long v = 1;
      for (int i = 0; i < n; i++) {
        v *= 10;
      }
      return v;
    }
  }

  /** Walks the file structure and feeds frames to the decoder. */
  private static final class Reader {
    private final byte[] b;
    private final Decoder decoder = new Decoder();
    private int firstLinkType = -1;

    Reader(byte[] b) {
      this.b = b;
    }

    Capture readPcap() {
      if (b.length < 24) {
        throw truncated(0);
      }
      int magic = Bytes.u32(b, 0, true);
      boolean bigEndian = magic == 0xA1B2C3D4 || magic == 0xA1B23C4D;
      int m = bigEndian ? magic : Integer.reverseBytes(magic);
      boolean nanos = m == 0xA1B23C4D;
      int linkType = checkLinkType(Bytes.u32(b, 20, bigEndian) & 0xFFFF);
      firstLinkType = linkType;
      int off = 24;
      while (off < b.length) {
        if (b.length - off < 16) {
          throw truncated(off);
        }
        long sec = Bytes.u32l(b, off, bigEndian);
        long frac = Bytes.u32l(b, off + 4, bigEndian);
        long incl = Bytes.u32l(b, off + 8, bigEndian);
        if (incl > b.length - off - 16) {
          throw truncated(off);
        }
        long micros = sec * 1_000_000 + (nanos ? frac / 1000 : frac);
        decoder.frame(linkType, bigEndian, micros, b, off + 16, (int) incl);
        off += 16 + (int) incl;
      }
      return decoder.finish(firstLinkType);
    }

    Capture readPcapng() {
      List<Interface> interfaces = new ArrayList<>();
      boolean bigEndian = true;
      int off = 0;
      while (off < b.length) {
        if (b.length - off < 12) {
          throw truncated(off);
        }
        int type = Bytes.u32(b, off, bigEndian);
        if (type == PCAPNG_SHB) {
          int bom = Bytes.u32(b, off + 8, true);
          if (bom == 0x1A2B3C4D) {
            bigEndian = true;
          } else if (bom == 0x4D3C2B1A) {
            bigEndian = false;
          } else {
            throw new PcapException("bad pcapng byte-order magic at byte " + off);
          }
          interfaces.clear();
        }
        long len = Bytes.u32l(b, off + 4, bigEndian);
        if (len < 12 || (len & 3) != 0) {
          throw new PcapException("bad pcapng block length at byte " + off);
        }
        if (len > b.length - off) {
          throw truncated(off);
        }
        int end = off + (int) len;
        int body = off + 8;
        int bodyEnd = end - 4;
        if (Bytes.u32l(b, bodyEnd, bigEndian) != len) {
          throw new PcapException("bad pcapng block length at byte " + off);
        }
        switch (type) {
          case PCAPNG_IDB -> interfaces.add(readIdb(body, bodyEnd, bigEndian, off));
          case PCAPNG_EPB -> {
            if (bodyEnd - body < 20) {
              throw new PcapException("bad pcapng block length at byte " + off);
            }
            long id = Bytes.u32l(b, body, bigEndian);
            long ts =
                (Bytes.u32l(b, body + 4, bigEndian) << 32) | Bytes.u32l(b, body + 8, bigEndian);
            long cap = Bytes.u32l(b, body + 12, bigEndian);
            if (cap > bodyEnd - body - 20) {
              throw new PcapException("bad pcapng block length at byte " + off);
            }
            if (id >= interfaces.size()) {
              decoder.skipped++;
            } else {
              Interface itf = interfaces.get((int) id);
              decoder.frame(itf.linkType(), bigEndian, itf.micros(ts), b, body + 20, (int) cap);
            }
          }
          case PCAPNG_SPB -> {
            if (bodyEnd - body < 4) {
              throw new PcapException("bad pcapng block length at byte " + off);
            }
            long orig = Bytes.u32l(b, body, bigEndian);
            int cap = (int) Math.min(orig, bodyEnd - body - 4);
            if (interfaces.isEmpty()) {
              decoder.skipped++;
            } else {
              // A simple packet block carries no timestamp.
              decoder.frame(interfaces.get(0).linkType(), bigEndian, 0, b, body + 4, cap);
            }
          }
          default -> {
            // Section header, statistics, name resolution, custom and unknown blocks.
          }
        }
        off = end;
      }
      return decoder.finish(firstLinkType);
    }

    private Interface readIdb(int body, int bodyEnd, boolean bigEndian, int blockOff) {
      if (bodyEnd - body < 8) {
        throw new PcapException("bad pcapng block length at byte " + blockOff);
      }
      int linkType = checkLinkType(Bytes.u16(b, body, bigEndian));
      if (firstLinkType < 0) {
        firstLinkType = linkType;
      }
      int tsresol = 6;
      long tsoffset = 0;
      int p = body + 8;
      while (p + 4 <= bodyEnd) {
        int code = Bytes.u16(b, p, bigEndian);
        int olen = Bytes.u16(b, p + 2, bigEndian);
        if (code == 0 || p + 4 + olen > bodyEnd) {
          break;
        }
        if (code == 9 && olen >= 1) {
          tsresol = b[p + 4] & 0xFF;
        } else if (code == 14 && olen >= 8) {
          long hi = Bytes.u32l(b, p + 4, bigEndian);
          long lo = Bytes.u32l(b, p + 8, bigEndian);
          tsoffset = bigEndian ? (hi << 32) | lo : (lo << 32) | hi;
        }
        p += 4 + ((olen + 3) & ~3);
      }
      return new Interface(linkType, tsresol, tsoffset);
    }
  }

  private static PcapException truncated(int offset) {
    return new PcapException("pcap truncated at byte " + offset);
  }

  /** Decodes link, network and transport headers of one frame and hands the result on. */
  static final class Decoder {
    private final TcpReassembler tcp = new TcpReassembler();
    private final List<UdpDatagram> udp = new ArrayList<>();
    int skipped;
    int fragments;

    Capture finish(int linkType) {
      List<TcpConnection> connections = tcp.finish();
      return new Capture(
          connections,
          udp,
          linkType,
          skipped + tcp.skippedPackets(),
          fragments,
          tcp.droppedBytes());
    }

    void frame(int linkType, boolean fileBigEndian, long micros, byte[] b, int off, int len) {
      try {
        if (!link(linkType, fileBigEndian, micros, b, off, len)) {
          skipped++;
        }
      } catch (RuntimeException e) {
        // Defensive: a malformed packet must never escape as anything but a skip.
        skipped++;
      }
    }

    /** Returns false when the frame is malformed or truncated. */
    private boolean link(
        int linkType, boolean fileBigEndian, long micros, byte[] b, int off, int len) {
      int end = off + len;
      switch (linkType) {
        case LINKTYPE_NULL, LINKTYPE_LOOP -> {
          if (len < 4) {
            return false;
          }
          long family =
              linkType == LINKTYPE_LOOP
                  ? Bytes.u32l(b, off, true)
                  : Bytes.u32l(b, off, fileBigEndian);
          if (linkType == LINKTYPE_NULL && family > 0xFFFF) {
            // Written on a host of the other byte order.
            family = Integer.reverseBytes((int) family) & 0xFFFFFFFFL;
          }
          if (family == 2) {
            return ip(4, micros, b, off + 4, end);
          } else if (family == 24 || family == 28 || family == 30) {
            return ip(6, micros, b, off + 4, end);
          }
          return true;
        }
        case LINKTYPE_ETHERNET -> {
          int p = off + 12;
          if (end - p < 2) {
            return false;
          }
          int etherType = Bytes.u16(b, p, true);
          while (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) {
            p += 4;
            if (end - p < 2) {
              return false;
            }
            etherType = Bytes.u16(b, p, true);
          }
          return etherType(etherType, micros, b, p + 2, end);
        }
        case LINKTYPE_RAW, LINKTYPE_RAW_12, LINKTYPE_RAW_14 -> {
          if (len < 1) {
            return false;
          }
          return ip((b[off] & 0xF0) >> 4, micros, b, off, end);
        }
        case LINKTYPE_IPV4 -> {
          return ip(4, micros, b, off, end);
        }
        case LINKTYPE_IPV6 -> {
          return ip(6, micros, b, off, end);
        }
        case LINKTYPE_LINUX_SLL -> {
          if (len < 16) {
            return false;
          }
          return etherType(Bytes.u16(b, off + 14, true), micros, b, off + 16, end);
        }
        case LINKTYPE_LINUX_SLL2 -> {
          if (len < 20) {
            return false;
          }
          return etherType(Bytes.u16(b, off, true), micros, b, off + 20, end);
        }
        default -> throw new PcapException("unsupported link type " + linkType);
      }
    }

    private boolean etherType(int etherType, long micros, byte[] b, int off, int end) {
      if (etherType == 0x0800) {
        return ip(4, micros, b, off, end);
      } else if (etherType == 0x86DD) {
        return ip(6, micros, b, off, end);
      }
      return true; // ARP and others: not malformed, just not IP.
    }

    private boolean ip(int version, long micros, byte[] b, int off, int end) {
      if (off >= end || ((b[off] & 0xF0) >> 4) != version) {
        return false;
      }
      if (version == 4) {
        if (end - off < 20) {
          return false;
        }
        int ihl = (b[off] & 0x0F) * 4;
        int total = Bytes.u16(b, off + 2, true);
        if (total == 0) {
          total = end - off; // segmentation offload: the length is left to the hardware
        }
        if (ihl < 20 || total < ihl) {
          return false;
        }
        if (total > end - off) {
          return false; // cut by the snap length
        }
        int flagsFrag = Bytes.u16(b, off + 6, true);
        if ((flagsFrag & 0x1FFF) != 0) {
          fragments++;
          return true;
        }
        InetAddress src = address(b, off + 12, 4);
        InetAddress dst = address(b, off + 16, 4);
        return transport(b[off + 9] & 0xFF, src, dst, micros, b, off + ihl, off + total);
      }
      if (version == 6) {
        if (end - off < 40) {
          return false;
        }
        int payload = Bytes.u16(b, off + 4, true);
        if (payload == 0 || payload > end - off - 40) {
          return false; // jumbogram or cut by the snap length
        }
        int stop = off + 40 + payload;
        int next = b[off + 6] & 0xFF;
        int p = off + 40;
        while (next == 0 || next == 43 || next == 60 || next == 51 || next == 44) {
          if (next == 44) {
            fragments++;
            return true;
          }
          if (stop - p < 8) {
            return false;
          }
          int hdrLen = next == 51 ? ((b[p + 1] & 0xFF) + 2) * 4 : ((b[p + 1] & 0xFF) + 1) * 8;
          next = b[p] & 0xFF;
          p += hdrLen;
          if (p > stop) {
            return false;
          }
        }
        InetAddress src = address(b, off + 8, 16);
        InetAddress dst = address(b, off + 24, 16);
        return transport(next, src, dst, micros, b, p, stop);
      }
      return false;
    }

    private boolean transport(
        int protocol, InetAddress src, InetAddress dst, long micros, byte[] b, int off, int end) {
      if (protocol == 6) {
        if (end - off < 20) {
          return false;
        }
        int dataOffset = ((b[off + 12] & 0xF0) >> 4) * 4;
        if (dataOffset < 20 || dataOffset > end - off) {
          return false;
        }
        Endpoint s = new Endpoint(src, Bytes.u16(b, off, true));
        Endpoint d = new Endpoint(dst, Bytes.u16(b, off + 2, true));
        long seq = Bytes.u32l(b, off + 4, true);
        int flags = b[off + 13] & 0xFF;
        byte[] payload = Arrays.copyOfRange(b, off + dataOffset, end);
        tcp.segment(s, d, micros, seq, flags, payload);
        return true;
      }
      if (protocol == 17) {
        if (end - off < 8) {
          return false;
        }
        int length = Bytes.u16(b, off + 4, true);
        if (length < 8 || length > end - off) {
          return false;
        }
        udp.add(
            new UdpDatagram(
                new Endpoint(src, Bytes.u16(b, off, true)),
                new Endpoint(dst, Bytes.u16(b, off + 2, true)),
                micros,
                Arrays.copyOfRange(b, off + 8, off + length)));
        return true;
      }
      return true; // ICMP and others: ignored.
    }

    private static InetAddress address(byte[] b, int off, int len) {
      try {
        return InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + len));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
      }
    }
  }
}
