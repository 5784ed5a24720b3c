package io.arcly.stream.kernel.media;

import java.util.Objects;

/**
 * Who is on the other end of a publish or play session.
 *
 * @param protocol the protocol name, such as {@code rtmp} or {@code hls}
 * @param remoteAddress the peer's address as {@code host:port}, or empty when unknown
 * @param clientName what the client calls itself (RTMP {@code flashVer}, HTTP {@code User-Agent}),
 *     or empty
 */
public record ClientInfo(String protocol, String remoteAddress, String clientName) {
  /** Normalizes absent values to empty strings. */
  public ClientInfo {
    Objects.requireNonNull(protocol, "protocol");
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
    clientName = clientName == null ? "" : clientName;
  }
}
