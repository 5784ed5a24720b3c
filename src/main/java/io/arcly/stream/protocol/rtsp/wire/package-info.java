/**
 * RTSP 1.0 wire codecs (RFC 2326), pure functions over bytes (no sockets, threads or clock), for
 * both sides: requests, responses and interleaved binary frames decoded incrementally and encoded,
 * the header values a session reads and writes (Transport, Session, Range, RTP-Info, Public, CSeq),
 * RTSP URLs and their control suffixes, and Basic and Digest authentication (RFC 2617, RFC 7616).
 */
package io.arcly.stream.protocol.rtsp.wire;
