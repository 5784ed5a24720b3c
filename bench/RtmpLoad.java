import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lean RTMP load: players and publishers on virtual threads, with no project classes, run with
 * the JDK's source launcher (22+: it compiles the players beside it, {@code LoadPlayer.java} and
 * {@code RtspPlayer.java}, on first use). Players take rtmp:// or rtsp:// URLs; the publisher
 * always publishes RTMP.
 *
 * <pre>
 *   java bench/RtmpLoad.java ttfk   URL N
 *   java bench/RtmpLoad.java fanout URL --file SRC.flv --players N [--seconds 20] [--warmup 10] [--settle 30] [--pid PID]
 *        [--play rtsp://HOST:PORT/APP/STREAM] [--publish none]
 *   java bench/RtmpLoad.java ingest rtmp://HOST:PORT/APP --file SRC.flv --publishers M [--seconds 20]
 *        [--warmup 10] [--pid PID] [--api http://HOST:PORT] [--hls 'http://HOST:PORT/hls/APP/{stream}/stream.m3u8']
 * </pre>
 *
 * <p>Publishers push a real FLV file (H.264 + AAC, made by ffmpeg) at its own rate, looped with
 * rewritten timestamps. Every video message carries, as its first NAL unit, an SEI
 * (user_data_unregistered) holding the time it was sent, so players measure publish-to-player
 * latency. Players parse chunk headers only, plus the first bytes of each video message.
 *
 * <p>Exit status 1 when a player or publisher failed, a player did not keep up, or (ingest) a frame
 * was lost.
 */
public class RtmpLoad {
  /** The SEI's UUID: the load's own marker. */
  static final byte[] UUID = LoadPlayer.UUID;

  /** Bytes of a video message a player keeps: FLV video header, NAL length, SEI header, time. */
  static final int PROBE = 5 + 4 + 3 + 16 + 10;

  // ------------------------------------------------------------------------------------------
  // FLV source

  record Tag(int type, int ts, byte[] body) {}

  record Source(Tag metadata, Tag videoConfig, Tag audioConfig, List<Tag> media, int loopMs) {
    static Source read(Path file) throws IOException {
      byte[] b = Files.readAllBytes(file);
      if (b.length < 13 || b[0] != 'F' || b[1] != 'L' || b[2] != 'V') {
        throw new IOException(file + " is not an FLV file");
      }
      int p = ((b[5] & 0xFF) << 24 | (b[6] & 0xFF) << 16 | (b[7] & 0xFF) << 8 | (b[8] & 0xFF)) + 4;
      Tag meta = null;
      Tag vc = null;
      Tag ac = null;
      List<Tag> media = new ArrayList<>();
      while (p + 11 <= b.length) {
        int type = b[p] & 0x1F;
        int size = u24(b, p + 1);
        int ts = u24(b, p + 4) | (b[p + 7] & 0xFF) << 24;
        if (p + 11 + size > b.length) {
          break;
        }
        byte[] body = Arrays.copyOfRange(b, p + 11, p + 11 + size);
        p += 11 + size + 4;
        if (size < 2) {
          continue;
        }
        Tag t = new Tag(type, ts, body);
        if (type == 18 && meta == null) {
          meta = t;
        } else if (type == 9 && (body[0] & 0x0F) == 7 && body[1] == 0) {
          vc = vc == null ? t : vc;
        } else if (type == 8 && (body[0] & 0xF0) == 0xA0 && body[1] == 0) {
          ac = ac == null ? t : ac;
        } else if ((type == 9 && (body[0] & 0x0F) == 7 && body[1] == 1) || type == 8) {
          media.add(t); // coded frames only: an end-of-sequence tag is not a frame, not looped
        }
      }
      if (vc == null || media.isEmpty()) {
        throw new IOException(file + ": expected H.264 video (with AAC audio)");
      }
      // The loop lasts as long as the video (one frame interval after the last frame), so the
      // video runs on without a gap; audio past that end would overlap the next loop and is left out.
      int first = media.get(0).ts();
      List<Tag> video = media.stream().filter(t -> t.type() == 9).toList();
      int lastVideo = video.get(video.size() - 1).ts();
      int frame = Math.max(1, Math.round((lastVideo - video.get(0).ts()) / (float) Math.max(1, video.size() - 1)));
      int loopMs = lastVideo - first + frame;
      media.removeIf(t -> t.ts() - first >= loopMs);
      return new Source(meta, vc, ac, media, loopMs);
    }

    double videoFps() {
      long videos = media.stream().filter(t -> t.type() == 9).count();
      return videos * 1000.0 / loopMs;
    }
  }

  static int u24(byte[] b, int p) {
    return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
  }

  // ------------------------------------------------------------------------------------------
  // Publisher

  static final class Publisher implements Runnable {
    final URI url;
    final Source src;
    final String app;
    final String stream;
    volatile boolean started;
    volatile boolean hold;
    volatile boolean stop;
    volatile boolean held;
    volatile String error;
    volatile long videoSent;
    volatile long audioSent;
    volatile long bytesSent;
    private byte[] body = new byte[64 * 1024];
    private byte[] out = new byte[80 * 1024];

    Publisher(URI url, Source src) {
      this.url = url;
      this.src = src;
      String[] p = appAndStream(url);
      app = p[0];
      stream = p[1];
    }

    @Override
    public void run() {
      try (Socket s = connect(url)) {
        InputStream in = s.getInputStream();
        OutputStream o = s.getOutputStream();
        handshake(in, o);
        Messages m = new Messages(in);
        o.write(setChunkSize(4096));
        String tcUrl = "rtmp://" + url.getHost() + ":" + port(url) + "/" + app;
        o.write(
            command(
                3,
                0,
                4096,
                amfString("connect"),
                amfNumber(1),
                amfObject("app", app, "type", "nonprivate", "flashVer", "FMLE/3.0", "tcUrl", tcUrl)));
        m.awaitCommand("_result", 1);
        o.write(command(3, 0, 4096, amfString("releaseStream"), amfNumber(2), NULL, amfString(stream)));
        o.write(command(3, 0, 4096, amfString("FCPublish"), amfNumber(3), NULL, amfString(stream)));
        o.write(command(3, 0, 4096, amfString("createStream"), amfNumber(4), NULL));
        int sid = (int) m.awaitCommand("_result", 4);
        o.write(
            command(
                4, sid, 4096, amfString("publish"), amfNumber(5), NULL, amfString(stream),
                amfString("live")));
        m.awaitStatus("NetStream.Publish.Start");
        Thread.ofVirtual().start(() -> drain(in));
        if (src.metadata() != null) {
          ByteArrayOutputStream d = new ByteArrayOutputStream();
          d.writeBytes(amfString("@setDataFrame"));
          d.writeBytes(src.metadata().body());
          writeMessage(o, 4, 18, 0, sid, d.toByteArray(), d.size());
        }
        writeMessage(o, 6, 9, 0, sid, src.videoConfig().body(), src.videoConfig().body().length);
        if (src.audioConfig() != null) {
          writeMessage(o, 4, 8, 0, sid, src.audioConfig().body(), src.audioConfig().body().length);
        }
        started = true;
        push(o, sid);
      } catch (IOException | RuntimeException e) {
        if (!stop) {
          error = e.toString();
        }
      }
    }

    private void push(OutputStream o, int sid) throws IOException {
      long start = System.nanoTime();
      int first = src.media().get(0).ts();
      long offset = -first;
      while (!stop) {
        for (Tag t : src.media()) {
          if (stop) {
            return;
          }
          while (hold && !stop) {
            held = true;
            LockSupport.parkNanos(5_000_000);
          }
          long ts = t.ts() + offset;
          long due = start + ts * 1_000_000L;
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          if (t.type() == 9) {
            int n = withTime(t.body());
            writeMessage(o, 6, 9, ts, sid, body, n);
            videoSent++;
          } else {
            writeMessage(o, 4, 8, ts, sid, t.body(), t.body().length);
            audioSent++;
          }
        }
        offset += src.loopMs();
      }
    }

    /** Copies a video tag body into {@link #body} with the SEI time stamp in front of its NALs. */
    private int withTime(byte[] tag) {
      int n = tag.length + 4 + 30;
      if (body.length < n) {
        body = new byte[n * 2];
      }
      System.arraycopy(tag, 0, body, 0, 5);
      int p = 5;
      body[p++] = 0;
      body[p++] = 0;
      body[p++] = 0;
      body[p++] = 30; // NAL length: type, payload type, size, 16 + 10 payload bytes, trailing bits
      body[p++] = 6; // SEI
      body[p++] = 5; // user_data_unregistered
      body[p++] = 26;
      System.arraycopy(UUID, 0, body, p, 16);
      p += 16;
      long now = System.nanoTime();
      for (int i = 9; i >= 0; i--) {
        body[p + i] = (byte) (0x80 | (now & 0x7F)); // 7 bits a byte, never a zero byte
        now >>>= 7;
      }
      p += 10;
      body[p++] = (byte) 0x80;
      System.arraycopy(tag, 5, body, p, tag.length - 5);
      return p + tag.length - 5;
    }

    /** Chunks one message (type-0 header, then type-3 continuations) and writes it. */
    private void writeMessage(OutputStream o, int csid, int type, long ts, int sid, byte[] b, int len)
        throws IOException {
      int need = 16 + len + len / 4096 + 8;
      if (out.length < need) {
        out = new byte[need * 2];
      }
      boolean ext = ts >= 0xFFFFFF;
      int p = 0;
      out[p++] = (byte) csid;
      int t24 = ext ? 0xFFFFFF : (int) ts;
      out[p++] = (byte) (t24 >> 16);
      out[p++] = (byte) (t24 >> 8);
      out[p++] = (byte) t24;
      out[p++] = (byte) (len >> 16);
      out[p++] = (byte) (len >> 8);
      out[p++] = (byte) len;
      out[p++] = (byte) type;
      out[p++] = (byte) sid;
      out[p++] = (byte) (sid >> 8);
      out[p++] = (byte) (sid >> 16);
      out[p++] = (byte) (sid >> 24);
      if (ext) {
        p = putInt(out, p, (int) ts);
      }
      for (int i = 0; i < len; i += 4096) {
        if (i > 0) {
          out[p++] = (byte) (0xC0 | csid);
          if (ext) {
            p = putInt(out, p, (int) ts);
          }
        }
        int k = Math.min(4096, len - i);
        System.arraycopy(b, i, out, p, k);
        p += k;
      }
      o.write(out, 0, p);
      bytesSent += p;
    }

    private static void drain(InputStream in) {
      byte[] b = new byte[4096];
      try {
        while (in.read(b) >= 0) {
          // acknowledgements and pings from the server are not needed
        }
      } catch (IOException ignored) {
        // the connection ended
      }
    }
  }

  static int putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >> 24);
    b[p + 1] = (byte) (v >> 16);
    b[p + 2] = (byte) (v >> 8);
    b[p + 3] = (byte) v;
    return p + 4;
  }

  /** {app, stream} of an rtmp://host[:port]/app/stream URL. */
  static String[] appAndStream(URI u) {
    String[] p = u.getPath().substring(1).split("/", 2);
    if (p.length < 2 || p[0].isEmpty() || p[1].isEmpty()) {
      throw new IllegalArgumentException("expected rtmp://HOST[:PORT]/APP/STREAM, got " + u);
    }
    return p;
  }

  static Socket connect(URI u) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(u.getHost(), port(u)), 10_000);
    return s;
  }

  static int port(URI u) {
    return u.getPort() < 0 ? 1935 : u.getPort();
  }

  static void handshake(InputStream in, OutputStream out) throws IOException {
    byte[] c0c1 = new byte[1537];
    ThreadLocalRandom.current().nextBytes(c0c1);
    c0c1[0] = 3;
    Arrays.fill(c0c1, 1, 9, (byte) 0); // time and zero: a plain handshake
    out.write(c0c1);
    byte[] s0s1s2 = in.readNBytes(3073);
    if (s0s1s2.length < 3073) {
      throw new IOException("handshake cut short");
    }
    out.write(s0s1s2, 1, 1536);
  }

  /** Whole messages during setup (commands, control), reassembled from chunks. */
  static final class Messages {
    private final InputStream in;
    private int chunk = 128;
    private final int[] len = new int[64];
    private final int[] type = new int[64];
    private final ByteArrayOutputStream[] body = new ByteArrayOutputStream[64];

    Messages(InputStream in) {
      this.in = in;
    }

    /** The next whole message as {type, body}. */
    Object[] next() throws IOException {
      while (true) {
        int b0 = read();
        int fmt = b0 >>> 6;
        int cs = b0 & 0x3F;
        if (cs < 2) {
          throw new IOException("chunk stream ids above 63 are not expected during setup");
        }
        int ts = 0;
        if (fmt < 3) {
          ts = read() << 16 | read() << 8 | read();
        }
        if (fmt < 2) {
          len[cs] = read() << 16 | read() << 8 | read();
          type[cs] = read();
        }
        if (fmt == 0) {
          in.readNBytes(4);
        }
        if (fmt < 3 && ts == 0xFFFFFF) {
          in.readNBytes(4);
        }
        if (body[cs] == null) {
          body[cs] = new ByteArrayOutputStream();
        }
        int k = Math.min(chunk, len[cs] - body[cs].size());
        body[cs].write(in.readNBytes(k));
        if (body[cs].size() == len[cs]) {
          byte[] b = body[cs].toByteArray();
          body[cs] = null;
          if (type[cs] == 1 && b.length >= 4) {
            chunk = (b[0] & 0x7F) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
          }
          return new Object[] {type[cs], b};
        }
      }
    }

    private int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during setup");
      }
      return b;
    }

    /** Waits for command {@code name} with transaction {@code txn}; returns its 4th value if a number. */
    double awaitCommand(String name, double txn) throws IOException {
      while (true) {
        Object[] m = next();
        if ((int) m[0] != 20) {
          continue;
        }
        byte[] b = (byte[]) m[1];
        String text = new String(b, StandardCharsets.ISO_8859_1);
        if (text.contains("_error")) {
          throw new IOException("command refused: " + printable(text));
        }
        if (b[0] == 2 && text.startsWith(name, 3) && b.length > 3 + name.length() + 9) {
          int p = 3 + name.length();
          if (b[p] == 0 && readDouble(b, p + 1) == txn) {
            p += 9;
            // skip the command object (null or object), then an optional number
            if (b[p] == 5) {
              p++;
            } else {
              int end = text.indexOf("\0\0\t", p);
              p = end < 0 ? b.length : end + 3;
            }
            return p + 9 <= b.length && b[p] == 0 ? readDouble(b, p + 1) : 0;
          }
        }
      }
    }

    void awaitStatus(String code) throws IOException {
      while (true) {
        Object[] m = next();
        if ((int) m[0] != 20) {
          continue;
        }
        String text = new String((byte[]) m[1], StandardCharsets.ISO_8859_1);
        if (text.contains(code)) {
          return;
        }
        if (text.contains("onStatus") && text.contains("error")) {
          throw new IOException("refused: " + printable(text));
        }
      }
    }
  }

  static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7E]+", " ").trim();
  }

  static double readDouble(byte[] b, int p) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[p + i] & 0xFF);
    }
    return Double.longBitsToDouble(v);
  }

  // ------------------------------------------------------------------------------------------
  // Player

  static final class Player extends LoadPlayer {
    final String host;
    final int port;
    final String app;
    final String stream;

    // Per chunk stream (ids 2-63): message length, type, bytes still to come.
    private final int[] len = new int[64];
    private final int[] type = new int[64];
    private final int[] left = new int[64];
    private final byte[] probe = new byte[PROBE];
    private int probeAt;
    private boolean pendingKey;

    Player(URI u) {
      host = u.getHost();
      port = port(u);
      String[] p = appAndStream(u);
      app = p[0];
      stream = p[1];
    }

    @Override
    public void run() {
      try (Socket s = connect(URI.create("rtmp://" + host + ":" + port + "/"))) {
        connectedNanos = System.nanoTime();
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] c0c1 = new byte[1537];
        ThreadLocalRandom.current().nextBytes(c0c1);
        c0c1[0] = 3;
        Arrays.fill(c0c1, 1, 9, (byte) 0);
        out.write(c0c1);
        byte[] s0s1s2 = in.readNBytes(3073);
        handshakeNanos = System.nanoTime();
        // C2 and the pipelined commands in one write.
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.write(s0s1s2, 1, 1536);
        String tcUrl = "rtmp://" + host + ":" + port + "/" + app;
        first.writeBytes(
            command(
                3,
                0,
                128,
                amfString("connect"),
                amfNumber(1),
                amfObject("app", app, "tcUrl", tcUrl, "flashVer", "LNX 9,0,124,2")));
        first.writeBytes(command(3, 0, 128, amfString("createStream"), amfNumber(2), NULL));
        first.writeBytes(
            command(8, 1, 128, amfString("play"), amfNumber(0), NULL, amfString(stream)));
        out.write(first.toByteArray());
        out.flush();
        read(in);
      } catch (IOException e) {
        if (!stop) {
          error = e.toString();
        }
      }
    }

    private void read(InputStream in) throws IOException {
      byte[] b = new byte[64 * 1024];
      int n = 0;
      int p = 0;
      int chunk = 128;
      int cur = 0;
      int curLeft = 0;
      boolean firstChunk = false;
      int ctrlAt = -1;
      byte[] ctrl = new byte[4];
      while (!stop) {
        if (curLeft > 0) {
          if (p == n) {
            n = in.read(b);
            p = 0;
            if (n < 0) {
              return;
            }
            bytes += n;
            continue;
          }
          int k = Math.min(curLeft, n - p);
          if (type[cur] == 9 && probeAt < PROBE) {
            int c = Math.min(k, PROBE - probeAt);
            System.arraycopy(b, p, probe, probeAt, c);
            probeAt += c;
          }
          if (firstChunk && type[cur] == 9 && probeAt >= 2 && firstKeyNanos == 0) {
            // A keyframe with media, not the sequence header: legacy AVC packet type 1, or an
            // Enhanced RTMP coded-frames packet (1 or 3).
            int b0 = probe[0] & 0xFF;
            boolean key =
                (b0 & 0x80) != 0
                    ? ((b0 >> 4) & 7) == 1 && ((b0 & 0x0F) == 1 || (b0 & 0x0F) == 3)
                    : (b0 >> 4) == 1 && probe[1] == 1;
            pendingKey = key;
            firstChunk = false;
          }
          for (int i = 0; ctrlAt >= 0 && i < k && ctrlAt < 4; i++) {
            ctrl[ctrlAt++] = b[p + i];
          }
          p += k;
          curLeft -= k;
          left[cur] -= k;
          if (left[cur] == 0) {
            if (type[cur] == 9) {
              videoMessages++;
              if (pendingKey) {
                firstKeyNanos = System.nanoTime();
                pendingKey = false;
              }
              if (measuring) {
                recordLatency();
              }
            } else if (type[cur] == 1 && ctrlAt == 4) {
              chunk =
                  ((ctrl[0] & 0x7F) << 24)
                      | ((ctrl[1] & 0xFF) << 16)
                      | ((ctrl[2] & 0xFF) << 8)
                      | (ctrl[3] & 0xFF);
            }
            ctrlAt = -1;
          }
          continue;
        }
        // A chunk header: at most 16 bytes (1 + 11 + 4).
        while (!headerComplete(b, p, n - p)) {
          System.arraycopy(b, p, b, 0, n - p);
          n -= p;
          p = 0;
          int r = in.read(b, n, b.length - n);
          if (r < 0) {
            return;
          }
          bytes += r;
          n += r;
        }
        int b0 = b[p] & 0xFF;
        int fmt = b0 >>> 6;
        int cs = b0 & 0x3F;
        if (cs < 2) {
          throw new IOException("unexpected chunk stream id above 63");
        }
        int q = p + 1;
        int field = 0;
        if (fmt < 3) {
          field = ((b[q] & 0xFF) << 16) | ((b[q + 1] & 0xFF) << 8) | (b[q + 2] & 0xFF);
        }
        if (fmt <= 1) {
          len[cs] = ((b[q + 3] & 0xFF) << 16) | ((b[q + 4] & 0xFF) << 8) | (b[q + 5] & 0xFF);
          type[cs] = b[q + 6] & 0xFF;
        }
        q += fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
        if (fmt < 3 && field == 0xFFFFFF) {
          q += 4;
        }
        if (left[cs] == 0) {
          left[cs] = len[cs];
          firstChunk = true;
          if (firstMediaNanos == 0 && (type[cs] == 8 || type[cs] == 9)) {
            firstMediaNanos = System.nanoTime();
          }
          probeAt = type[cs] == 9 ? 0 : PROBE;
          ctrlAt = type[cs] == 1 ? 0 : -1;
        } else {
          firstChunk = false;
          ctrlAt = -1;
        }
        cur = cs;
        curLeft = Math.min(chunk, left[cs]);
        p = q;
      }
    }

    /** Reads the publisher's SEI time (after the FLV video header and NAL length), if any. */
    private void recordLatency() {
      long sent = probeAt < PROBE ? -1 : seiTime(probe, 9, PROBE);
      if (sent >= 0) {
        recordLatency(sent);
      }
    }

    private static boolean headerComplete(byte[] b, int p, int avail) {
      if (avail < 1) {
        return false;
      }
      int fmt = (b[p] & 0xFF) >>> 6;
      int need = 1 + (fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0);
      if (avail < need) {
        return false;
      }
      boolean ext =
          fmt < 3
              && (b[p + 1] & 0xFF) == 0xFF
              && (b[p + 2] & 0xFF) == 0xFF
              && (b[p + 3] & 0xFF) == 0xFF;
      return !ext || avail >= need + 4;
    }
  }

  static final int LATENCY_BUCKETS = LoadPlayer.LATENCY_BUCKETS;

  // ------------------------------------------------------------------------------------------
  // AMF0 / command helpers

  static final byte[] NULL = {5};

  static byte[] setChunkSize(int size) {
    byte[] b = new byte[16];
    b[0] = 2;
    b[6] = 4;
    b[7] = 1;
    putInt(b, 12, size);
    return b;
  }

  static byte[] command(int csid, int streamId, int chunkSize, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      body.writeBytes(part);
    }
    byte[] b = body.toByteArray();
    int len = b.length;
    int chunks = Math.max(1, (len + chunkSize - 1) / chunkSize);
    byte[] out = new byte[12 + len + (chunks - 1)];
    out[0] = (byte) csid;
    out[4] = (byte) (len >> 16);
    out[5] = (byte) (len >> 8);
    out[6] = (byte) len;
    out[7] = 20; // AMF0 command
    out[8] = (byte) streamId; // little endian
    int o = 12;
    for (int i = 0; i < len; i += chunkSize) {
      if (i > 0) {
        out[o++] = (byte) (0xC0 | csid);
      }
      int k = Math.min(chunkSize, len - i);
      System.arraycopy(b, i, out, o, k);
      o += k;
    }
    return out;
  }

  static byte[] amfString(String s) {
    byte[] t = s.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[3 + t.length];
    b[0] = 2;
    b[1] = (byte) (t.length >> 8);
    b[2] = (byte) t.length;
    System.arraycopy(t, 0, b, 3, t.length);
    return b;
  }

  static byte[] amfNumber(double d) {
    byte[] b = new byte[9];
    long v = Double.doubleToLongBits(d);
    for (int i = 0; i < 8; i++) {
      b[1 + i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }

  static byte[] amfObject(String... kv) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(3);
    for (int i = 0; i < kv.length; i += 2) {
      byte[] k = kv[i].getBytes(StandardCharsets.UTF_8);
      o.write(k.length >> 8);
      o.write(k.length);
      o.writeBytes(k);
      o.writeBytes(amfString(kv[i + 1]));
    }
    o.writeBytes(new byte[] {0, 0, 9});
    return o.toByteArray();
  }

  // ------------------------------------------------------------------------------------------
  // Process figures

  static double cpuSeconds(long pid) throws IOException {
    if (pid <= 0) {
      return Double.NaN;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime ticks
  }

  /** The resident set of process {@code pid} in KiB (VmRSS), or 0. */
  static long rssKib(long pid) throws IOException {
    if (pid <= 0) {
      return 0;
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  /**
   * The heap in use in JVM process {@code pid} right after a full collection, in KiB (its {@code
   * jcmd GC.run} then {@code GC.heap_info}): what the server holds, free of garbage not yet
   * collected. -1 when {@code pid} is not a JVM this JDK's jcmd can reach.
   */
  static long heldHeapKib(long pid) {
    try {
      if (pid <= 0 || !Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("java")) {
        return -1;
      }
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      if (jcmd(jcmd, pid, "GC.run") == null) {
        return -1;
      }
      String info = jcmd(jcmd, pid, "GC.heap_info");
      Matcher m = info == null ? null : Pattern.compile("used (\\d+)K").matcher(info);
      return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String jcmd(String jcmd, long pid, String command) {
    try {
      Process p =
          new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = values.stream().sorted().toList();
    return s.get(Math.max(0, (int) Math.ceil(q * s.size()) - 1));
  }

  static double histogramPercentile(long[] h, double q) {
    long total = Arrays.stream(h).sum();
    if (total == 0) {
      return Double.NaN;
    }
    long need = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < h.length; i++) {
      seen += h[i];
      if (seen >= need) {
        return i;
      }
    }
    return h.length - 1;
  }

  /** Time from TCP connect to the end of the first video keyframe message of a new player. */
  /** A join slower than this is reported on stderr with its phases. */
  static final double SLOW_JOIN_MS = 50;

  static double timeToFirstKeyframe(URI url) throws InterruptedException {
    return timeToFirstKeyframe(url, null);
  }

  /**
   * Milliseconds from connect to the end of the first keyframe; with {@code afterPlay}, also adds
   * the part after the handshake to it (RTMP: after the C2/S2 exchange, so connect and play are
   * in it; RTSP: after PLAY was answered).
   */
  static double timeToFirstKeyframe(URI url, List<Double> afterPlay) throws InterruptedException {
    LoadPlayer p = LoadPlayer.of(url);
    Thread t = Thread.ofVirtual().start(p);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (p.firstKeyNanos == 0 && t.isAlive() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(200_000);
    }
    p.stop = true;
    // A player reading a live stream sees the flag within a frame and leaves as players do (an
    // RTSP player with TEARDOWN); an interrupt would just close its socket.
    t.join(Duration.ofSeconds(1));
    t.interrupt();
    if (p.firstKeyNanos == 0) {
      System.err.println("a joining player got no keyframe within 10 s: " + p.error);
      return Double.NaN;
    }
    double ms = (p.firstKeyNanos - p.startNanos) / 1e6;
    if (afterPlay != null) {
      afterPlay.add((p.firstKeyNanos - p.handshakeNanos) / 1e6);
    }
    if (ms > SLOW_JOIN_MS) { // where the time went, with the wall clock to match server logs
      System.err.printf(
          "slow join at %s: %.1f ms (tcp %.1f, handshake %.1f, to first media %.1f, to keyframe end %.1f)%n",
          java.time.Instant.now(),
          ms,
          (p.connectedNanos - p.startNanos) / 1e6,
          (p.handshakeNanos - p.connectedNanos) / 1e6,
          (p.firstMediaNanos - p.handshakeNanos) / 1e6,
          (p.firstKeyNanos - p.firstMediaNanos) / 1e6);
    }
    return ms;
  }

  // ------------------------------------------------------------------------------------------
  // Modes

  static Map<String, String> options(String[] a, int from) {
    Map<String, String> o = new HashMap<>();
    for (int i = from; i < a.length; i += 2) {
      if (!a[i].startsWith("--") || i + 1 >= a.length) {
        throw new IllegalArgumentException("expected --name value at " + a[i]);
      }
      o.put(a[i].substring(2), a[i + 1]);
    }
    return o;
  }

  public static void main(String[] a) throws Exception {
    if (a.length < 2) {
      System.err.println(
          "usage: RtmpLoad ttfk URL N | fanout URL --file F --players N [--play URL] [--publish none]"
              + " [...] | ingest URL --file F --publishers M [...]");
      System.exit(2);
    }
    URI url = URI.create(a[1]);
    boolean ok =
        switch (a[0]) {
          case "ttfk" -> ttfk(url, Integer.parseInt(a[2]));
          case "fanout" -> fanout(url, options(a, 2));
          case "ingest" -> ingest(url, options(a, 2));
          default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        };
    System.exit(ok ? 0 : 1);
  }

  static boolean ttfk(URI url, int n) throws InterruptedException {
    List<Double> ms = new ArrayList<>();
    List<Double> afterPlay = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double t = timeToFirstKeyframe(url, afterPlay);
      if (Double.isNaN(t)) {
        return false;
      }
      ms.add(t);
    }
    System.out.printf(
        "ttfk n=%d median=%.1f ms p99=%.1f ms max=%.1f ms (from connect); after the handshake"
            + " (RTSP: after PLAY's answer) median=%.1f ms p99=%.1f ms max=%.1f ms%n",
        n,
        percentile(ms, 0.5),
        percentile(ms, 0.99),
        percentile(ms, 1.0),
        percentile(afterPlay, 0.5),
        percentile(afterPlay, 0.99),
        percentile(afterPlay, 1.0));
    return true;
  }

  static boolean fanout(URI url, Map<String, String> o) throws Exception {
    int n = Integer.parseInt(o.getOrDefault("players", "1000"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
    int settle = Integer.parseInt(o.getOrDefault("settle", "30"));
    long serverPid = Long.parseLong(o.getOrDefault("pid", "-1"));
    // Players play --play (rtmp:// or rtsp://) when given, else what the publisher publishes; with
    // --publish none they play a source already there (a camera, a running stream).
    URI playUrl = URI.create(o.getOrDefault("play", url.toString()));
    boolean publish = !"none".equals(o.get("publish"));

    Publisher pub = null;
    if (publish) {
      pub = new Publisher(url, Source.read(Path.of(o.get("file"))));
      Thread.ofVirtual().start(pub);
      long until = System.nanoTime() + 10_000_000_000L;
      while (!pub.started && pub.error == null && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      if (!pub.started) {
        System.out.println("fanout: the publisher did not start: " + pub.error);
        return false;
      }
    }
    // The stream settles (its ring and caches fill) before the baseline, so the per-player figures
    // count what the players add; it also puts a GOP in the cache for the players to start from.
    // The full collection for the held heap comes first: a collector may shrink the heap after it,
    // so the RSS baseline is taken after it too, and the RSS growth counts the heap regrown under load.
    Thread.sleep(settle * 1000L);
    long heldBefore = heldHeapKib(serverPid);
    long rssBefore = rssKib(serverPid);
    List<LoadPlayer> players = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LoadPlayer p = LoadPlayer.of(playUrl);
      players.add(p);
      Thread.ofVirtual().start(p);
      if (i % 100 == 99) {
        Thread.sleep(50);
      }
    }
    Thread.sleep(warmup * 1000L);
    long[] f0 = players.stream().mapToLong(p -> p.videoMessages).toArray();
    long b0 = players.stream().mapToLong(p -> p.bytes).sum();
    players.forEach(p -> p.measuring = true);
    double c0 = ownCpuSeconds();
    double s0 = cpuSeconds(serverPid);
    long t0 = System.nanoTime();
    // New players joining during the window: time to their first keyframe.
    List<Double> probes = new ArrayList<>();
    long end = t0 + seconds * 1_000_000_000L;
    int missed = 0; // joiners without a keyframe within 10 s
    while (System.nanoTime() < end - 300_000_000L) {
      double t = timeToFirstKeyframe(playUrl);
      if (Double.isNaN(t)) {
        missed++;
      } else {
        probes.add(t);
      }
      Thread.sleep(200);
    }
    while (System.nanoTime() < end) {
      Thread.sleep(10);
    }
    long[] f1 = players.stream().mapToLong(p -> p.videoMessages).toArray();
    long b1 = players.stream().mapToLong(p -> p.bytes).sum();
    players.forEach(p -> p.measuring = false);
    double c1 = ownCpuSeconds();
    double s1 = cpuSeconds(serverPid);
    long rssAfter = rssKib(serverPid);
    double secs = (System.nanoTime() - t0) / 1e9;
    long heldAfter = heldHeapKib(serverPid); // players still connected
    long best = 0;
    for (int i = 0; i < n; i++) {
      best = Math.max(best, f1[i] - f0[i]);
    }
    // Keeping up: at least 98% of the best player's video messages, less 0.2 s of them, since a
    // server writing in batches (up to 100 ms) may be one batch apart between two players at
    // either end of the window, which a short window would otherwise count as falling behind.
    double keepingUp = best * 0.98 - best / secs * 0.2;
    int keeping = 0;
    int errors = 0;
    long[] lat = new long[LATENCY_BUCKETS];
    List<Double> ttfk = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LoadPlayer p = players.get(i);
      if (p.error != null) {
        errors++;
      } else if (f1[i] - f0[i] >= keepingUp) {
        keeping++;
      }
      for (int k = 0; k < LATENCY_BUCKETS; k++) {
        lat[k] += p.latency[k];
      }
      if (p.firstKeyNanos != 0) {
        ttfk.add((p.firstKeyNanos - p.startNanos) / 1e6);
      }
    }
    double gbytes = (b1 - b0) / 1e9;
    System.out.printf(
        "fanout players=%d keeping-up=%d (%.1f%%) errors=%d video-fps-per-player=%.1f"
            + " throughput=%.0f Mbit/s latency p50=%.0f ms p99=%.0f ms"
            + " first-keyframe p50=%.1f ms p99=%.1f ms (joining under load, n=%d%s;"
            + " all %d at ramp-up p50=%.0f ms p99=%.0f ms)"
            + " client-cpu=%.0f%% of a core server-cpu=%.2f s (%.2f s/GB)"
            + " server-rss=%d MiB (+%.1f KiB per player)%s%n",
        n,
        keeping,
        100.0 * keeping / n,
        errors,
        best / secs,
        (b1 - b0) * 8 / secs / 1e6,
        histogramPercentile(lat, 0.5),
        histogramPercentile(lat, 0.99),
        percentile(probes, 0.5),
        percentile(probes, 0.99),
        probes.size(),
        missed == 0 ? "" : ", " + missed + " more got no keyframe within 10 s",
        n,
        percentile(ttfk, 0.5),
        percentile(ttfk, 0.99),
        100 * (c1 - c0) / secs,
        s1 - s0,
        (s1 - s0) / gbytes,
        rssAfter / 1024,
        (rssAfter - rssBefore) / (double) n,
        heldBefore < 0 || heldAfter < 0
            ? ""
            : String.format(
                " heap-held=+%.1f KiB per player (after a full GC)",
                (heldAfter - heldBefore) / (double) n));
    players.forEach(p -> p.stop = true);
    if (pub != null) {
      pub.stop = true;
    }
    if (errors > 0) {
      players.stream()
          .filter(p -> p.error != null)
          .limit(3)
          .forEach(p -> System.err.println("a player failed: " + p.error));
    }
    return errors == 0 && keeping == n && missed == 0 && (pub == null || pub.error == null);
  }

  static boolean ingest(URI base, Map<String, String> o) throws Exception {
    int m = Integer.parseInt(o.getOrDefault("publishers", "200"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
    long serverPid = Long.parseLong(o.getOrDefault("pid", "-1"));
    String api = o.get("api");
    String hls = o.get("hls");
    Source src = Source.read(Path.of(o.get("file")));
    String prefix = base.toString().replaceAll("/+$", "");

    long rssBefore = rssKib(serverPid);
    List<Publisher> pubs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      Publisher p = new Publisher(URI.create(prefix + "/ingest-" + i), src);
      pubs.add(p);
      Thread.ofVirtual().start(p);
      if (i % 20 == 19) {
        Thread.sleep(100);
      }
    }
    Thread.sleep(warmup * 1000L);
    long bytes0 = pubs.stream().mapToLong(p -> p.bytesSent).sum();
    double c0 = ownCpuSeconds();
    double s0 = cpuSeconds(serverPid);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long bytes1 = pubs.stream().mapToLong(p -> p.bytesSent).sum();
    double c1 = ownCpuSeconds();
    double s1 = cpuSeconds(serverPid);
    long rssAfter = rssKib(serverPid);
    double secs = (System.nanoTime() - t0) / 1e9;

    // Hold every publisher (connections stay open, so the streams stay live) and compare what
    // each sent with what the server took in and what it packaged.
    pubs.forEach(p -> p.hold = true);
    long until = System.nanoTime() + 10_000_000_000L;
    while (pubs.stream().anyMatch(p -> p.error == null && p.started && !p.held)
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    int accepted = (int) pubs.stream().filter(p -> p.started && p.error == null).count();
    int errors = (int) pubs.stream().filter(p -> p.error != null).count();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int lost = 0;
    long framesLost = 0;
    String apiNote = "not checked";
    if (api != null) {
      // Frames still on their way are awaited for all streams together, against one deadline, well
      // inside the server's idle limit for the held publishers.
      long[][] counts = new long[pubs.size()][];
      long deadline = System.nanoTime() + 5_000_000_000L;
      boolean pending;
      do {
        pending = false;
        for (int k = 0; k < pubs.size(); k++) {
          Publisher p = pubs.get(k);
          long want = p.videoSent + p.audioSent;
          if (counts[k] == null || counts[k][0] + counts[k][1] < want) {
            counts[k] = streamCounts(http, api, p.app, p.stream);
            pending |= counts[k][0] + counts[k][1] < want;
          }
        }
      } while (pending && System.nanoTime() < deadline && sleep(50));
      for (int k = 0; k < pubs.size(); k++) {
        Publisher p = pubs.get(k);
        long want = p.videoSent + p.audioSent;
        long[] got = counts[k];
        if (got[0] != p.videoSent || got[1] != p.audioSent || got[2] != 0) {
          lost++;
          framesLost += Math.max(0, want - got[0] - got[1]);
          if (lost <= 3) {
            System.err.printf(
                "%s: sent %d video + %d audio, server counted %d + %d, drops %d%n",
                p.stream, p.videoSent, p.audioSent, got[0], got[1], got[2]);
          }
        }
      }
      apiNote = lost == 0 ? "every frame received, 0 drops" : lost + " streams lost frames";
    }
    int hlsOk = 0;
    int hlsChecked = 0;
    String hlsNote = "not checked";
    if (hls != null) {
      double fps = src.videoFps();
      for (Publisher p : pubs) {
        if (!p.started) {
          continue;
        }
        hlsChecked++;
        String problem = HlsCheck.check(http, hls.replace("{stream}", p.stream), fps);
        if (problem == null) {
          hlsOk++;
        } else if (hlsChecked - hlsOk <= 3) {
          System.err.println(p.stream + ": hls: " + problem);
        }
      }
      hlsNote = hlsOk + "/" + hlsChecked + " playlists whose segments hold every video frame";
    }
    System.out.printf(
        "ingest publishers=%d accepted=%d errors=%d ingest=%.0f Mbit/s (%.2f per publisher)"
            + " frames: %s; hls: %s; client-cpu=%.0f%% of a core server-cpu=%.0f%% of a core"
            + " (%.2f s per GB in) server-rss=%d MiB (+%.0f KiB per publisher)%n",
        m,
        accepted,
        errors,
        (bytes1 - bytes0) * 8 / secs / 1e6,
        (bytes1 - bytes0) * 8 / secs / 1e6 / Math.max(1, accepted),
        apiNote,
        hlsNote,
        100 * (c1 - c0) / secs,
        100 * (s1 - s0) / secs,
        (s1 - s0) / ((bytes1 - bytes0) / 1e9),
        rssAfter / 1024,
        (rssAfter - rssBefore) / (double) m);
    pubs.forEach(p -> p.stop = true);
    return accepted == m && errors == 0 && lost == 0 && hlsOk == hlsChecked;
  }

  static boolean sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
    return true;
  }

  private static final Pattern NUMBER = Pattern.compile("\"(videoFrames|audioFrames|drops)\":(\\d+)");

  /** {videoFrames, audioFrames, drops} of a live stream from the server's API. */
  static long[] streamCounts(HttpClient http, String api, String app, String stream)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/api/v1/streams/" + app + "/" + stream))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long[] out = {-1, -1, -1};
    Matcher m = NUMBER.matcher(r.body());
    while (m.find()) {
      int i = switch (m.group(1)) {
        case "videoFrames" -> 0;
        case "audioFrames" -> 1;
        default -> 2;
      };
      out[i] = Long.parseLong(m.group(2));
    }
    return out;
  }

  /** Checks that the complete segments of a media playlist hold every video frame. */
  static final class HlsCheck {
    static String check(HttpClient http, String playlistUrl, double fps)
        throws IOException, InterruptedException {
      URI base = URI.create(playlistUrl);
      HttpResponse<String> r = http.send(get(base), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "playlist " + base + " answered " + r.statusCode();
      }
      List<double[]> durations = new ArrayList<>();
      List<String> uris = new ArrayList<>();
      String map = null;
      double extinf = -1;
      for (String line : r.body().split("\n")) {
        line = line.trim();
        if (line.startsWith("#EXTINF:")) {
          extinf = Double.parseDouble(line.substring(8).split(",")[0]);
        } else if (line.startsWith("#EXT-X-MAP:")) {
          Matcher m = Pattern.compile("URI=\"([^\"]+)\"").matcher(line);
          map = m.find() ? m.group(1) : null;
        } else if (!line.isEmpty() && !line.startsWith("#") && extinf >= 0) {
          durations.add(new double[] {extinf});
          uris.add(line);
          extinf = -1;
        }
      }
      if (uris.size() < 2) {
        return "only " + uris.size() + " segments listed";
      }
      int videoTrack = -1;
      if (map != null) {
        byte[] init = http.send(get(base.resolve(map)), HttpResponse.BodyHandlers.ofByteArray()).body();
        videoTrack = Mp4.videoTrack(init);
      }
      // The newest two complete segments (the last line can still be growing in some servers).
      for (int i = uris.size() - 3; i < uris.size() - 1; i++) {
        if (i < 0) {
          continue;
        }
        byte[] seg =
            http.send(get(base.resolve(uris.get(i))), HttpResponse.BodyHandlers.ofByteArray()).body();
        long frames = map != null ? Mp4.samples(seg, videoTrack) : Ts.videoFrames(seg);
        double expected = durations.get(i)[0] * fps;
        if (Math.abs(frames - expected) > 1.5) {
          return uris.get(i) + " holds " + frames + " video frames, expected " + Math.round(expected)
              + " for " + durations.get(i)[0] + " s";
        }
      }
      return null;
    }

    static HttpRequest get(URI u) {
      return HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).build();
    }
  }

  static final class Mp4 {
    static int videoTrack(byte[] b) {
      int[] found = {-1};
      walk(b, 0, b.length, new int[] {-1}, found);
      return found[0];
    }

    private static void walk(byte[] b, int from, int to, int[] trackId, int[] video) {
      int p = from;
      while (p + 8 <= to) {
        int size = (int) u32(b, p);
        String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
        if (size < 8 || p + size > to) {
          return;
        }
        switch (type) {
          case "moov", "trak", "mdia" -> walk(b, p + 8, p + size, trackId, video);
          case "tkhd" -> trackId[0] = (int) u32(b, p + 8 + 4 + ((b[p + 8] == 1) ? 16 : 8));
          case "hdlr" -> {
            if (new String(b, p + 16, 4, StandardCharsets.ISO_8859_1).equals("vide")) {
              video[0] = trackId[0];
            }
          }
          default -> {}
        }
        p += size;
      }
    }

    /** Samples of track {@code track} over every moof of a segment. */
    static long samples(byte[] b, int track) {
      long n = 0;
      int p = 0;
      while (p + 8 <= b.length) {
        int size = (int) u32(b, p);
        if (size < 8 || p + size > b.length) {
          break;
        }
        if (new String(b, p + 4, 4, StandardCharsets.ISO_8859_1).equals("moof")) {
          int q = p + 8;
          while (q + 8 <= p + size) {
            int s = (int) u32(b, q);
            if (s < 8) {
              break;
            }
            if (new String(b, q + 4, 4, StandardCharsets.ISO_8859_1).equals("traf")) {
              int id = -1;
              int r = q + 8;
              while (r + 8 <= q + s) {
                int bs = (int) u32(b, r);
                if (bs < 8) {
                  break;
                }
                String t = new String(b, r + 4, 4, StandardCharsets.ISO_8859_1);
                if (t.equals("tfhd")) {
                  id = (int) u32(b, r + 12);
                } else if (t.equals("trun") && (id == track || track < 0)) {
                  n += u32(b, r + 12);
                }
                r += bs;
              }
            }
            q += s;
          }
        }
        p += size;
      }
      return n;
    }

    static long u32(byte[] b, int p) {
      return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
    }
  }

  static final class Ts {
    /** Video access units in an MPEG-TS segment: PES starts with a video stream id. */
    static long videoFrames(byte[] b) {
      long n = 0;
      for (int p = 0; p + 188 <= b.length; p += 188) {
        if (b[p] != 0x47 || (b[p + 1] & 0x40) == 0) {
          continue;
        }
        int q = p + 4;
        if ((b[p + 3] & 0x20) != 0) {
          q += 1 + (b[p + 4] & 0xFF);
        }
        if (q + 4 <= p + 188
            && b[q] == 0
            && b[q + 1] == 0
            && b[q + 2] == 1
            && (b[q + 3] & 0xF0) == 0xE0) {
          n++;
        }
      }
      return n;
    }
  }
}
