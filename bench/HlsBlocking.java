import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Low-Latency HLS clients at the live edge: N virtual threads each ask for the media playlist with
 * {@code _HLS_msn}/{@code _HLS_part} set to the part its last answer announced as preload hint,
 * as hls.js does, so every request blocks until that part exists. Self-contained; run with the
 * JDK's source launcher:
 *
 * <pre>
 *   java bench/HlsBlocking.java http://127.0.0.1:9080/hls/live/bench/stream.m3u8 500 20 [serverPid]
 * </pre>
 *
 * Prints the answered requests per second, errors, how long requests waited (p50/p99), and the
 * server's CPU over the run (from /proc/PID/stat).
 */
public class HlsBlocking {
  static final Pattern HINT = Pattern.compile("PRELOAD-HINT:TYPE=PART,URI=\"seg(\\d+)\\.(\\d+)\\.m4s");

  public static void main(String[] a) throws Exception {
    URI playlist = URI.create(a[0]);
    int clients = Integer.parseInt(a[1]);
    int seconds = Integer.parseInt(a[2]);
    long pid = a.length > 3 ? Long.parseLong(a[3]) : -1;
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    AtomicLong answered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] waits = new long[clients][];
    int[] counts = new int[clients];
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    double cpu0 = cpu(pid);
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      waits[id] = new long[seconds * 20];
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    String query = "";
                    while (System.nanoTime() < deadline) {
                      long start = System.nanoTime();
                      try {
                        HttpResponse<String> r =
                            http.send(
                                HttpRequest.newBuilder(URI.create(playlist + query)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                          errors.incrementAndGet();
                          query = "";
                          continue;
                        }
                        answered.incrementAndGet();
                        if (!query.isEmpty() && counts[id] < waits[id].length) {
                          waits[id][counts[id]++] = System.nanoTime() - start;
                        }
                        Matcher m = HINT.matcher(r.body());
                        query = m.find() ? "?_HLS_msn=" + m.group(1) + "&_HLS_part=" + m.group(2) : "";
                      } catch (Exception e) {
                        errors.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu1 = cpu(pid);
    long total = 0;
    for (int n : counts) {
      total += n;
    }
    long[] all = new long[(int) total];
    int i = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(waits[c], 0, all, i, counts[c]);
      i += counts[c];
    }
    Arrays.sort(all);
    System.out.printf(
        "hls-blocking clients=%d answered=%d (%.0f req/s, %.1f per client) errors=%d"
            + " wait p50=%.0f ms p99=%.0f ms server-cpu=%.0f%% of a core client-cpu=%.0f%%%n",
        clients,
        answered.get(),
        answered.get() / secs,
        answered.get() / secs / clients,
        errors.get(),
        all.length == 0 ? 0 : all[all.length / 2] / 1e6,
        all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6,
        pid > 0 ? 100 * (cpu1 - cpu0) / secs : Double.NaN,
        100 * ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9
            / secs);
  }

  static double cpu(long pid) throws Exception {
    if (pid <= 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }
}
