package io.arcly.stream.rtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RTP captures of real senders under {@code src/test/resources/io/arcly/stream/rtp/captures}:
 * {@code NAME.rtp} holds the UDP payloads as received, each after its 16-bit big-endian length;
 * {@code NAME.fmtp} the rtpmap ({@code H264/90000}) on its first line and the format parameters on
 * its second, as the sender announced them.
 *
 * <p>Made with {@code ffmpeg ... -f rtp} (libx264, libx265, aac) and {@code gst-launch-1.0 ... !
 * rtph264pay / rtph265pay / rtpmp4apay / rtpmp4gpay / rtpopuspay / rtppcmapay / rtpmp2tpay !
 * udpsink} into a small UDP receiver on the loopback interface.
 */
public final class Captures {
  private Captures() {}

  /** One capture. */
  public record Capture(
      String name,
      String encoding,
      int clockRate,
      int channels,
      Map<String, String> fmtp,
      List<byte[]> datagrams) {
    /** The datagrams parsed as RTP packets. */
    public List<RtpPacket> packets() {
      List<RtpPacket> out = new ArrayList<>();
      for (byte[] d : datagrams) {
        out.add(RtpPacket.parse(d, 0, d.length));
      }
      return out;
    }
  }

  /** The names of every capture. */
  public static final List<String> NAMES =
      List.of(
          "ffmpeg-h264",
          "ffmpeg-h265",
          "ffmpeg-aac",
          "gst-h264",
          "gst-h265",
          "gst-latm",
          "gst-mp4g",
          "gst-opus",
          "gst-pcma",
          "gst-mp2t");

  /** Reads capture {@code name}. */
  public static Capture load(String name) {
    String[] lines = new String(read(name + ".fmtp"), StandardCharsets.UTF_8).split("\n", -1);
    String[] map = lines[0].trim().split("/");
    Map<String, String> fmtp = fmtp(lines.length > 1 ? lines[1] : "");
    return new Capture(
        name,
        map[0],
        Integer.parseInt(map[1]),
        map.length > 2 ? Integer.parseInt(map[2]) : 0,
        fmtp,
        datagrams(read(name + ".rtp")));
  }

  /** Format parameters as an SDP fmtp line holds them, keys lower-cased. */
  public static Map<String, String> fmtp(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : line.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(
            part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  /** Splits {@code 16-bit length, bytes} records. */
  public static List<byte[]> datagrams(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 2 <= b.length) {
      int n = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      if (pos + n > b.length) {
        break;
      }
      out.add(java.util.Arrays.copyOfRange(b, pos, pos + n));
      pos += n;
    }
    return out;
  }

  private static byte[] read(String file) {
    try (InputStream in =
        Captures.class.getResourceAsStream("/io/arcly/stream/rtp/captures/" + file)) {
      if (in == null) {
        throw new AssertionError("missing capture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
