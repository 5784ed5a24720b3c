/**
 * SDP session descriptions (RFC 8866) as immutable values, parsed from and written to text: what an
 * RTSP DESCRIBE answers and an ANNOUNCE carries, and what WHIP and WHEP offer and answer.
 *
 * <p>Pure: no sockets, threads or clock. Parsing is tolerant where real encoders and cameras are
 * sloppy and strict where a mistake would be misread; every error is an {@link
 * io.arcly.stream.rtp.sdp.SdpException} naming the line.
 */
package io.arcly.stream.rtp.sdp;
