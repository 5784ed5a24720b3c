package io.arcly.stream.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** srt-live-transmit (libsrt's own tool, Debian srt-tools) for tests. */
public final class SrtTools {
  private SrtTools() {}

  /** Skips the test when srt-live-transmit is missing; fails instead under {@code CI=true}. */
  public static void require() {
    boolean present;
    try {
      present = Ffmpeg.run("srt-live-transmit", "-version").exit() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("srt-live-transmit (srt-tools) is required when CI=true");
    }
    Assumptions.assumeTrue(present, "srt-live-transmit (srt-tools) is not installed; skipping");
  }

  /**
   * Starts {@code srt-live-transmit -a no SOURCE TARGET} (extra options before them), its standard
   * output to {@code out} (or discarded), its messages to {@code log}.
   */
  public static Process start(Path out, Path log, String source, String target, String... options)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("srt-live-transmit", "-a", "no"));
    cmd.addAll(List.of(options));
    cmd.add(source);
    cmd.add(target);
    return new ProcessBuilder(cmd)
        .redirectOutput(
            out == null
                ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(out.toFile()))
        .redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }
}
