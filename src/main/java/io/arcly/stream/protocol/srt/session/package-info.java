/**
 * SRT sessions (draft-sharabayko-srt 4): the listener's handshake with SYN cookies, and per
 * connection a thread that runs the receiver (loss reports, ACKs, time-based delivery) or the
 * sender (numbering, retransmission, drops) with the peer-idle timeout.
 */
package io.arcly.stream.protocol.srt.session;
