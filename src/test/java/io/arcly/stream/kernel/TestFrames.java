package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;

/** Small frame factories for kernel tests; the sequence number rides in the PTS. */
final class TestFrames {
  static final ClientInfo PUBLISHER = new ClientInfo("test", "127.0.0.1:5000", "unit");
  static final ClientInfo VIEWER = new ClientInfo("test", "127.0.0.1:6000", "viewer");

  private TestFrames() {}

  static Frame video(long seq, boolean key) {
    return Frame.video(CodecId.H264, seq * 1000, seq * 1000, key, payload(seq));
  }

  static Frame audio(long seq) {
    return Frame.audio(CodecId.AAC, seq * 1000, payload(seq));
  }

  static Frame videoConfig() {
    return Frame.config(CodecId.H264, 0, Payload.wrap(new byte[] {1, 0x64, 0, 0x1f}));
  }

  static Frame audioConfig() {
    return Frame.config(CodecId.AAC, 0, Payload.wrap(new byte[] {0x12, 0x10}));
  }

  static Payload payload(long seq) {
    return Payload.wrap(ByteBuffer.allocate(8).putLong(seq).array());
  }
}
