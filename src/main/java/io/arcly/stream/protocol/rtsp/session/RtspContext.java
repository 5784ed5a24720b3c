package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.protocol.rtsp.wire.DigestNonces;

/**
 * What every RTSP connection of a server shares: the engine's context, the settings, and the UDP
 * pair (null when UDP is off).
 *
 * @param ctx the ingest context
 * @param settings the settings
 * @param udp the server's RTP/RTCP sockets, or null
 * @param nonces makes and checks the nonces of Digest challenges
 * @param multicast the multicast groups, or null when multicast is off
 */
public record RtspContext(
    IngestContext ctx,
    RtspSettings settings,
    UdpPair udp,
    DigestNonces nonces,
    MulticastGroups multicast) {
  /** The name this server gives in its Server header and SDP, and its authentication realm. */
  public static final String SERVER = "Arcly Stream";

  /** How long a Digest nonce stays fresh. */
  private static final long NONCE_LIFETIME_MILLIS = 5 * 60_000L;

  /** The shared state of a server, with a new secret for its Digest nonces. */
  public RtspContext(IngestContext ctx, RtspSettings settings, UdpPair udp) {
    this(
        ctx,
        settings,
        udp,
        new DigestNonces(SERVER, secret(), NONCE_LIFETIME_MILLIS),
        settings.multicast() ? new MulticastGroups(settings, ctx.threads()) : null);
  }

  private static byte[] secret() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }
}
