package io.arcly.stream.rtp.sdp;

import java.util.Objects;

/**
 * The origin line ({@code o=}, RFC 8866 section 5.2): who made the description and which version of
 * it this is. Session id and version are kept as text: they are often NTP timestamps wider than a
 * {@code long}.
 *
 * @param username the user name, {@code -} when none
 * @param sessionId the session id, digits by convention
 * @param sessionVersion the session version
 * @param netType the network type, {@code IN}
 * @param addrType the address type, {@code IP4} or {@code IP6}
 * @param address the originating host
 */
public record Origin(
    String username,
    String sessionId,
    String sessionVersion,
    String netType,
    String addrType,
    String address) {
  /** Checks that every field is one non-empty word. */
  public Origin {
    Lines.word("origin username", username);
    Lines.word("origin session id", sessionId);
    Lines.word("origin session version", sessionVersion);
    Lines.word("origin network type", netType);
    Lines.word("origin address type", addrType);
    Lines.word("origin address", address);
  }

  /** An origin of an anonymous IPv4 host with the given session id and version. */
  public static Origin of(String sessionId, String sessionVersion, String address) {
    return new Origin("-", sessionId, sessionVersion, "IN", "IP4", Objects.requireNonNull(address));
  }

  static Origin parse(int line, String value) {
    String[] f = Lines.fields(value);
    if (f.length != 6) {
      throw new SdpException(line, "origin has " + f.length + " fields, not 6");
    }
    return new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
  }

  @Override
  public String toString() {
    return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
  }
}
