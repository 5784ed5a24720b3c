package io.arcly.stream.codec;

/**
 * Malformed or unsupported codec data: a truncated parameter set, a bad configuration record, a
 * length prefix that overruns its access unit.
 *
 * <p>Messages are stable, lowercase and name the structure first (for example {@code "h264 sps
 * truncated"} or {@code "avcc record too short"}), so callers may log them as they are.
 */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a stable lowercase message. */
  public CodecException(String message) {
    super(message);
  }

  /** An exception with a stable lowercase message and the failure behind it. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
