import java.net.URI;

/**
 * One player of a load run, whatever its protocol: what the fan-out figures need from it (video
 * access units and bytes received, when its first keyframe ended, the publish-to-player latency
 * of the frames carrying the publisher's time). {@code RtmpLoad.Player} and {@link RtspPlayer}
 * fill it in; {@code RtmpLoad} measures them the same way, so their figures compare.
 */
abstract class LoadPlayer implements Runnable {
  /** Latency histogram buckets, one per millisecond. */
  static final int LATENCY_BUCKETS = 10_000;

  /** The SEI's UUID: the load's own marker (user_data_unregistered). */
  static final byte[] UUID = "arcly-bench-time".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Bytes of an H.264 SEI NAL unit carrying the time: header, payload type, size, UUID, time. */
  static final int SEI_BYTES = 3 + 16 + 10;

  final long startNanos = System.nanoTime();

  /** Video messages (RTMP) or access units (RTSP, counted by their RTP marker bit). */
  volatile long videoMessages;

  volatile long bytes;

  /** When the first video keyframe had arrived whole. */
  volatile long firstKeyNanos;

  /** When the TCP connection was up, the setup done (RTMP handshake, RTSP PLAY answered), the first media arrived. */
  volatile long connectedNanos;

  volatile long handshakeNanos;
  volatile long firstMediaNanos;
  volatile String error;
  volatile boolean stop;

  /** Latency histogram in milliseconds, filled while {@link #measuring}. */
  final int[] latency = new int[LATENCY_BUCKETS];

  volatile boolean measuring;

  /** A player for {@code url}: {@code rtmp://HOST[:PORT]/APP/STREAM} or {@code rtsp://HOST[:PORT]/PATH}. */
  static LoadPlayer of(URI url) {
    return switch (String.valueOf(url.getScheme()).toLowerCase()) {
      case "rtmp" -> new RtmpLoad.Player(url);
      case "rtsp" -> new RtspPlayer(url);
      default -> throw new IllegalArgumentException("players take rtmp:// or rtsp:// URLs, got " + url);
    };
  }

  /**
   * The publisher's monotonic time in an H.264 SEI NAL unit starting at {@code b[p]} (its NAL
   * header), or -1 when it is not the load's SEI; {@code end} bounds what may be read.
   */
  static long seiTime(byte[] b, int p, int end) {
    if (end - p < SEI_BYTES || (b[p] & 0x1F) != 6 || b[p + 1] != 5 || b[p + 2] != 26) {
      return -1;
    }
    for (int i = 0; i < 16; i++) {
      if (b[p + 3 + i] != UUID[i]) {
        return -1;
      }
    }
    long sent = 0;
    for (int i = 0; i < 10; i++) {
      sent = sent << 7 | (b[p + 19 + i] & 0x7F);
    }
    return sent;
  }

  /** Counts the latency of a frame the publisher sent at {@code sentNanos}. */
  void recordLatency(long sentNanos) {
    long ms = (System.nanoTime() - sentNanos) / 1_000_000L;
    latency[(int) Math.max(0, Math.min(LATENCY_BUCKETS - 1, ms))]++;
  }
}
