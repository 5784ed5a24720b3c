package io.arcly.stream.fmp4;

import io.arcly.stream.kernel.media.CodecId;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.Payload;
import java.util.ArrayList;
import java.util.List;

/** A tiny FLV file reader for the tests: H.264 and AAC tags into kernel frames. */
final class FlvFile {
  private FlvFile() {}

  /** The frames of an FLV file in file order; configuration frames for sequence headers. */
  static List<Frame> read(byte[] b) {
    if (b.length < 13 || b[0] != 'F' || b[1] != 'L' || b[2] != 'V') {
      throw new IllegalArgumentException("not an flv file");
    }
    int at = be(b, 5, 4) + 4; // header, then PreviousTagSize0
    List<Frame> frames = new ArrayList<>();
    while (at + 11 <= b.length) {
      int type = b[at] & 0x1F;
      int size = be(b, at + 1, 3);
      long ms = be(b, at + 4, 3) | (long) (b[at + 7] & 0xFF) << 24;
      int body = at + 11; // after the 3-byte stream id
      if (body + size > b.length) {
        break;
      }
      long dts = ms * 1000;
      if (type == 9 && size > 5 && (b[body] & 0x0F) == 7) {
        boolean key = (b[body] & 0xF0) >> 4 == 1;
        int packetType = b[body + 1] & 0xFF;
        int cts = be(b, body + 2, 3) << 8 >> 8; // signed 24 bits
        Payload data = Payload.wrap(b, body + 5, size - 5);
        if (packetType == 0) {
          frames.add(Frame.config(CodecId.H264, dts, data));
        } else if (packetType == 1) {
          frames.add(Frame.video(CodecId.H264, dts + cts * 1000L, dts, key, data));
        }
      } else if (type == 8 && size > 2 && (b[body] & 0xF0) >> 4 == 10) {
        int packetType = b[body + 1] & 0xFF;
        Payload data = Payload.wrap(b, body + 2, size - 2);
        frames.add(
            packetType == 0
                ? Frame.config(CodecId.AAC, dts, data)
                : Frame.audio(CodecId.AAC, dts, data));
      }
      at = body + size + 4; // body, then the back pointer
    }
    return frames;
  }

  private static int be(byte[] b, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | (b[at + i] & 0xFF);
    }
    return v;
  }
}
