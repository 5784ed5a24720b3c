package io.arcly.stream.media;

/** A stream key or one of its names was rejected; the message names the part and the reason. */
public final class InvalidStreamKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidStreamKeyException(String message) {
    super(message);
  }
}
