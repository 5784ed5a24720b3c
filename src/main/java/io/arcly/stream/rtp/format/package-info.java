/**
 * RTP payload formats, a depacketizer (packets to access units and configurations) and a packetizer
 * (access units to payloads and format parameters) per codec: H.264 (RFC 6184), H.265 (RFC 7798),
 * AV1 (AOMedia RTP Payload Format For AV1), AAC as mpeg4-generic (RFC 3640) and MP4A-LATM (RFC
 * 6416), Opus (RFC 7587), G.711 (RFC 3551) and MPEG-2 TS (RFC 2250).
 *
 * <p>Formats take the SDP format parameters as a map with lower-case keys and the rtpmap clock rate
 * and channels as ints, and give back the map they would announce, so they do not depend on an SDP
 * model. Peer bytes never raise anything but {@link io.arcly.stream.rtp.RtpException}.
 */
package io.arcly.stream.rtp.format;
