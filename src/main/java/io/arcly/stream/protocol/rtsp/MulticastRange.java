package io.arcly.stream.protocol.rtsp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 multicast range such as {@code 224.1.0.0/16}, from which each track played over multicast
 * gets a group address of its own.
 *
 * @param base the range's first address, as an unsigned 32-bit number
 * @param prefix the prefix length, 4 to 30
 */
public record MulticastRange(long base, int prefix) {
  /** Checks the range. */
  public MulticastRange {
    if (prefix < 4 || prefix > 30) {
      throw new IllegalArgumentException("the prefix length must be between 4 and 30");
    }
    if ((base >>> 28) != 0xE || (base & ((1L << (32 - prefix)) - 1)) != 0) {
      throw new IllegalArgumentException("not the first address of a multicast range");
    }
  }

  /**
   * Parses {@code a.b.c.d/n}: an IPv4 multicast address (in 224.0.0.0/4) and a prefix length of 4
   * to 30; host bits of the address are ignored.
   *
   * @throws IllegalArgumentException saying what is wrong
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
      throw new IllegalArgumentException("the prefix length after / is not a number");
    }
    if (prefix < 4 || prefix > 30) {
      throw new IllegalArgumentException("the prefix length must be between 4 and 30");
    }
    if (!addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("expected an IPv4 address before the /");
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(addr); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(addr + " is not an IPv4 address");
    }
    if (!(a instanceof Inet4Address) || !a.isMulticastAddress()) {
      throw new IllegalArgumentException(addr + " is not an IPv4 multicast address (224.0.0.0/4)");
    }
    byte[] b = a.getAddress();
    long v =
        ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    return new MulticastRange(v & ~((1L << (32 - prefix)) - 1), prefix);
  }

  /** How many group addresses the range hands out: all but its first and last. */
  public int capacity() {
    return (int) ((1L << (32 - prefix)) - 2);
  }

  /** The {@code n}th group address, 0 to {@link #capacity()} - 1 (the range's first is skipped). */
  public InetAddress address(int n) {
    if (n < 0 || n >= capacity()) {
      throw new IndexOutOfBoundsException(n);
    }
    long v = base + 1 + n;
    byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return (base >>> 24)
        + "."
        + ((base >>> 16) & 0xFF)
        + "."
        + ((base >>> 8) & 0xFF)
        + "."
        + (base & 0xFF)
        + "/"
        + prefix;
  }
}
