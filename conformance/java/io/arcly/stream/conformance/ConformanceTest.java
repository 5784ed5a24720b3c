package io.arcly.stream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every trace in {@code conformance/traces}, replayed: the suite {@code ./mvnw verify} runs. */
class ConformanceTest {
  static final Path TRACES = Path.of("conformance", "traces");

  @TestFactory
  Stream<DynamicTest> everyTraceReplaysAsExpected() throws Exception {
    assertThat(ReplayMain.traces(TRACES)).as("traces in " + TRACES).isNotEmpty();
    return ReplayMain.traces(TRACES).stream()
        .map(
            t ->
                DynamicTest.dynamicTest(
                    t.getFileName().toString(),
                    () -> {
                      Replayer.Result r =
                          Replayer.replay(t, Expectation.read(ReplayMain.expectationOf(t)));
                      assertThat(r.passed()).as(r.summary()).isTrue();
                    }));
  }
}
