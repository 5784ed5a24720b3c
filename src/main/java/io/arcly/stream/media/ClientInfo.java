package io.arcly.stream.media;

import java.util.Objects;

/**
 * Who is on the other end of a publish or play session. Every field is made {@link Text#printable
 * printable} and bounded here, since each comes from the peer (or its address) and reaches the API,
 * events, the audit trail and log lines.
 *
 * @param protocol the protocol name, such as {@code rtmp} or {@code hls}
 * @param remoteAddress the peer's address as {@code host:port}, or empty when unknown
 * @param clientName what the client calls itself (RTMP {@code flashVer}, HTTP {@code User-Agent}),
 *     or empty; at most {@value #MAX_CLIENT_NAME} characters
 */
public record ClientInfo(String protocol, String remoteAddress, String clientName) {
  /** The longest client name kept, in characters; a longer one is cut. */
  public static final int MAX_CLIENT_NAME = 256;

  /** The longest protocol name or remote address kept, in characters. */
  public static final int MAX_FIELD = 128;

  /** Normalizes absent values to empty strings and makes every value printable and bounded. */
  public ClientInfo {
    Objects.requireNonNull(protocol, "protocol");
    protocol = Text.printable(protocol, MAX_FIELD);
    remoteAddress = Text.printable(remoteAddress, MAX_FIELD);
    clientName = Text.printable(clientName, MAX_CLIENT_NAME);
  }
}
