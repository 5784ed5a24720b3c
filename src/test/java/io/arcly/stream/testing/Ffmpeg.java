package io.arcly.stream.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs ffmpeg and ffprobe from a unit test; skips without them, unless {@code CI=true}. */
public final class Ffmpeg {
  private Ffmpeg() {}

  /** What a run printed. */
  public record Result(int exit, String out, String err) {}

  /** Skips the test when ffmpeg or ffprobe is missing; fails instead under {@code CI=true}. */
  public static void require() {
    boolean present;
    try {
      present = run("ffmpeg", "-version").exit() == 0 && run("ffprobe", "-version").exit() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("ffmpeg and ffprobe are required when CI=true");
    }
    Assumptions.assumeTrue(present, "ffmpeg and ffprobe are not installed; skipping");
  }

  /**
   * Writes a test clip to {@code file}: {@code seconds} of {@code size} test pattern at 30 fps in
   * H.264 (a keyframe each second) with a 440 Hz tone in AAC, as FLV.
   *
   * @throws IOException when ffmpeg cannot run or fails (its messages in the exception)
   */
  public static void testClip(Path file, String size, int seconds) throws IOException {
    Result r =
        run(
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + size + ":rate=30",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=44100",
            "-t",
            Integer.toString(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "30",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-f",
            "flv",
            file.toString());
    if (r.exit() != 0) {
      throw new IOException("ffmpeg could not make " + file + ": " + r.err());
    }
  }

  /** Runs {@code command} (stdin closed) and waits up to two minutes. */
  public static Result run(String... command) throws IOException {
    Path out = Files.createTempFile("ffmpeg", ".out");
    Path err = Files.createTempFile("ffmpeg", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
