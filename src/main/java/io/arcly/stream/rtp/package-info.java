/**
 * The RTP floor shared by RTSP and WebRTC: RTP packets (RFC 3550 5.1) with RFC 8285 header
 * extension elements, the reorder buffer with its reception statistics (RFC 3550 6.4.1, A.3, A.8)
 * and the RTP clock (32-bit timestamps unwrapped onto the media clock).
 *
 * <p>Subpackages: {@code rtcp} (RFC 3550 6, RFC 4585, RFC 5104), {@code format} (payload formats: a
 * depacketizer and a packetizer per codec) and {@code stream} (per-track receiver and sender and
 * the lip sync of a stream's tracks). Pure code: bytes in, values out, no socket, thread, clock or
 * kernel class; time comes in as arguments.
 */
package io.arcly.stream.rtp;
