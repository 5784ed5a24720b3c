package io.arcly.stream.protocol.srt.wire;

/** A datagram that is not a well-formed SRT packet; the message is stable and lowercase. */
public final class SrtWireException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a stable lowercase reason. */
  public SrtWireException(String message) {
    super(message, null, false, false);
  }
}
