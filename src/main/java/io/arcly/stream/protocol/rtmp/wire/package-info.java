/**
 * RTMP wire codecs, pure functions over bytes (no sockets, threads or clock): the handshake, chunk
 * reassembly and splitting, protocol control and user control messages, command and data messages.
 */
package io.arcly.stream.protocol.rtmp.wire;
