package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;

/**
 * One reassembled RTMP message as the chunk layer delivers it, before its body is interpreted.
 *
 * @param chunkStream the chunk stream id it arrived on
 * @param typeId the message type id (see {@link MessageType#fromCode})
 * @param timestamp the message timestamp in milliseconds, 0 to 2^32-1 (it wraps)
 * @param streamId the message stream id
 * @param body the message body, owned by this message
 */
public record RawMessage(int chunkStream, int typeId, long timestamp, int streamId, Payload body) {
  /** The known type, or null. */
  public MessageType type() {
    return MessageType.fromCode(typeId);
  }
}
