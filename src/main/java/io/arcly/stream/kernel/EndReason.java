package io.arcly.stream.kernel;

import java.util.Locale;

/** Why a publish session ended. */
public enum EndReason {
  /** The publisher stopped or disconnected. */
  CLOSED,
  /** An operator removed the publisher (API). */
  KICKED,
  /** No frame arrived within the application's idle timeout. */
  IDLE,
  /** A newer publisher took the key over (takeover mode). */
  TAKEN_OVER,
  /** The server is shutting down. */
  SHUTDOWN,
  /** The protocol failed (bad input from the peer, I/O error). */
  ERROR;

  /** The stable lowercase code. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
