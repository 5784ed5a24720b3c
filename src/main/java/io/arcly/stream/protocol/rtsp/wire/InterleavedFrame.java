package io.arcly.stream.protocol.rtsp.wire;

import java.nio.ByteBuffer;

/**
 * A binary frame interleaved with RTSP messages on the connection (RFC 2326 section 10.12): an RTP
 * or RTCP packet on the channel a SETUP's {@code interleaved=} gave it.
 *
 * <pre>
 *   '$' (0x24) | channel (1 byte) | length (2 bytes, big-endian) | data (length bytes)
 * </pre>
 *
 * <p>The data is a read-only view; when the frame lay whole in the decoder's input it shares that
 * buffer without a copy, so it is valid only until the caller writes that buffer again (its next
 * read): depacketize or copy it before.
 *
 * @param channel the channel, 0 to 255
 * @param data the frame's bytes, 0 to 65535 of them, positioned at 0
 */
public record InterleavedFrame(int channel, ByteBuffer data) implements RtspMessage {
  /** The largest frame the 16-bit length allows. */
  public static final int MAX_LENGTH = 0xFFFF;

  /** Checks the channel and length, and makes the view read-only. */
  public InterleavedFrame {
    if (channel < 0 || channel > 255) {
      throw new IllegalArgumentException("channel " + channel + " outside 0 to 255");
    }
    if (data.remaining() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "frame of " + data.remaining() + " bytes is longer than " + MAX_LENGTH);
    }
    data = data.slice().asReadOnlyBuffer();
  }

  /** The data as a read-only buffer of its own, positioned at 0 (reading it moves nothing here). */
  @Override
  public ByteBuffer data() {
    return data.duplicate();
  }

  /** The number of data bytes. */
  public int length() {
    return data.remaining();
  }
}
