import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lean RTMP player load: N players (virtual threads) each do the handshake, then connect,
 * createStream and play (pipelined), then read chunks parsing headers only, counting video
 * messages and bytes. Self-contained (no project classes); run with the JDK's source launcher:
 *
 * <pre>
 *   java bench/RtmpPlayers.java ttfk   rtmp://127.0.0.1:1935/live/bench 20
 *   java bench/RtmpPlayers.java fanout rtmp://127.0.0.1:1935/live/bench 1000 20 [serverPid]
 * </pre>
 *
 * <p>ttfk: one player at a time; prints the time from TCP connect to the end of the first video
 * keyframe message (median, p90, max). fanout: N players; after a 5 s warm-up, counts for the
 * given seconds. A player keeps up when it received at least 98% of the video messages the best
 * player received in the window. Prints throughput and the CPU seconds of this process and of the
 * server (from /proc/PID/stat) over the window.
 */
public class RtmpPlayers {
  static final class Player implements Runnable {
    final String host;
    final int port;
    final String app;
    final String stream;
    final long startNanos = System.nanoTime();
    volatile long videoMessages;
    volatile long bytes;
    volatile long firstKeyNanos;
    volatile String error;
    volatile boolean stop;

    // Per chunk stream (ids 2-63): message length, type, bytes still to come.
    private final int[] len = new int[64];
    private final int[] type = new int[64];
    private final int[] left = new int[64];

    Player(URI u) {
      host = u.getHost();
      port = u.getPort() < 0 ? 1935 : u.getPort();
      String[] p = u.getPath().substring(1).split("/", 2);
      app = p[0];
      stream = p[1];
    }

    @Override
    public void run() {
      try (Socket s = new Socket()) {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] c0c1 = new byte[1537];
        ThreadLocalRandom.current().nextBytes(c0c1);
        c0c1[0] = 3;
        for (int i = 1; i < 9; i++) {
          c0c1[i] = 0; // time and zero: a plain handshake
        }
        out.write(c0c1);
        byte[] s0s1s2 = in.readNBytes(3073);
        // C2 and the pipelined commands in one write.
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.write(s0s1s2, 1, 1536);
        String tcUrl = "rtmp://" + host + ":" + port + "/" + app;
        first.writeBytes(
            command(
                0,
                amfString("connect"),
                amfNumber(1),
                amfObject("app", app, "tcUrl", tcUrl, "flashVer", "LNX 9,0,124,2")));
        first.writeBytes(command(0, amfString("createStream"), amfNumber(2), new byte[] {5}));
        first.writeBytes(
            command(1, amfString("play"), amfNumber(0), new byte[] {5}, amfString(stream)));
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
      boolean firstByte = false;
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
          for (int i = 0; firstByte && i < k && hdrAt < 2; i++) {
            hdr[hdrAt++] = b[p + i];
          }
          if (firstByte && hdrAt == 2) {
            // A keyframe with media, not the sequence header: legacy AVC packet type 1, or an
            // Enhanced RTMP coded-frames packet (1 or 3).
            int b0 = hdr[0] & 0xFF;
            boolean key =
                (b0 & 0x80) != 0
                    ? ((b0 >> 4) & 7) == 1 && ((b0 & 0x0F) == 1 || (b0 & 0x0F) == 3)
                    : (b0 >> 4) == 1 && hdr[1] == 1;
            if (type[cur] == 9 && key && firstKeyNanos == 0) {
              pendingKey = true;
            }
            firstByte = false;
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
        // A chunk header: at most 16 bytes from this server (1 + 11 + 4).
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
          firstByte = len[cs] > 1;
          hdrAt = 0;
          ctrlAt = type[cs] == 1 ? 0 : -1;
        } else {
          firstByte = false;
          ctrlAt = -1;
        }
        cur = cs;
        curLeft = Math.min(chunk, left[cs]);
        p = q;
      }
    }

    private boolean pendingKey;
    private final byte[] hdr = new byte[2];
    private int hdrAt;

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
          fmt < 3 && (b[p + 1] & 0xFF) == 0xFF && (b[p + 2] & 0xFF) == 0xFF && (b[p + 3] & 0xFF) == 0xFF;
      return !ext || avail >= need + 4;
    }
  }

  static byte[] command(int streamId, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      body.writeBytes(part);
    }
    byte[] b = body.toByteArray();
    int len = b.length;
    int chunks = Math.max(1, (len + 127) / 128);
    byte[] out = new byte[12 + len + (chunks - 1)];
    out[0] = 3; // type 0 header, chunk stream 3
    out[4] = (byte) (len >> 16);
    out[5] = (byte) (len >> 8);
    out[6] = (byte) len;
    out[7] = 20; // AMF0 command
    out[8] = (byte) streamId; // little endian
    int o = 12;
    for (int i = 0; i < len; i += 128) {
      if (i > 0) {
        out[o++] = (byte) 0xC3;
      }
      int k = Math.min(128, len - i);
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

  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  public static void main(String[] a) throws Exception {
    URI url = URI.create(a[1]);
    if (a[0].equals("ttfk")) {
      int n = Integer.parseInt(a[2]);
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Player p = new Player(url);
        Thread t = Thread.ofVirtual().start(p);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (p.firstKeyNanos == 0 && t.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(0, 200_000);
        }
        p.stop = true;
        if (p.firstKeyNanos == 0) {
          throw new IllegalStateException("no keyframe within 10 s: " + p.error);
        }
        ms.add((p.firstKeyNanos - p.startNanos) / 1e6);
        t.interrupt();
        t.join(2000);
      }
      List<Double> sorted = ms.stream().sorted().toList();
      System.out.printf(
          "ttfk n=%d median=%.1f ms p90=%.1f ms max=%.1f ms%n",
          n, sorted.get(n / 2), sorted.get(Math.max(0, (int) Math.ceil(n * 0.9) - 1)), sorted.get(n - 1));
      return;
    }
    int n = Integer.parseInt(a[2]);
    int seconds = Integer.parseInt(a[3]);
    long serverPid = a.length > 4 ? Long.parseLong(a[4]) : -1;
    long rssBefore = rssKib(serverPid);
    List<Player> players = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Player p = new Player(url);
      players.add(p);
      Thread.ofVirtual().start(p);
      if (i % 100 == 99) {
        Thread.sleep(50);
      }
    }
    Thread.sleep(5000);
    long[] f0 = players.stream().mapToLong(p -> p.videoMessages).toArray();
    long b0 = players.stream().mapToLong(p -> p.bytes).sum();
    double c0 = ownCpuSeconds();
    double s0 = cpuSeconds(serverPid);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long[] f1 = players.stream().mapToLong(p -> p.videoMessages).toArray();
    long b1 = players.stream().mapToLong(p -> p.bytes).sum();
    double c1 = ownCpuSeconds();
    double s1 = cpuSeconds(serverPid);
    long rssAfter = rssKib(serverPid);
    double secs = (System.nanoTime() - t0) / 1e9;
    long best = 0;
    for (int i = 0; i < n; i++) {
      best = Math.max(best, f1[i] - f0[i]);
    }
    int keeping = 0;
    int errors = 0;
    for (int i = 0; i < n; i++) {
      if (players.get(i).error != null) {
        errors++;
      } else if (f1[i] - f0[i] >= best * 0.98) {
        keeping++;
      }
    }
    double gbytes = (b1 - b0) / 1e9;
    System.out.printf(
        "fanout players=%d keeping-up=%d (%.1f%%) errors=%d video-fps-per-player=%.1f"
            + " throughput=%.0f Mbit/s client-cpu=%.0f%% of a core server-cpu=%.2f s (%.2f s/GB)"
            + " server-rss=%d MiB (+%.1f KiB per player)%n",
        n,
        keeping,
        100.0 * keeping / n,
        errors,
        best / secs,
        (b1 - b0) * 8 / secs / 1e6,
        100 * (c1 - c0) / secs,
        s1 - s0,
        (s1 - s0) / gbytes,
        rssAfter / 1024,
        (rssAfter - rssBefore) / (double) n);
    players.forEach(p -> p.stop = true);
    System.exit(0);
  }
}
