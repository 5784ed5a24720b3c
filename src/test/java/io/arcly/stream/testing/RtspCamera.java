package io.arcly.stream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real RTSP peer for tests: GStreamer's RTSP server ({@code peers/rtsp-camera.py}) serving a live
 * test source like an IP camera, or accepting publishers in record mode. Skips the test when
 * GStreamer's RTSP server or its Python bindings are missing; fails instead under {@code CI=true}.
 *
 * <pre>{@code
 * try (RtspCamera cam = RtspCamera.start(RtspCamera.Options.camera().codecs(Codecs.H265_PCMA))) {
 *   ffprobe(cam.url());
 * }
 * }</pre>
 */
public final class RtspCamera implements AutoCloseable {
  /** The system Python with python3-gi (a pyenv {@code python3} on the PATH lacks it). */
  static final String PYTHON = "/usr/bin/python3";

  private static final Path LOGS = Path.of("target", "rtsp-peers");
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Pattern RECORDED =
      Pattern.compile("recorded stream=(\\d+) caps=(\\S+) packets=(\\d+)");
  private static volatile String missing;

  /** What the camera sends. */
  public enum Codecs {
    /** H.264 (constrained baseline) and AAC (mpeg4-generic, 48 kHz mono). */
    H264_AAC("h264-aac"),
    /** H.265 (main) and G.711 A-law (8 kHz mono, payload type 8). */
    H265_PCMA("h265-pcma"),
    /** H.264 only. */
    H264("h264");

    final String arg;

    Codecs(String arg) {
      this.arg = arg;
    }
  }

  /** How clients must authenticate. */
  public enum Auth {
    NONE,
    BASIC,
    DIGEST
  }

  /**
   * What to start.
   *
   * @param record record mode (accepts ANNOUNCE/RECORD) rather than camera mode
   * @param codecs what a camera sends
   * @param path the path, starting with {@code /}
   * @param port the port; 0 picks a free one
   * @param auth how clients authenticate ({@code user} and {@code password} then apply)
   * @param user the user name
   * @param password the password
   * @param tcp whether TCP (interleaved) transport is offered
   * @param udp whether UDP transport is offered
   * @param inBandOnly a camera whose SDP has no parameter sets (they come only in band)
   * @param streams how many streams a publisher announces (record mode)
   */
  public record Options(
      boolean record,
      Codecs codecs,
      String path,
      int port,
      Auth auth,
      String user,
      String password,
      boolean tcp,
      boolean udp,
      boolean inBandOnly,
      int streams) {
    /** A camera: H.264 + AAC on {@code /cam}, a free port, TCP and UDP, no authentication. */
    public static Options camera() {
      return new Options(
          false, Codecs.H264_AAC, "/cam", 0, Auth.NONE, "", "", true, true, false, 2);
    }

    /** A record-mode server on {@code path} for publishers announcing {@code streams} streams. */
    public static Options record(String path, int streams) {
      return new Options(
          true, Codecs.H264_AAC, path, 0, Auth.NONE, "", "", true, true, false, streams);
    }

    /** With these codecs. */
    public Options codecs(Codecs c) {
      return new Options(
          record, c, path, port, auth, user, password, tcp, udp, inBandOnly, streams);
    }

    /** On this path. */
    public Options path(String p) {
      return new Options(
          record, codecs, p, port, auth, user, password, tcp, udp, inBandOnly, streams);
    }

    /** On this port. */
    public Options port(int p) {
      return new Options(
          record, codecs, path, p, auth, user, password, tcp, udp, inBandOnly, streams);
    }

    /** Clients must authenticate with {@code a} as {@code u} / {@code pw}. */
    public Options auth(Auth a, String u, String pw) {
      return new Options(record, codecs, path, port, a, u, pw, tcp, udp, inBandOnly, streams);
    }

    /** Offering only these transports. */
    public Options transports(boolean overTcp, boolean overUdp) {
      return new Options(
          record, codecs, path, port, auth, user, password, overTcp, overUdp, inBandOnly, streams);
    }

    /** Parameter sets only in band: no {@code sprop-*} in the SDP, as many cameras do. */
    public Options inBandParameterSetsOnly() {
      return new Options(record, codecs, path, port, auth, user, password, tcp, udp, true, streams);
    }

    List<String> arguments() {
      List<String> a = new ArrayList<>();
      a.addAll(List.of("--mode", record ? "record" : "camera", "--codecs", codecs.arg));
      a.addAll(List.of("--port", Integer.toString(port), "--path", path));
      a.addAll(List.of("--transports", tcp && udp ? "tcp,udp" : tcp ? "tcp" : "udp"));
      a.addAll(List.of("--streams", Integer.toString(streams)));
      if (auth != Auth.NONE) {
        a.addAll(List.of("--auth", auth.name().toLowerCase(), "--user", user));
        a.addAll(List.of("--password", password));
      }
      if (inBandOnly) {
        a.add("--no-sprop");
      }
      return a;
    }
  }

  /**
   * What a publisher sent to one stream of a record-mode server, as it reported when it stopped.
   *
   * @param stream the stream's index in the publisher's SDP
   * @param caps media and encoding name, e.g. {@code video/H264}
   * @param packets RTP packets received
   */
  public record Recorded(int stream, String caps, long packets) {}

  private final Process process;
  private final OutputStream stdin;
  private final Options options;
  private final URI url;
  private final Path log;
  private final List<String> lines;
  private final CompletableFuture<Void> stdoutDone;

  private RtspCamera(
      Process process,
      Options options,
      URI url,
      Path log,
      List<String> lines,
      CompletableFuture<Void> stdoutDone) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.options = options;
    this.url = url;
    this.log = log;
    this.lines = lines;
    this.stdoutDone = stdoutDone;
  }

  /**
   * Skips the test when GStreamer's RTSP server with its Python bindings is missing; fails instead
   * under {@code CI=true}.
   */
  public static void require() {
    String why = missing;
    if (why == null) {
      why = probe();
      missing = why;
    }
    if (!why.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(why + "; under CI=true every test with a real peer must run");
    }
    Assumptions.assumeTrue(why.isEmpty(), () -> missing + "; skipping");
  }

  private static String probe() {
    try {
      Ffmpeg.Result r =
          Ffmpeg.run(
              PYTHON,
              "-c",
              "import gi; gi.require_version('GstRtspServer', '1.0');"
                  + " from gi.repository import Gst, GstRtspServer; Gst.init(None);"
                  + " [Gst.ElementFactory.find(e) or exit('no ' + e) for e in"
                  + " ('x264enc', 'x265enc', 'avenc_aac', 'rtph264pay', 'rtph265pay',"
                  + " 'rtpmp4gpay', 'alawenc', 'rtppcmapay', 'videotestsrc', 'audiotestsrc')]");
      return r.exit() == 0
          ? ""
          : "GStreamer's RTSP server is not usable from "
              + PYTHON
              + " (apt-get install gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi"
              + " gstreamer1.0-plugins-{good,bad,ugly} gstreamer1.0-libav): "
              + r.err().strip();
    } catch (IOException e) {
      return PYTHON + " cannot run (" + e.getMessage() + ")";
    }
  }

  /**
   * Starts a camera or record server and waits for it to listen; {@link #require()} first.
   *
   * @throws IOException when it does not start within 20 s (its log in the message)
   */
  public static RtspCamera start(Options options) throws IOException {
    require();
    Files.createDirectories(LOGS);
    Path log =
        LOGS.resolve(
            "rtsp-camera-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + ".log");
    List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
    command.addAll(options.arguments());
    // stdin stays a pipe: when this JVM dies, the pipe closes and the server stops with it.
    Process p =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    CompletableFuture<URI> ready = new CompletableFuture<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("rtsp-camera-stdout")
        .start(() -> readStdout(p.getInputStream(), ready, lines, done));
    try {
      URI url = ready.get(20, TimeUnit.SECONDS);
      return new RtspCamera(p, options, url, log, lines, done);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("the RTSP camera did not start: " + e + "; log:\n" + read(log), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void readStdout(
      InputStream in,
      CompletableFuture<URI> ready,
      List<String> lines,
      CompletableFuture<Void> done) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ready ") && !ready.isDone()) {
          ready.complete(URI.create(line.substring(6).trim()));
        } else {
          lines.add(line);
        }
      }
      ready.completeExceptionally(new IOException("the RTSP camera exited before it listened"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    } finally {
      done.complete(null);
    }
  }

  /** The script, from the test classpath (copied out when the classpath is not a folder). */
  static Path script() throws IOException {
    var resource = RtspCamera.class.getResource("/peers/rtsp-camera.py");
    if (resource != null && "file".equals(resource.getProtocol())) {
      return Path.of(URI.create(resource.toString()));
    }
    Path source = Path.of("src", "test", "resources", "peers", "rtsp-camera.py");
    if (resource == null && Files.isRegularFile(source)) {
      return source;
    }
    if (resource == null) {
      throw new IOException("peers/rtsp-camera.py is not on the test classpath");
    }
    Path copy = Files.createTempFile("rtsp-camera", ".py");
    try (InputStream in = resource.openStream()) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    copy.toFile().deleteOnExit();
    return copy;
  }

  /** The URL clients use, e.g. {@code rtsp://127.0.0.1:40123/cam}, without credentials. */
  public String url() {
    return url.toString();
  }

  /** The URL with the configured user and password in it (for ffmpeg and GStreamer). */
  public String urlWithCredentials() {
    if (options.auth() == Auth.NONE) {
      return url();
    }
    return "rtsp://"
        + options.user()
        + ":"
        + options.password()
        + "@"
        + url.getHost()
        + ":"
        + url.getPort()
        + url.getRawPath();
  }

  /** The port it listens on. */
  public int port() {
    return url.getPort();
  }

  /** The options it was started with. */
  public Options options() {
    return options;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Closes its stdin, as a dying parent would; the server then stops by itself. */
  public void closeStdin() throws IOException {
    stdin.close();
  }

  /** What it logged so far (stderr). */
  public String log() {
    return read(log);
  }

  /**
   * Stops a record-mode server and returns what each announced stream received, one entry per
   * stream per publisher session.
   */
  public List<Recorded> stopAndReport() {
    close();
    List<Recorded> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = RECORDED.matcher(line);
      if (m.matches()) {
        out.add(new Recorded(Integer.parseInt(m.group(1)), m.group(2), Long.parseLong(m.group(3))));
      }
    }
    return out;
  }

  /**
   * Stops it: closes its stdin, on which it ends its sessions, prints what it recorded and exits;
   * SIGTERM after 5 s, SIGKILL after 5 more. (A signal first would close its stdout on this side at
   * once, and what it prints while stopping would be lost.)
   */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // gone already
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
      stdoutDone.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (ExecutionException | TimeoutException e) {
      // its output is what it was; the process is gone
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
