package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.protocol.srt.wire.RejectReason;

/** A caller refused at the handshake, with the reason sent to it and one for the log. */
public final class Rejected extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient RejectReason reason;

  /** A refusal for {@code reason}, explained by {@code message}. */
  public Rejected(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The reason sent to the caller. */
  public RejectReason reason() {
    return reason;
  }
}
