package io.arcly.stream.protocol.rtmp.amf;

/**
 * Malformed or hostile AMF input: truncation, an unknown or misplaced marker, a bad reference or a
 * broken limit. The message is stable and lowercase, such as {@code amf0 truncated string at offset
 * 17}; offsets count from the start of the decoded region.
 */
public final class AmfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a stable lowercase message. */
  public AmfException(String message) {
    super(message);
  }
}
