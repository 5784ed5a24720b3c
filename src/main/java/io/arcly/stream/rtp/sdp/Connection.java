package io.arcly.stream.rtp.sdp;

/**
 * Connection data ({@code c=}, RFC 8866 section 5.7): where media goes or comes from.
 *
 * @param netType the network type, {@code IN}
 * @param addrType the address type, {@code IP4} or {@code IP6}
 * @param address the address, with a multicast TTL and address count when given ({@code
 *     233.252.0.1/127/3}), kept as written
 */
public record Connection(String netType, String addrType, String address) {
  /** Checks that every field is one non-empty word. */
  public Connection {
    Lines.word("connection network type", netType);
    Lines.word("connection address type", addrType);
    Lines.word("connection address", address);
  }

  /** An IPv4 connection ({@code IN IP4 address}). */
  public static Connection ip4(String address) {
    return new Connection("IN", "IP4", address);
  }

  /** The address without a TTL or count. */
  public String host() {
    int slash = address.indexOf('/');
    return slash < 0 ? address : address.substring(0, slash);
  }

  static Connection parse(int line, String value) {
    String[] f = Lines.fields(value);
    if (f.length != 3) {
      throw new SdpException(line, "connection has " + f.length + " fields, not 3");
    }
    return new Connection(f[0], f[1], f[2]);
  }

  @Override
  public String toString() {
    return netType + " " + addrType + " " + address;
  }
}
