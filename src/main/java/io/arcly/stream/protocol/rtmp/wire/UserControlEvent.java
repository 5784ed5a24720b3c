package io.arcly.stream.protocol.rtmp.wire;

/** User Control event types (RTMP specification 1.0 section 7.1.7). */
public enum UserControlEvent {
  /** A stream became functional; value: the message stream id. */
  STREAM_BEGIN(0),
  /** Playback of a stream ended; value: the message stream id. */
  STREAM_EOF(1),
  /** No more data on a stream for now; value: the message stream id. */
  STREAM_DRY(2),
  /** The client's buffer length; value: stream id, extra: milliseconds. */
  SET_BUFFER_LENGTH(3),
  /** The stream is a recorded one; value: the message stream id. */
  STREAM_IS_RECORDED(4),
  /** Ping; value: the sender's timestamp. */
  PING_REQUEST(6),
  /** Pong; value: the timestamp from the request. */
  PING_RESPONSE(7),
  /** An event type this server does not act on. */
  UNKNOWN(-1);

  private final int code;

  UserControlEvent(int code) {
    this.code = code;
  }

  /** The event type on the wire (-1 for {@link #UNKNOWN}). */
  public int code() {
    return code;
  }

  /** The event with type {@code code}, or {@link #UNKNOWN}. */
  public static UserControlEvent fromCode(int code) {
    for (UserControlEvent e : values()) {
      if (e.code == code && e != UNKNOWN) {
        return e;
      }
    }
    return UNKNOWN;
  }
}
