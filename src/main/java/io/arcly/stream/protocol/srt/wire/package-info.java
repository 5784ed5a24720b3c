/**
 * SRT wire format (draft-sharabayko-srt): data and control packets, the handshake with its HSv5
 * extensions, sequence number arithmetic and rejection reasons. Pure codecs: bytes in, records out,
 * no sockets, clock or threads.
 */
package io.arcly.stream.protocol.srt.wire;
