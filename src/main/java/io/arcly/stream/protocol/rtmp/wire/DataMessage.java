package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.amf.Amf0;
import java.util.List;

/**
 * A data message (RTMP specification 1.0 section 7.1.2): a handler name and values, such as
 * {@code @setDataFrame "onMetaData" {...}} from an encoder or {@code onMetaData {...}} to a player.
 *
 * @param handler the first value, the handler name
 * @param values the values after it
 */
public record DataMessage(String handler, List<Amf> values) {
  /** Copies the value list. */
  public DataMessage {
    values = List.copyOf(values);
  }

  /**
   * Decodes a data message body (type 18, or 15 with its format byte).
   *
   * @throws RtmpException when the body is not AMF or has no handler name
   */
  public static DataMessage decode(MessageType type, Payload body) {
    List<Amf> v = Command.values(type, body, "data");
    if (v.isEmpty() || v.get(0).asString() == null) {
      throw new RtmpException("data message without a handler name");
    }
    return new DataMessage(v.get(0).asString(), v.subList(1, v.size()));
  }

  /** The AMF0 body (message type 18). */
  public byte[] encode() {
    Amf[] all = new Amf[values.size() + 1];
    all[0] = Amf.str(handler);
    for (int i = 0; i < values.size(); i++) {
      all[i + 1] = values.get(i);
    }
    return Amf0.encode(all);
  }
}
