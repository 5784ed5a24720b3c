package io.arcly.stream.protocol.hls;

/**
 * A malformed delivery directive in a playlist request; the message is stable, lowercase (but for
 * the directive's name) and names the directive, and the edge answers it with 400 Bad Request.
 */
public final class HlsRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a stable message. */
  public HlsRequestException(String message) {
    super(message);
  }
}
