package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.protocol.rtsp.media.UdpPair;

/**
 * What every RTSP connection of a server shares: the engine's context, the settings, and the UDP
 * pair (null when UDP is off).
 *
 * @param ctx the ingest context
 * @param settings the settings
 * @param udp the server's RTP/RTCP sockets, or null
 */
public record RtspContext(IngestContext ctx, RtspSettings settings, UdpPair udp) {
  /** The name this server gives in its Server header and SDP. */
  public static final String SERVER = "Arcly Stream";
}
