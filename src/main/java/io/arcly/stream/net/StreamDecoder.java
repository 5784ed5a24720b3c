package io.arcly.stream.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What a {@link TcpConnection}'s read loop feeds: a decoder of the protocol's byte stream. */
public interface StreamDecoder {
  /**
   * Decodes what it can from {@code in} (in read mode), leaving the bytes of an unfinished unit in
   * it; throws (a protocol's own {@link IOException}) for bytes that break the protocol.
   */
  void decode(ByteBuffer in) throws IOException;

  /**
   * The peer closed its side; {@code leftover} bytes were never decoded. Throws when that cuts a
   * unit in half.
   */
  void end(int leftover) throws IOException;

  /**
   * The read timeout passed without a byte: return true to go on reading (the session is alive by
   * other means, such as media over UDP), false to end the loop with the timeout.
   */
  default boolean idle() {
    return false;
  }

  /** Releases what the decoder holds, however the loop ended. */
  default void release() {}
}
