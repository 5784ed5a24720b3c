package io.arcly.stream.protocol.rtsp.wire;

/**
 * Malformed or hostile RTSP input, with the status a server answers it with (400 for a malformed
 * request, 413 for a body too large, 431 for headers too large, 505 for another RTSP version). The
 * message is stable, lowercase, and names what was wrong; a decoder that threw it stays failed and
 * its connection is closed after the answer.
 */
public class RtspException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The status for a malformed message or header value. */
  public static final int BAD_REQUEST = 400;

  /** The status for a body longer than allowed. */
  public static final int PAYLOAD_TOO_LARGE = 413;

  /** The status for a request line and headers longer or more numerous than allowed. */
  public static final int HEADERS_TOO_LARGE = 431;

  /** The status for an RTSP version other than 1.0. */
  public static final int VERSION_NOT_SUPPORTED = 505;

  private final int status;

  /** An error a server answers with {@code status}, with a stable lowercase message. */
  public RtspException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status " + status + " is not an error status");
    }
    this.status = status;
  }

  /** A malformed message or value (400). */
  public static RtspException badRequest(String message) {
    return new RtspException(BAD_REQUEST, message);
  }

  /** The status a server answers this error with. */
  public int status() {
    return status;
  }

  /** The standard reason phrase of {@link #status()}. */
  public String reason() {
    return RtspStatus.reason(status);
  }
}
