package io.arcly.stream.rtp;

/**
 * Malformed RTP or RTCP input from a peer: a bad header, a length that overruns its packet, a
 * payload a payload format cannot read.
 *
 * <p>Messages are stable, lowercase and name the structure first (for example {@code "rtp version
 * is not 2"} or {@code "h264 fu-a fragment without start"}), so callers may count them by message
 * and log them as they are; the packet is dropped, the session goes on.
 */
public class RtpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a stable lowercase message. */
  public RtpException(String message) {
    super(message);
  }
}
