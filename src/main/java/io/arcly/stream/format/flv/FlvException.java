package io.arcly.stream.format.flv;

/** A malformed FLV tag body; the message is stable, lowercase and names what was wrong. */
public class FlvException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a stable lowercase message. */
  public FlvException(String message) {
    super(message);
  }
}
