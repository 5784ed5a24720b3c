package io.arcly.stream.protocol.rtmp.wire;

/**
 * Protocol control messages (RTMP specification 1.0 section 5.4) and user control messages (section
 * 6.2, 7.1.7): the small fixed-layout messages on chunk stream 2, message stream 0.
 */
public sealed interface ControlMessage {
  /** The message type id. */
  MessageType type();

  /** Set Chunk Size: the sender's chunk size from now on (31 bits). */
  record SetChunkSize(int size) implements ControlMessage {
    @Override
    public MessageType type() {
      return MessageType.SET_CHUNK_SIZE;
    }
  }

  /** Abort: discard the partial message on a chunk stream. */
  record Abort(int chunkStream) implements ControlMessage {
    @Override
    public MessageType type() {
      return MessageType.ABORT;
    }
  }

  /** Acknowledgement: the bytes received so far (mod 2^32). */
  record Acknowledgement(long sequence) implements ControlMessage {
    @Override
    public MessageType type() {
      return MessageType.ACKNOWLEDGEMENT;
    }
  }

  /** Window Acknowledgement Size: acknowledge every {@code size} bytes received from the sender. */
  record WindowAckSize(long size) implements ControlMessage {
    @Override
    public MessageType type() {
      return MessageType.WINDOW_ACK_SIZE;
    }
  }

  /** Set Peer Bandwidth: limit output to {@code size}; limit type 0 hard, 1 soft, 2 dynamic. */
  record SetPeerBandwidth(long size, int limitType) implements ControlMessage {
    @Override
    public MessageType type() {
      return MessageType.SET_PEER_BANDWIDTH;
    }
  }

  /**
   * User Control: an event with a 4-byte value (a stream id or a timestamp) and, for
   * SetBufferLength, a second 4-byte value.
   */
  record UserControl(UserControlEvent event, int rawEvent, long value, long extra)
      implements ControlMessage {
    /** An event without extra value. */
    public static UserControl of(UserControlEvent event, long value) {
      return new UserControl(event, event.code(), value, 0);
    }

    @Override
    public MessageType type() {
      return MessageType.USER_CONTROL;
    }
  }
}
