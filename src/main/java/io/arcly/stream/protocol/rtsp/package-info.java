/**
 * RTSP 1.0 (RFC 2326): the server (publish with ANNOUNCE/RECORD, play with DESCRIBE/PLAY, RTP over
 * TCP interleaved or UDP), on the shared {@code net}, {@code rtp} and play-pump floors.
 */
package io.arcly.stream.protocol.rtsp;
