package io.arcly.stream.conformance;

import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;

/**
 * What a replayed SRT client datagram changes of the captured one: the SYN cookie the captured
 * listener answered becomes the one this server answered in its induction, and the socket id the
 * captured listener gave in its conclusion answer becomes the one this server gave. A cookie or
 * destination the captured listener never gave (a derived trace's forged cookie) goes as captured;
 * when the capture lacks the listener's answers, every conclusion's cookie and every non-zero
 * destination are taken for the listener's. Everything else (the caller's socket id, its initial
 * sequence number, time stamps, key material, payloads) goes as captured: in HSv5 the caller picks
 * the initial sequence number for both directions.
 *
 * <p>Works on the raw bytes, so that a datagram the server cannot decode (a derived trace's damaged
 * handshake) is adapted as far as its bytes reach and still sent.
 *
 * @param capturedCookie the cookie of the captured listener's induction answer, or null when the
 *     capture has none
 * @param capturedSocketId the socket id of the captured listener's conclusion answer, or null when
 *     the capture has none
 */
record SrtAdaptation(Integer capturedCookie, Integer capturedSocketId) {
  /** Where the destination socket id lies in every packet's header. */
  static final int DESTINATION = 12;

  /** Where the handshake type lies: the control header, then 20 bytes of the handshake. */
  static final int HANDSHAKE_TYPE = SrtPacket.HEADER + 20;

  /** Where the SYN cookie lies in a handshake packet. */
  static final int COOKIE = SrtPacket.HEADER + 28;

  /** Where a handshake's 48-byte body ends and its extensions start. */
  static final int HANDSHAKE_BODY_END = SrtPacket.HEADER + 48;

  /** What a datagram needs from this server's answers before it can be sent. */
  enum Needs {
    /** Nothing: it goes as captured. */
    NOTHING,
    /** The cookie of this server's induction answer. */
    COOKIE,
    /** The socket id of this server's conclusion answer. */
    SOCKET_ID,
    /** Both (a conclusion repeated to an established connection). */
    BOTH
  }

  /** What {@code d}, a client datagram as captured, needs before it can go. */
  Needs needs(byte[] d) {
    boolean cookie = carriesListenerCookie(d);
    boolean id = addressedToListener(d);
    return cookie && id ? Needs.BOTH : cookie ? Needs.COOKIE : id ? Needs.SOCKET_ID : Needs.NOTHING;
  }

  /**
   * {@code d} adapted: a copy with {@code ourCookie} and {@code ourSocketId} where the captured
   * listener's were, or {@code d} itself when nothing changes. A null value leaves its field as
   * captured (this server never answered).
   */
  byte[] adapt(byte[] d, Integer ourCookie, Integer ourSocketId) {
    boolean cookie = ourCookie != null && carriesListenerCookie(d);
    boolean id = ourSocketId != null && addressedToListener(d);
    if (!cookie && !id) {
      return d;
    }
    byte[] out = d.clone();
    if (cookie) {
      putInt(out, COOKIE, ourCookie);
    }
    if (id) {
      putInt(out, DESTINATION, ourSocketId);
    }
    return out;
  }

  /** Whether {@code d} is a conclusion carrying the cookie the captured listener gave. */
  boolean carriesListenerCookie(byte[] d) {
    if (!isConclusion(d)) {
      return false;
    }
    return capturedCookie == null || getInt(d, COOKIE) == capturedCookie;
  }

  /** Whether {@code d} is addressed to the socket id the captured listener gave. */
  boolean addressedToListener(byte[] d) {
    if (d.length < SrtPacket.HEADER) {
      return false;
    }
    int dest = getInt(d, DESTINATION);
    return capturedSocketId == null ? dest != 0 : dest == capturedSocketId;
  }

  /** Whether {@code d} is a handshake control packet long enough to hold a cookie. */
  static boolean isHandshake(byte[] d) {
    return d.length >= COOKIE + 4
        && SrtPacket.isControl(d)
        && ((d[0] & 0x7F) << 8 | d[1] & 0xFF) == 0;
  }

  /** Whether {@code d} is a handshake of type conclusion. */
  static boolean isConclusion(byte[] d) {
    return isHandshake(d) && getInt(d, HANDSHAKE_TYPE) == Handshake.CONCLUSION;
  }

  /** Whether {@code d} is a handshake of type induction. */
  static boolean isInduction(byte[] d) {
    return isHandshake(d) && getInt(d, HANDSHAKE_TYPE) == Handshake.INDUCTION;
  }

  static int getInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | b[at + 3] & 0xFF;
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
