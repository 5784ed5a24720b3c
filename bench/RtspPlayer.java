import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lean RTSP player over TCP for the load: OPTIONS and DESCRIBE in one write, SETUP of every
 * track interleaved (channels 2i and 2i+1), PLAY, then interleaved frames, of which it parses the
 * RTP header and the first bytes of the payload only: enough to count video access units (the
 * marker bit), find the first keyframe (H.264 IDR as a single NAL unit, FU-A start or inside a
 * STAP-A; H.265 IRAP likewise in a single unit, FU or AP) and read the publisher's time in the
 * load's SEI. Keeps its session alive with GET_PARAMETER at half the server's timeout.
 *
 * <p>No authentication, no UDP: a benchmark client, not a general one.
 */
final class RtspPlayer extends LoadPlayer {
  private static final int MAX_TEXT = 64 * 1024;

  private final URI url;
  private final byte[] buf = new byte[128 * 1024];
  private int n;
  private int p;
  private int cseq;

  /** The interleaved RTP channel of the video track, and whether it is H.265. */
  private int videoChannel = -1;

  private boolean hevc;
  private String session;
  private long keepAliveNanos;
  private long nextKeepAlive;
  private boolean keyInUnit;
  private long seiInUnit = -1;

  RtspPlayer(URI url) {
    this.url = url;
  }

  /** A track of the SDP. */
  record Track(String media, String encoding, String control) {}

  @Override
  public void run() {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 554 : url.getPort()), 10_000);
      connectedNanos = System.nanoTime();
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String u = url.toString();
      out.write(
          (request("OPTIONS", u, "") + request("DESCRIBE", u, "Accept: application/sdp\r\n"))
              .getBytes(StandardCharsets.ISO_8859_1));
      expectOk(readText(in), "OPTIONS");
      String describe = readText(in);
      expectOk(describe, "DESCRIBE");
      String base = header(describe, "Content-Base");
      if (base == null) {
        base = header(describe, "Content-Location");
      }
      if (base == null) {
        base = u;
      }
      List<Track> tracks = tracks(body(describe));
      String aggregate = base;
      for (int i = 0; i < tracks.size(); i++) {
        Track t = tracks.get(i);
        if (videoChannel < 0 && t.media().equals("video")) {
          String e = t.encoding().toUpperCase(Locale.ROOT);
          if (e.equals("H264") || e.equals("H265")) {
            videoChannel = 2 * i;
            hevc = e.equals("H265");
          }
        }
      }
      if (videoChannel < 0) {
        throw new IOException("no H.264 or H.265 video in the SDP of " + u);
      }
      // The first SETUP makes the session; the others and PLAY go in one write with its id.
      StringBuilder rest = new StringBuilder();
      for (int i = 0; i < tracks.size(); i++) {
        String setup =
            request(
                "SETUP",
                resolve(base, tracks.get(i).control()),
                "Transport: RTP/AVP/TCP;unicast;interleaved=" + 2 * i + "-" + (2 * i + 1) + "\r\n");
        if (i == 0) {
          out.write(setup.getBytes(StandardCharsets.ISO_8859_1));
          String reply = readText(in);
          expectOk(reply, "SETUP");
          String sess = header(reply, "Session");
          if (sess == null) {
            throw new IOException("SETUP answered without a Session");
          }
          session = sess.split(";")[0].trim();
          int timeout = 60;
          for (String part : sess.split(";")) {
            if (part.trim().toLowerCase(Locale.ROOT).startsWith("timeout=")) {
              timeout = Integer.parseInt(part.trim().substring(8).trim());
            }
          }
          keepAliveNanos = Math.max(1, timeout) * 500_000_000L;
        } else {
          rest.append(setup);
        }
      }
      rest.append(request("PLAY", aggregate, "Range: npt=0.000-\r\n"));
      out.write(rest.toString().getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 1; i < tracks.size(); i++) {
        expectOk(readText(in), "SETUP");
      }
      expectOk(readText(in), "PLAY");
      handshakeNanos = System.nanoTime();
      nextKeepAlive = handshakeNanos + keepAliveNanos;
      read(in, out, aggregate);
      // Leave as players do: a camera (GStreamer's RTSP server) may stall its shared stream for
      // everyone when a client just drops its connection.
      out.write(request("TEARDOWN", aggregate, "").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException | RuntimeException e) {
      if (!stop) {
        error = e.toString();
      }
    }
  }

  private String request(String method, String target, String headers) {
    return method
        + " "
        + target
        + " RTSP/1.0\r\nCSeq: "
        + ++cseq
        + "\r\nUser-Agent: arcly-bench\r\n"
        + (session == null ? "" : "Session: " + session + "\r\n")
        + headers
        + "\r\n";
  }

  private static void expectOk(String reply, String what) throws IOException {
    if (!reply.startsWith("RTSP/1.0 200")) {
      throw new IOException(what + " refused: " + reply.lines().findFirst().orElse(""));
    }
  }

  /**
   * The next text message (status line, headers, body). Interleaved frames before it are taken as
   * media: a server may send the first ones before its answer to PLAY.
   */
  private String readText(InputStream in) throws IOException {
    while (true) {
      if (n - p < 1) {
        fill(in);
        continue;
      }
      if (buf[p] == '$') {
        frame(in);
        continue;
      }
      int end = indexOfBlankLine(p, n);
      if (end >= 0) {
        String head = new String(buf, p, end + 4 - p, StandardCharsets.ISO_8859_1);
        int length = contentLength(head);
        while (n - (end + 4) < length) {
          fill(in);
          end = indexOfBlankLine(p, n);
        }
        String text = new String(buf, p, end + 4 + length - p, StandardCharsets.ISO_8859_1);
        p = end + 4 + length;
        return text;
      }
      if (n - p > MAX_TEXT) {
        throw new IOException("an RTSP message over " + MAX_TEXT + " bytes");
      }
      fill(in);
    }
  }

  /** Moves what is unread to the front and reads more after it. */
  private void fill(InputStream in) throws IOException {
    if (p > 0) {
      System.arraycopy(buf, p, buf, 0, n - p);
      n -= p;
      p = 0;
    }
    int r = in.read(buf, n, buf.length - n);
    if (r < 0) {
      throw new IOException("the server closed the connection");
    }
    n += r;
    bytes += r;
  }

  private int indexOfBlankLine(int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static int contentLength(String head) {
    String v = header(head, "Content-Length");
    return v == null ? 0 : Integer.parseInt(v.trim());
  }

  static String header(String message, String name) {
    for (String line : message.split("\r\n")) {
      if (line.isEmpty()) {
        return null; // the body starts
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  static String body(String message) {
    int i = message.indexOf("\r\n\r\n");
    return i < 0 ? "" : message.substring(i + 4);
  }

  /** The media sections of an SDP: media type, encoding name, control. */
  static List<Track> tracks(String sdp) {
    List<Track> out = new ArrayList<>();
    String media = null;
    String payload = null;
    String encoding = "";
    String control = null;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        if (media != null) {
          out.add(new Track(media, encoding, control));
        }
        String[] f = line.substring(2).split(" ");
        media = f[0];
        payload = f.length > 3 ? f[3] : "";
        encoding = "";
        control = null;
      } else if (media != null && line.startsWith("a=rtpmap:" + payload + " ")) {
        encoding = line.substring(line.indexOf(' ') + 1).split("/")[0];
      } else if (media != null && line.startsWith("a=control:")) {
        control = line.substring(10).trim();
      }
    }
    if (media != null) {
      out.add(new Track(media, encoding, control));
    }
    return out;
  }

  static String resolve(String base, String control) {
    if (control == null || control.equals("*")) {
      return base;
    }
    if (control.regionMatches(true, 0, "rtsp://", 0, 7)) {
      return control;
    }
    return base.endsWith("/") ? base + control : base + "/" + control;
  }

  /** Interleaved frames until stopped: RTP headers and the first payload bytes of video only. */
  private void read(InputStream in, OutputStream out, String aggregate) throws IOException {
    while (!stop) {
      if (n - p < 1) {
        fill(in);
        continue;
      }
      if (buf[p] != '$') {
        readText(in); // the answer to a keep-alive
        continue;
      }
      frame(in);
      long now = System.nanoTime();
      if (now >= nextKeepAlive) {
        nextKeepAlive = now + keepAliveNanos;
        out.write(request("GET_PARAMETER", aggregate, "").getBytes(StandardCharsets.ISO_8859_1));
      }
    }
  }

  /** One interleaved frame at {@code buf[p]} ({@code $}, channel, length, packet). */
  private void frame(InputStream in) throws IOException {
    while (n - p < 4) {
      fill(in);
    }
    int channel = buf[p + 1] & 0xFF;
    int len = (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
    while (n - p < 4 + len) {
      fill(in);
    }
    int start = p + 4;
    p = start + len;
    if (firstMediaNanos == 0 && channel % 2 == 0) {
      firstMediaNanos = System.nanoTime();
    }
    if (channel == videoChannel && len >= 12) {
      video(start, start + len);
    }
  }

  /** One video RTP packet in {@code buf[from, to)}. */
  private void video(int from, int to) {
    int b0 = buf[from] & 0xFF;
    boolean marker = (buf[from + 1] & 0x80) != 0;
    int q = from + 12 + 4 * (b0 & 0x0F);
    if ((b0 & 0x10) != 0 && q + 4 <= to) {
      q += 4 + 4 * ((buf[q + 2] & 0xFF) << 8 | (buf[q + 3] & 0xFF));
    }
    if (q < to) {
      if (hevc) {
        h265(q, to);
      } else {
        h264(q, to);
      }
    }
    if (marker) {
      videoMessages++;
      if (keyInUnit && firstKeyNanos == 0) {
        firstKeyNanos = System.nanoTime();
      }
      if (seiInUnit >= 0 && measuring) {
        recordLatency(seiInUnit);
      }
      keyInUnit = false;
      seiInUnit = -1;
    }
  }

  /** RFC 6184: single NAL unit, STAP-A (24), FU-A (28). */
  private void h264(int q, int to) {
    int type = buf[q] & 0x1F;
    if (type >= 1 && type <= 23) {
      unit264(q, to);
    } else if (type == 24) {
      for (int i = q + 1; i + 2 < to; ) {
        int size = (buf[i] & 0xFF) << 8 | (buf[i + 1] & 0xFF);
        unit264(i + 2, Math.min(to, i + 2 + size));
        i += 2 + size;
      }
    } else if (type == 28 && q + 1 < to && (buf[q + 1] & 0x80) != 0) {
      keyInUnit |= (buf[q + 1] & 0x1F) == 5;
    }
  }

  private void unit264(int q, int to) {
    int type = buf[q] & 0x1F;
    if (type == 5) {
      keyInUnit = true;
    } else if (type == 6 && seiInUnit < 0) {
      seiInUnit = seiTime(buf, q, to);
    }
  }

  /** RFC 7798: single NAL unit, AP (48), FU (49); IRAP is types 16 to 23. */
  private void h265(int q, int to) {
    if (q + 1 >= to) {
      return;
    }
    int type = (buf[q] >> 1) & 0x3F;
    if (type == 48) {
      for (int i = q + 2; i + 2 < to; ) {
        int size = (buf[i] & 0xFF) << 8 | (buf[i + 1] & 0xFF);
        if (i + 2 < to) {
          keyInUnit |= irap((buf[i + 2] >> 1) & 0x3F);
        }
        i += 2 + size;
      }
    } else if (type == 49) {
      keyInUnit |= q + 2 < to && (buf[q + 2] & 0x80) != 0 && irap(buf[q + 2] & 0x3F);
    } else {
      keyInUnit |= irap(type);
    }
  }

  private static boolean irap(int type) {
    return type >= 16 && type <= 23;
  }
}
