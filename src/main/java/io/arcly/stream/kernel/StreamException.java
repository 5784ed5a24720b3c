package io.arcly.stream.kernel;

import java.util.Locale;

/**
 * A refused or failed stream operation. The {@link Reason} is stable and mapped to protocol status
 * codes (RTMP onStatus, RTSP, HTTP) only at the edge; the message says what happened in words.
 */
public final class StreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. */
  public enum Reason {
    /** Another publisher holds the stream key. */
    ALREADY_PUBLISHING,
    /** The application or engine has as many publishers as it allows. */
    PUBLISHER_LIMIT,
    /** The stream has as many subscribers as it allows. */
    SUBSCRIBER_LIMIT,
    /** The stream has as many tracks as a stream may have. */
    TRACK_LIMIT,
    /** No live stream has this key. */
    STREAM_NOT_FOUND,
    /** The application is not configured and unlisted applications are refused. */
    UNKNOWN_APPLICATION,
    /** The authenticator refused the client. */
    UNAUTHORIZED,
    /** The publish session has ended; frames are no longer accepted. */
    SESSION_CLOSED,
    /** The engine is shutting down. */
    SHUTTING_DOWN;

    /** The stable lowercase code, such as {@code already_publishing}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  /** A refusal with a message in words. */
  public StreamException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the operation was refused. */
  public Reason reason() {
    return reason;
  }
}
