package io.arcly.stream.protocol.rtsp.client;

/**
 * Why a pull from a camera failed, with a stable lowercase message that the sources API shows
 * ({@code no answer to DESCRIBE within 10 s}, {@code unauthorized}, {@code no media for 10 s}).
 */
public final class CameraException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure saying {@code message}. */
  public CameraException(String message) {
    super(message, null, false, false);
  }
}
