package io.arcly.stream.protocol.rtsp.session;

import java.net.InetSocketAddress;

/**
 * One track a player set up: the stream's RTP form of it, where its packets go (an interleaved
 * channel, or a UDP address pair), and what was sent on it, for sender reports.
 */
final class OutTrack {
  final StreamRtp.Track rtp;
  final String control;

  /** The interleaved RTP channel (RTCP on the next one), or -1 for UDP. */
  final int channel;

  /** Where RTP and RTCP go over UDP, or null over TCP. */
  final InetSocketAddress rtpTo;

  final InetSocketAddress rtcpTo;

  long packets;
  long octets;
  long lastRtpTimestamp;
  long lastPts = -1;

  OutTrack(
      StreamRtp.Track rtp,
      String control,
      int channel,
      InetSocketAddress rtpTo,
      InetSocketAddress rtcpTo) {
    this.rtp = rtp;
    this.control = control;
    this.channel = channel;
    this.rtpTo = rtpTo;
    this.rtcpTo = rtcpTo;
  }

  boolean udp() {
    return channel < 0;
  }
}
