package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Chunk;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.conformance.pcap.TraceMutator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Derives negative traces from a captured RTSP publish over TCP, reproducibly: the client's byte
 * stream is changed one way and written as a new trace holding the client half only (see {@link
 * TraceMutator#write}).
 *
 * <ul>
 *   <li>{@code rtsp-truncated-request}: the ANNOUNCE keeps only its request line and CSeq, so the
 *       next request's line runs into its headers;
 *   <li>{@code rtsp-huge-header}: the first request carries a header of 1 MiB, and nothing follows
 *       it;
 *   <li>{@code rtsp-bad-interleaved-length}: the first interleaved frame announces 0 bytes although
 *       its packet follows, so the packet's first byte is read where a message must start;
 *   <li>{@code rtsp-fua-start-without-end}: the last fragment of the second H.264 IDR picture sent
 *       as FU-A fragments (RFC 6184 5.8) is left out, so that access unit never completes.
 * </ul>
 *
 * <p>Camera mutations change the captured server's answers while a {@code pull} replay plays them
 * to this server's client (the expectation names one in {@code mutation}; no trace is written):
 *
 * <ul>
 *   <li>{@code rtsp-camera-truncated-sdp}: the description of the DESCRIBE answer ends inside its
 *       first media line, after the media type and port ({@code m=video 0}), as a camera that cuts
 *       its SDP short sends it; {@code Content-Length} says so.
 * </ul>
 */
final class RtspMutations {
  /** The camera mutations, by name. */
  static final java.util.Set<String> CAMERA = java.util.Set.of("rtsp-camera-truncated-sdp");

  /** The size of the padding header of {@code rtsp-huge-header}. */
  static final int HUGE = 1 << 20;

  private RtspMutations() {}

  /** {@code mutate KIND IN.pcap SERVER_PORT OUT.pcap} for a {@code rtsp-} kind. */
  static void main(String[] a) throws IOException {
    int port = Integer.parseInt(a[2]);
    TcpConnection c = Pcap.read(Path.of(a[1])).tcpTo(port).get(0);
    List<Chunk> client =
        c.chunks().stream().filter(x -> x.direction() == Direction.CLIENT_TO_SERVER).toList();
    Files.write(Path.of(a[3]), TraceMutator.write(c.client().port(), port, mutate(a[0], client)));
  }

  /** The client stream changed by mutation {@code kind}. */
  static byte[] mutate(String kind, List<Chunk> client) {
    List<RtspUnits.Unit> units = RtspUnits.split(client);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (kind) {
      case "rtsp-truncated-request" -> {
        boolean done = false;
        for (RtspUnits.Unit u : units) {
          if (!done && u.method().equals("ANNOUNCE")) {
            String head = u.head();
            int cseq = head.toLowerCase(java.util.Locale.ROOT).indexOf("\ncseq:");
            int eol = head.indexOf('\n', cseq + 1);
            out.writeBytes(head.substring(0, eol + 1).getBytes(StandardCharsets.ISO_8859_1));
            done = true;
          } else {
            out.writeBytes(u.bytes());
          }
        }
        check(done, kind, "no ANNOUNCE");
      }
      case "rtsp-huge-header" -> {
        RtspUnits.Unit first = units.get(0);
        String head = first.head();
        int eol = head.indexOf('\n');
        out.writeBytes(head.substring(0, eol + 1).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("X-Padding: ".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a".repeat(HUGE).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write(first.bytes(), eol + 1, first.bytes().length - eol - 1);
        // Nothing after it: the server must have closed long before the padding ends.
      }
      case "rtsp-bad-interleaved-length" -> {
        boolean done = false;
        for (RtspUnits.Unit u : units) {
          byte[] b = u.bytes();
          if (!done && u.kind() == RtspUnits.Kind.FRAME && b.length > 4) {
            b = b.clone();
            b[2] = 0;
            b[3] = 0;
            done = true;
          }
          out.writeBytes(b);
        }
        check(done, kind, "no interleaved frame");
      }
      case "rtsp-fua-start-without-end" -> {
        int idrStarts = 0;
        boolean cut = false;
        boolean inUnit = false;
        for (RtspUnits.Unit u : units) {
          byte[] b = u.bytes();
          if (!cut && u.kind() == RtspUnits.Kind.FRAME && u.channel() == 0 && b.length > 18) {
            // '$', channel, length (4), RTP header (12, no CSRC or extension from ffmpeg), then
            // the FU indicator (type 28) and the FU header: S, E, R, type
            int indicator = b[16] & 0x1F;
            int fu = b[17] & 0xFF;
            if (indicator == 28 && (fu & 0x1F) == 5 && (fu & 0x80) != 0 && ++idrStarts == 2) {
              inUnit = true;
            } else if (inUnit && indicator == 28 && (fu & 0x40) != 0) {
              cut = true;
              continue; // the end fragment is left out
            }
          }
          out.writeBytes(b);
        }
        check(cut, kind, "no second idr picture in fu-a fragments");
      }
      default -> throw new IllegalArgumentException("unknown mutation " + kind);
    }
    return out.toByteArray();
  }

  /**
   * The body of the captured server's answer to {@code method}, changed by camera mutation {@code
   * kind} (null: none).
   */
  static byte[] cameraBody(String kind, String method, byte[] body) {
    if (kind == null) {
      return body;
    }
    if (!CAMERA.contains(kind)) {
      throw new IllegalArgumentException("unknown camera mutation " + kind);
    }
    if (!method.equals("DESCRIBE")) {
      return body;
    }
    String sdp = new String(body, StandardCharsets.ISO_8859_1);
    int m = sdp.startsWith("m=") ? 0 : sdp.indexOf("\nm=") + 1;
    check(m > 0 || sdp.startsWith("m="), kind, "no media line in the description");
    // Keep "m=", the media type and the port: the protocol and formats are cut off.
    int space = sdp.indexOf(' ', m);
    int cut = space < 0 ? -1 : sdp.indexOf(' ', space + 1);
    check(cut > 0, kind, "a media line without a protocol");
    return sdp.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void check(boolean done, String kind, String why) {
    if (!done) {
      throw new IllegalArgumentException(kind + ": " + why + " in the trace");
    }
  }
}
