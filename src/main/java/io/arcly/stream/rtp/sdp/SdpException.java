package io.arcly.stream.rtp.sdp;

/**
 * A session description that cannot be read, or a value that cannot be written as one. The message
 * is stable, lowercase and names the line when there is one ({@code line 7: rtpmap without a clock
 * rate}); an RTSP server answers it with 400, a WHIP endpoint with 400.
 */
public class SdpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** An error about the whole description or a value, tied to no line. */
  public SdpException(String message) {
    super(message);
    this.line = 0;
  }

  /** An error on line {@code line} (1-based) of the description. */
  public SdpException(int line, String problem) {
    super("line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line the error is on, or 0 when it concerns no single line. */
  public int line() {
    return line;
  }
}
