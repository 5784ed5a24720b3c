package io.arcly.stream.conformance.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Test-only writer of libpcap files and builder of synthetic frames (IP, TCP, UDP, link layers).
 */
final class PcapWriter {

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;

  /** One frame to write with its capture time. */
  record Packet(long micros, byte[] frame) {}

  private PcapWriter() {}

  /** Writes a libpcap file (microsecond magic, little-endian). */
  static byte[] pcap(int linkType, List<Packet> packets) {
    return pcap(linkType, packets, false, false, 65535);
  }

  /**
   * Writes a libpcap file in the given byte order and timestamp precision, cutting frames at
   * snaplen.
   */
  static byte[] pcap(
      int linkType, List<Packet> packets, boolean bigEndian, boolean nanos, int snaplen) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = buffer(24, bigEndian);
    h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4);
    h.putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
    out.writeBytes(h.array());
    for (Packet p : packets) {
      int incl = Math.min(p.frame().length, snaplen);
      ByteBuffer r = buffer(16, bigEndian);
      r.putInt((int) (p.micros() / 1_000_000));
      long frac = p.micros() % 1_000_000;
      r.putInt((int) (nanos ? frac * 1000 : frac));
      r.putInt(incl).putInt(p.frame().length);
      out.writeBytes(r.array());
      out.write(p.frame(), 0, incl);
    }
    return out.toByteArray();
  }

  static ByteBuffer buffer(int size, boolean bigEndian) {
    return ByteBuffer.allocate(size)
        .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** Builds a TCP header (no options) with the payload. */
  static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
    b.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0);
    b.putShort((short) 0).put(payload);
    return b.array();
  }

  /** Builds a UDP header with the payload. */
  static byte[] udp(int sport, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length));
    b.putShort((short) 0).put(payload);
    return b.array();
  }

  /** Builds an IPv4 packet (no options, not fragmented). */
  static byte[] ipv4(String src, String dst, int protocol, byte[] l4) {
    return ipv4(src, dst, protocol, l4, 0);
  }

  /** Builds an IPv4 packet with the given flags and fragment offset field. */
  static byte[] ipv4(String src, String dst, int protocol, byte[] l4, int flagsFrag) {
    ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1);
    b.putShort((short) flagsFrag).put((byte) 64).put((byte) protocol).putShort((short) 0);
    b.put(addr(src).getAddress()).put(addr(dst).getAddress()).put(l4);
    return b.array();
  }

  /**
   * Builds an IPv6 packet; {@code extensions} are next-header codes of extension headers (each 8
   * bytes, AH 12 bytes) placed before the transport header.
   */
  static byte[] ipv6(String src, String dst, int protocol, byte[] l4, int... extensions) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    for (int i = 0; i < extensions.length; i++) {
      int next = i + 1 < extensions.length ? extensions[i + 1] : protocol;
      if (extensions[i] == 51) {
        ext.writeBytes(new byte[] {(byte) next, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
      } else {
        ext.writeBytes(new byte[] {(byte) next, 0, 0, 0, 0, 0, 0, 0});
      }
    }
    byte[] e = ext.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(40 + e.length + l4.length);
    b.putInt(0x60000000).putShort((short) (e.length + l4.length));
    b.put((byte) (extensions.length > 0 ? extensions[0] : protocol)).put((byte) 64);
    b.put(addr(src).getAddress()).put(addr(dst).getAddress()).put(e).put(l4);
    return b.array();
  }

  /** Builds an Ethernet frame, with a VLAN tag for each TPID given (outermost first). */
  static byte[] ethernet(int etherType, byte[] payload, int... vlanTpids) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + payload.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
    for (int tpid : vlanTpids) {
      b.putShort((short) tpid).putShort((short) 42);
    }
    b.putShort((short) etherType).put(payload);
    return b.array();
  }

  /** Builds an Ethernet frame around an IP packet (ethertype from its version). */
  static byte[] ethernet(byte[] ip) {
    return ethernet(etherType(ip), ip);
  }

  static int etherType(byte[] ip) {
    return (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
  }

  /** Builds a Linux cooked (SLL) frame. */
  static byte[] sll(byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
    b.putShort((short) 0).putShort((short) 772).putShort((short) 6);
    b.put(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}).putShort((short) etherType(ip)).put(ip);
    return b.array();
  }

  /** Builds a Linux cooked v2 (SLL2) frame. */
  static byte[] sll2(byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
    b.putShort((short) etherType(ip)).putShort((short) 0).putInt(1).putShort((short) 772);
    b.put((byte) 0).put((byte) 6).put(new byte[8]).put(ip);
    return b.array();
  }

  /** Builds a BSD loopback frame with the address family in the given byte order. */
  static byte[] loopback(int family, boolean bigEndian, byte[] ip) {
    return buffer(4 + ip.length, bigEndian).putInt(family).put(ip).array();
  }
}
