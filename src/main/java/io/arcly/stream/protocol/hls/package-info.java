/**
 * HTTP Live Streaming: segmenting a live stream into MPEG-TS or fragmented MP4 segments and
 * Low-Latency HLS partial segments, and the playlists that list them.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis">HLS (RFC
 *     8216bis)</a>
 */
package io.arcly.stream.protocol.hls;
