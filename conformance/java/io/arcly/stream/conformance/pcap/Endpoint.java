package io.arcly.stream.conformance.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One side of a TCP connection or UDP flow: an IP address and a port.
 *
 * @param address the IPv4 or IPv6 address
 * @param port the TCP or UDP port, 0 to 65535
 */
public record Endpoint(InetAddress address, int port) {

  /** Returns {@code addr:port}, with IPv6 addresses in brackets ({@code [::1]:554}). */
  @Override
  public String toString() {
    String host = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
  }
}
