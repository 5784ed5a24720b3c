package io.arcly.stream.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real programs the integration tests drive (ffmpeg, GStreamer, nginx): found on the PATH, started
 * with their output in {@code target/it-logs}, and always stopped. A missing program skips the test
 * with a message, except under {@code CI=true}, where it fails it.
 */
public final class Programs {
  static final Path LOGS = Path.of("target", "it-logs");

  private Programs() {}

  /** The absolute path of {@code name}, or a skipped (failed under CI) test. */
  public static String require(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String d : new String[] {dir, "/usr/sbin", "/sbin"}) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    String why = name + " is not installed (apt-get install the package .ci/run lists)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + "; under CI=true every interop test must run");
    }
    Assumptions.abort(why + "; skipping");
    return null;
  }

  /** A started program; closing it kills it (and its children) if still running. */
  public static final class Run implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private Run(Process process, Path log, String name) {
      this.process = process;
      this.log = log;
      this.name = name;
    }

    /** Waits for the program to exit within {@code seconds}; returns its exit code. */
    public int await(long seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        close();
        fail(name + " did not finish within " + seconds + " s; log:\n" + output());
      }
      return process.exitValue();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** Kills it at once (SIGKILL), like a crash. */
    public void kill() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Everything it printed (stdout and stderr). */
    public String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /**
   * Starts {@code command} (its first element a name from {@link #require}); {@code tag} names the
   * log.
   */
  public static Run start(String tag, List<String> command) throws IOException {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve(tag + ".log");
    List<String> cmd = new ArrayList<>(command);
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Run(p, log, tag);
  }
}
