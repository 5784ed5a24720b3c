package io.arcly.stream.protocol.rtsp.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The captures under {@code vectors/rtsp} and a harness that feeds them in pieces. */
final class Captures {
  /** Every capture, by file name. */
  static final List<String> NAMES =
      List.of(
          "ffmpeg-play.client",
          "ffmpeg-play-qop.client",
          "ffmpeg-play-udp.client",
          "ffmpeg-publish.client",
          "gst-play.client",
          "gst-play-qop.client",
          "gst-play-udp.client",
          "gst-publish.client",
          "ffmpeg-listen.client",
          "ffmpeg-listen.server");

  private Captures() {}

  static byte[] read(String name) {
    try (InputStream in = Captures.class.getResourceAsStream("/vectors/rtsp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Feeds {@code bytes} to {@code d} through a buffer of {@code capacity} bytes, {@code step} bytes
   * per read, as a connection does (compact, read, flip); frames are copied as they come, since
   * their views die with the next read. Returns the messages.
   */
  static List<RtspMessage> feed(RtspDecoder d, byte[] bytes, int step, int capacity) {
    List<RtspMessage> out = new ArrayList<>();
    Consumer<RtspMessage> sink = m -> out.add(m instanceof InterleavedFrame f ? copy(f) : m);
    ByteBuffer bb = ByteBuffer.allocate(capacity);
    bb.limit(0);
    int i = 0;
    while (i < bytes.length) {
      bb.compact();
      int n = Math.min(Math.min(step, bytes.length - i), bb.remaining());
      bb.put(bytes, i, n);
      i += n;
      bb.flip();
      d.decode(bb, sink);
    }
    return out;
  }

  static InterleavedFrame copy(InterleavedFrame f) {
    ByteBuffer data = f.data();
    byte[] b = new byte[data.remaining()];
    data.get(b);
    return new InterleavedFrame(f.channel(), ByteBuffer.wrap(b));
  }
}
