package io.arcly.stream.conformance.pcap;

import java.util.ArrayList;
import java.util.List;

/** The content of one capture file: reassembled TCP connections and UDP datagrams. */
public final class Capture {

  private final List<TcpConnection> tcp;
  private final List<UdpDatagram> udp;
  private final int linkType;
  private final int skippedPackets;
  private final int ignoredFragments;
  private final long droppedBytes;

  Capture(
      List<TcpConnection> tcp,
      List<UdpDatagram> udp,
      int linkType,
      int skippedPackets,
      int ignoredFragments,
      long droppedBytes) {
    this.tcp = List.copyOf(tcp);
    this.udp = List.copyOf(udp);
    this.linkType = linkType;
    this.skippedPackets = skippedPackets;
    this.ignoredFragments = ignoredFragments;
    this.droppedBytes = droppedBytes;
  }

  /** Returns the TCP connections in order of their first packet. */
  public List<TcpConnection> tcp() {
    return tcp;
  }

  /** Returns the UDP datagrams in capture order. */
  public List<UdpDatagram> udp() {
    return udp;
  }

  /** Returns the link type of the first interface (pcap header or first pcapng IDB), -1 if none. */
  public int linkType() {
    return linkType;
  }

  /**
   * Returns the TCP connections whose server port is {@code port}; a connection seen without its
   * SYN or SYN-ACK counts when either side uses the port, and its client is then the other side.
   */
  public List<TcpConnection> tcpTo(int port) {
    List<TcpConnection> out = new ArrayList<>();
    for (TcpConnection c : tcp) {
      if (c.server().port() == port) {
        out.add(c);
      } else if (!c.orientationKnown() && c.client().port() == port) {
        out.add(c.reversed());
      }
    }
    return out;
  }

  /** Returns the UDP datagrams to or from {@code port}, in capture order. */
  public List<UdpDatagram> udpWith(int port) {
    List<UdpDatagram> out = new ArrayList<>();
    for (UdpDatagram d : udp) {
      if (d.source().port() == port || d.destination().port() == port) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Returns the number of packets skipped as malformed, truncated by the snap length, on an unknown
   * interface, or beyond {@link Pcap#MAX_TCP_CONNECTIONS}.
   */
  public int skippedPackets() {
    return skippedPackets;
  }

  /** Returns the number of IP fragments ignored (IPv4 non-first fragments, IPv6 fragments). */
  public int ignoredFragments() {
    return ignoredFragments;
  }

  /**
   * Returns the number of TCP payload bytes dropped because of {@link Pcap#MAX_REASSEMBLED_BYTES}
   * or {@link Pcap#MAX_OUT_OF_ORDER_BYTES} (not counting data after gaps that never filled).
   */
  public long droppedBytes() {
    return droppedBytes;
  }
}
