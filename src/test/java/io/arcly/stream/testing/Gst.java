package io.arcly.stream.testing;

import java.util.ArrayList;
import java.util.List;

/** Branches of the GStreamer pipelines the tests run with {@code gst-launch-1.0}. */
public final class Gst {
  private Gst() {}

  /**
   * A live 320x240 test picture of {@code frames} frames at {@code fps}, H.264 (x264, keyframe
   * every {@code gop} frames, {@code kbps} kbit/s or x264's default when 0), parsed and queued into
   * {@code sink} (such as {@code s.sink_0} or {@code m.}).
   */
  public static List<String> h264(int frames, int fps, int gop, int kbps, String sink) {
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "videotestsrc",
            "is-live=true",
            "num-buffers=" + frames,
            "!",
            "video/x-raw,format=I420,width=320,height=240,framerate=" + fps + "/1",
            "!",
            "x264enc",
            "tune=zerolatency",
            "key-int-max=" + gop));
    if (kbps > 0) {
      a.add("bitrate=" + kbps);
    }
    a.addAll(List.of("speed-preset=ultrafast", "!", "h264parse", "!", "queue", "!", sink));
    return a;
  }

  /**
   * A live 440 Hz tone of {@code buffers} buffers of 1024 samples (44.1 kHz stereo), AAC, parsed
   * and queued into {@code sink}.
   */
  public static List<String> aac(int buffers, String sink) {
    return List.of(
        "audiotestsrc",
        "is-live=true",
        "num-buffers=" + buffers,
        "samplesperbuffer=1024",
        "!",
        "audio/x-raw,rate=44100,channels=2",
        "!",
        "avenc_aac",
        "!",
        "aacparse",
        "!",
        "queue",
        "!",
        sink);
  }

  /** {@code parts} joined into one argument list. */
  @SafeVarargs
  public static List<String> args(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }
}
