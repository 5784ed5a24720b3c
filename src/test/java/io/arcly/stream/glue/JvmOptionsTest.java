package io.arcly.stream.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's JVM options keep returning memory after a load: without a periodic full collection,
 * G1 kept the heap 300 publishers had grown (6 GB of RSS) long after they left (bench/README.md,
 * "Memory before, during and after 300 publishers").
 */
class JvmOptionsTest {
  @Test
  void anIdleServerReturnsTheHeapALoadLeftCommitted() throws Exception {
    List<String> options =
        Files.readAllLines(Path.of("liberty", "jvm.options")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(options)
        .contains("-XX:-G1PeriodicGCInvokesConcurrent")
        .anySatisfy(
            o -> {
              assertThat(o).startsWith("-XX:G1PeriodicGCInterval=");
              long ms = Long.parseLong(o.substring(o.indexOf('=') + 1));
              assertThat(ms).isBetween(1_000L, 300_000L);
            });
  }
}
