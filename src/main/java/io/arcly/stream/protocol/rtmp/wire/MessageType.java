package io.arcly.stream.protocol.rtmp.wire;

/**
 * RTMP message type ids (RTMP specification 1.0 sections 5.4 and 7.1; aggregate and AMF3 variants
 * from section 7.1.1-7.1.6).
 */
public enum MessageType {
  /** Set Chunk Size (5.4.1). */
  SET_CHUNK_SIZE(1),
  /** Abort Message (5.4.2). */
  ABORT(2),
  /** Acknowledgement (5.4.3). */
  ACKNOWLEDGEMENT(3),
  /** User Control Message (6.2). */
  USER_CONTROL(4),
  /** Window Acknowledgement Size (5.4.4). */
  WINDOW_ACK_SIZE(5),
  /** Set Peer Bandwidth (5.4.5). */
  SET_PEER_BANDWIDTH(6),
  /** Audio data: one FLV audio tag body (7.1.4). */
  AUDIO(8),
  /** Video data: one FLV video tag body (7.1.5). */
  VIDEO(9),
  /** Data message in AMF3 (7.1.2). */
  DATA_AMF3(15),
  /** Shared object message in AMF3 (7.1.3). */
  SHARED_OBJECT_AMF3(16),
  /** Command message in AMF3: a format byte, then AMF0 values that may switch to AMF3 (7.1.1). */
  COMMAND_AMF3(17),
  /** Data message in AMF0 (7.1.2). */
  DATA_AMF0(18),
  /** Shared object message in AMF0 (7.1.3). */
  SHARED_OBJECT_AMF0(19),
  /** Command message in AMF0 (7.1.1). */
  COMMAND_AMF0(20),
  /** Aggregate message: a run of FLV tags (7.1.6). */
  AGGREGATE(22);

  private static final MessageType[] BY_CODE = new MessageType[23];

  static {
    for (MessageType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The type id on the wire. */
  public int code() {
    return code;
  }

  /** The type with id {@code code}, or null for an id this server does not know. */
  public static MessageType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
