package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;

/** Decodes and encodes {@link ControlMessage}s. */
public final class ControlMessages {
  private ControlMessages() {}

  /**
   * Decodes a control message body of type {@code type}.
   *
   * @throws RtmpException when the body is shorter than the type's layout
   */
  public static ControlMessage decode(MessageType type, Payload body) {
    return switch (type) {
      case SET_CHUNK_SIZE ->
          new ControlMessage.SetChunkSize((int) (need(type, body, 4) & 0x7FFFFFFF));
      case ABORT -> new ControlMessage.Abort((int) need(type, body, 4));
      case ACKNOWLEDGEMENT -> new ControlMessage.Acknowledgement(need(type, body, 4));
      case WINDOW_ACK_SIZE -> new ControlMessage.WindowAckSize(need(type, body, 4));
      case SET_PEER_BANDWIDTH -> {
        if (body.length() < 5) {
          throw tooShort(type, body, 5);
        }
        yield new ControlMessage.SetPeerBandwidth(u32(body, 0), body.get(4));
      }
      case USER_CONTROL -> {
        if (body.length() < 2) {
          throw tooShort(type, body, 2);
        }
        int raw = (body.get(0) << 8) | body.get(1);
        UserControlEvent e = UserControlEvent.fromCode(raw);
        long value = body.length() >= 6 ? u32(body, 2) : 0;
        long extra = body.length() >= 10 ? u32(body, 6) : 0;
        if (e == UserControlEvent.SET_BUFFER_LENGTH && body.length() < 10) {
          throw tooShort(type, body, 10);
        }
        if (e != UserControlEvent.UNKNOWN && body.length() < 6) {
          throw tooShort(type, body, 6);
        }
        yield new ControlMessage.UserControl(e, raw, value, extra);
      }
      default -> throw new IllegalArgumentException(type + " is not a control message");
    };
  }

  /** The body of {@code m}. */
  public static byte[] encode(ControlMessage m) {
    return switch (m) {
      case ControlMessage.SetChunkSize s -> u32(s.size() & 0x7FFFFFFFL);
      case ControlMessage.Abort a -> u32(a.chunkStream());
      case ControlMessage.Acknowledgement a -> u32(a.sequence());
      case ControlMessage.WindowAckSize w -> u32(w.size());
      case ControlMessage.SetPeerBandwidth b -> {
        byte[] out = new byte[5];
        put32(out, 0, b.size());
        out[4] = (byte) b.limitType();
        yield out;
      }
      case ControlMessage.UserControl u -> {
        byte[] out = new byte[u.event() == UserControlEvent.SET_BUFFER_LENGTH ? 10 : 6];
        out[0] = (byte) (u.rawEvent() >>> 8);
        out[1] = (byte) u.rawEvent();
        put32(out, 2, u.value());
        if (out.length == 10) {
          put32(out, 6, u.extra());
        }
        yield out;
      }
    };
  }

  /** The big-endian unsigned 32-bit value at {@code at}. */
  public static long u32(Payload p, int at) {
    return ((long) p.get(at) << 24) | (p.get(at + 1) << 16) | (p.get(at + 2) << 8) | p.get(at + 3);
  }

  private static long need(MessageType type, Payload body, int n) {
    if (body.length() < n) {
      throw tooShort(type, body, n);
    }
    return u32(body, 0);
  }

  private static RtmpException tooShort(MessageType type, Payload body, int n) {
    return new RtmpException(
        type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " message is "
            + body.length()
            + " bytes, needs "
            + n);
  }

  private static byte[] u32(long v) {
    byte[] out = new byte[4];
    put32(out, 0, v);
    return out;
  }

  private static void put32(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
