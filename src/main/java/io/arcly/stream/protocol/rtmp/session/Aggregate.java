package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;

/**
 * Splits an aggregate message (RTMP specification 1.0 section 7.1.6) into its audio and video
 * sub-messages. Each sub-message is an FLV tag:
 *
 * <pre>
 *   type(8) size(24) timestamp(24) timestampExtended(8) streamId(24) body(size) backPointer(32)
 * </pre>
 *
 * Sub-message timestamps are shifted so the first one equals the aggregate's own timestamp.
 */
final class Aggregate {
  /** Receives one sub-message. */
  interface Sink {
    void accept(MessageType type, long timestamp, Payload body);
  }

  private Aggregate() {}

  static void split(Payload body, long timestamp, Sink sink) {
    int p = 0;
    long first = -1;
    while (p < body.length()) {
      if (body.length() - p < 11) {
        throw new RtmpException("aggregate message with a truncated sub-message header");
      }
      int type = body.get(p);
      int size = (body.get(p + 1) << 16) | (body.get(p + 2) << 8) | body.get(p + 3);
      long ts =
          ((long) body.get(p + 7) << 24)
              | (body.get(p + 4) << 16)
              | (body.get(p + 5) << 8)
              | body.get(p + 6);
      int start = p + 11;
      if (size > body.length() - start) {
        throw new RtmpException("aggregate sub-message of " + size + " bytes overruns its message");
      }
      if (first < 0) {
        first = ts;
      }
      MessageType t = MessageType.fromCode(type);
      if (t == MessageType.AUDIO || t == MessageType.VIDEO) {
        sink.accept(t, (timestamp + ts - first) & 0xFFFFFFFFL, body.slice(start, start + size));
      }
      p = start + size + 4;
    }
  }
}
