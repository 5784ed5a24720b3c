package io.arcly.stream.protocol.srt.wire;

/**
 * Why a handshake was rejected: libsrt's reason codes (draft-sharabayko-srt 3.2.1.4) and the
 * access-control codes of the SRT access control guidelines (1400 and up, as HTTP's 4xx). A
 * rejection handshake carries 1000 + the code.
 */
public enum RejectReason {
  /** Unknown reason. */
  UNKNOWN(0),
  /** A system function failed. */
  SYSTEM(1),
  /** The peer rejected. */
  PEER(2),
  /** A resource could not be allocated. */
  RESOURCE(3),
  /** A rogue peer or an invalid handshake. */
  ROGUE(4),
  /** The listener's backlog is full. */
  BACKLOG(5),
  /** Internal program error. */
  IPE(6),
  /** The socket is closing. */
  CLOSE(7),
  /** The peer's version is too old. */
  VERSION(8),
  /** Rendezvous cookie collision. */
  RDVCOOKIE(9),
  /** Wrong passphrase. */
  BADSECRET(10),
  /** Encryption required on one side only. */
  UNSECURE(11),
  /** Stream and message API mismatch. */
  MESSAGEAPI(12),
  /** Congestion controller mismatch. */
  CONGESTION(13),
  /** Packet filter mismatch. */
  FILTER(14),
  /** Group settings mismatch. */
  GROUP(15),
  /** The connection timed out. */
  TIMEOUT(16),
  /** A malformed request (access control). */
  BAD_REQUEST(1400),
  /** Authentication failed. */
  UNAUTHORIZED(1401),
  /** The server is overloaded. */
  OVERLOAD(1402),
  /** Access denied. */
  FORBIDDEN(1403),
  /** No such stream. */
  NOT_FOUND(1404),
  /** The mode (publish, request) is not allowed. */
  BAD_MODE(1405),
  /** Unacceptable parameters. */
  UNACCEPTABLE(1406),
  /** The stream is already being published. */
  CONFLICT(1409);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  /** The code on the wire (before adding 1000). */
  public int code() {
    return code;
  }

  /** The reason with {@code code}, or {@link #UNKNOWN}. */
  public static RejectReason fromCode(int code) {
    for (RejectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return UNKNOWN;
  }

  /** The handshake type that carries this rejection. */
  public int handshakeType() {
    return Handshake.REJECTION_BASE + code;
  }
}
