package io.arcly.stream.fuzz;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seed inputs for the fuzz targets, handed to them through {@code @MethodSource} ahead of
 * {@code @FuzzTest}.
 */
public final class Seeds {
  private Seeds() {}

  /** One named seed. */
  public record Seed(String name, byte[] bytes) {
    /** The seed as a test argument shown by its name. */
    public Arguments argument() {
      return arguments(named(name.isBlank() ? "\"" + name + "\"" : name, bytes));
    }
  }

  /** A named seed. */
  public static Seed seed(String name, byte[] bytes) {
    return new Seed(name, bytes);
  }

  /**
   * The arguments for a fuzz target: the empty input first, then the seeds of each group, each
   * group built only when it is reached. Jazzer installs its agent when the first argument runs, so
   * a class first loaded while building a seed is instrumented as it loads instead of being
   * retransformed afterwards, which costs a classpath scan per class.
   */
  @SafeVarargs
  public static Stream<Arguments> lazily(Supplier<Stream<Seed>>... groups) {
    return Stream.concat(
            Stream.of(seed("empty input", new byte[0])),
            Arrays.stream(groups).flatMap(Supplier::get))
        .map(Seed::argument);
  }

  /**
   * The files of test resource directory {@code dir} (such as {@code vectors/codec/h264}) whose
   * names end with one of {@code extensions} (every file when none is given), by name.
   */
  public static Stream<Seed> resources(String dir, String... extensions) {
    URL url = Seeds.class.getResource("/" + dir);
    if (url == null) {
      throw new IllegalArgumentException("no test resource directory " + dir);
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      List<Path> chosen =
          files
              .filter(Files::isRegularFile)
              .filter(
                  f ->
                      extensions.length == 0
                          || Arrays.stream(extensions)
                              .anyMatch(e -> f.getFileName().toString().endsWith(e)))
              .sorted()
              .toList();
      return chosen.stream().map(f -> seed(f.getFileName().toString(), read(f)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
