package io.arcly.stream.mpegts;

import io.arcly.stream.kernel.media.CodecId;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.MediaTime;
import io.arcly.stream.kernel.media.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny FLV file reader for tests (H.264 codec id 7 and AAC sound format 10 only): turns the tags
 * of a file into kernel frames, configuration frames for AVC / AAC packet type 0.
 */
final class FlvTestReader {
  private FlvTestReader() {}

  static List<Frame> read(byte[] f) {
    if (f[0] != 'F' || f[1] != 'L' || f[2] != 'V') {
      throw new IllegalArgumentException("not an flv file");
    }
    int headerSize = u32(f, 5); // 9
    List<Frame> frames = new ArrayList<>();
    int p = headerSize + 4; // header, then PreviousTagSize0
    while (p + 11 <= f.length) {
      int type = f[p] & 0x1F;
      int size = u24(f, p + 1);
      long ms = u24(f, p + 4) | ((long) (f[p + 7] & 0xFF) << 24); // 24-bit ts, 8-bit extension
      int body = p + 11; // after 3 bytes of stream id
      if (body + size > f.length) {
        break;
      }
      long dts = MediaTime.fromMillis(ms);
      if (type == 9 && size >= 5 && (f[body] & 0x0F) == 7) { // video, AVC
        boolean key = (f[body] >> 4 & 0x0F) == 1;
        int packetType = f[body + 1] & 0xFF;
        int cts = (u24(f, body + 2) << 8) >> 8; // signed 24-bit
        Payload data = Payload.wrap(Arrays.copyOfRange(f, body + 5, body + size));
        if (packetType == 0) {
          frames.add(Frame.config(CodecId.H264, dts, data));
        } else if (packetType == 1) {
          frames.add(Frame.video(CodecId.H264, dts + MediaTime.fromMillis(cts), dts, key, data));
        }
      } else if (type == 8 && size >= 2 && (f[body] >> 4 & 0x0F) == 10) { // audio, AAC
        Payload data = Payload.wrap(Arrays.copyOfRange(f, body + 2, body + size));
        frames.add(
            (f[body + 1] & 0xFF) == 0
                ? Frame.config(CodecId.AAC, dts, data)
                : Frame.audio(CodecId.AAC, dts, data));
      }
      p = body + size + 4; // body, then PreviousTagSize back pointer
    }
    return frames;
  }

  private static int u24(byte[] b, int p) {
    return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
  }

  private static int u32(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | u24(b, p + 1);
  }
}
