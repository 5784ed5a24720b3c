package io.arcly.stream.testing;

import io.arcly.stream.format.flv.FlvDemuxer;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of an FLV file (as ffmpeg writes them), through the server's own {@link FlvDemuxer}:
 * header, then tags of {@code type(8) size(24) timestamp(24) extension(8) streamId(24) body
 * previousTagSize(32)}.
 */
public final class FlvFiles {
  private FlvFiles() {}

  /** Every audio and video frame (configurations included), in file order. */
  public static List<Frame> frames(byte[] file) {
    if (file.length < 13 || file[0] != 'F' || file[1] != 'L' || file[2] != 'V') {
      throw new IllegalArgumentException("not an flv file");
    }
    FlvDemuxer demuxer = new FlvDemuxer();
    List<Frame> out = new ArrayList<>();
    int at = be(file, 5, 4) + 4; // the header, then PreviousTagSize0
    while (at + 11 <= file.length) {
      int type = file[at] & 0x1F;
      int size = be(file, at + 1, 3);
      long ms = be(file, at + 4, 3) | (long) (file[at + 7] & 0xFF) << 24;
      int body = at + 11;
      if (body + size > file.length) {
        break;
      }
      Payload p = Payload.wrap(file, body, size);
      Frame f = type == 9 ? demuxer.video(ms, p) : type == 8 ? demuxer.audio(ms, p) : null;
      if (f != null) {
        out.add(f);
      }
      at = body + size + 4;
    }
    return out;
  }

  private static int be(byte[] b, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }
}
