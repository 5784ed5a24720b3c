package io.arcly.stream.protocol.rtsp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 multicast range such as {@code 224.1.0.0/16}, from which each played stream gets a group
 * address.
 *
 * @param base the first address, as an unsigned 32-bit number
 * @param size how many addresses the range holds
 */
public record MulticastRange(long base, long size) {
  /**
   * Parses {@code a.b.c.d/n}: an IPv4 multicast address (224.0.0.0/4) and a prefix of 4 to 30.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static MulticastRange parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("expected an IPv4 range such as 224.1.0.0/16");
    }
    String addr = text.substring(0, slash).trim();
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the prefix length is not a number");
    }
    if (prefix < 4 || prefix > 30) {
      throw new IllegalArgumentException("the prefix length must be between 4 and 30");
    }
    if (!addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("expected an IPv4 address before the /");
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(addr);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + addr);
    }
    if (!(a instanceof Inet4Address) || !a.isMulticastAddress()) {
      throw new IllegalArgumentException(addr + " is not an IPv4 multicast address (224.0.0.0/4)");
    }
    byte[] b = a.getAddress();
    long v =
        ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    long size = 1L << (32 - prefix);
    return new MulticastRange(v & ~(size - 1), size);
  }

  /** The {@code n}th address of the range (wrapping), skipping the range's first address. */
  public InetAddress address(long n) {
    long v = base + 1 + Math.floorMod(n, size - 2);
    byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
