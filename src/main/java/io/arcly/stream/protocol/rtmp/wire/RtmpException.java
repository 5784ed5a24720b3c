package io.arcly.stream.protocol.rtmp.wire;

/**
 * Malformed or hostile RTMP input, or a protocol rule broken by the peer. The message is stable,
 * lowercase, and names what was wrong; the connection that produced it is closed.
 */
public class RtmpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a stable lowercase message. */
  public RtmpException(String message) {
    super(message);
  }

  /** An error caused by a lower-level decoding failure. */
  public RtmpException(String message, Throwable cause) {
    super(message, cause);
  }
}
