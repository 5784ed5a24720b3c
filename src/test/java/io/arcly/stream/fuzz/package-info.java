/**
 * Support for the fuzz targets: every {@code *FuzzTest} (next to the decoder it fuzzes) is a Jazzer
 * {@code @FuzzTest} that checks a {@link io.arcly.stream.fuzz.DecoderContract}: for any input the
 * decoder returns or throws its documented exception, within an allocation budget and Jazzer's
 * per-input time limit.
 *
 * <p>{@code ./mvnw verify} runs the fuzz stage after the unit tests (the surefire execution {@code
 * fuzz}): each target first replays its seeds (the unit tests' wire cases, the vectors under {@code
 * src/test/resources/vectors}, the captures in {@code conformance/traces}) and the inputs that once
 * failed, then fuzzes for {@code fuzz.duration} (3 s) in a JVM of its own, two JVMs at a time.
 * Longer runs, or one target:
 *
 * <pre>
 *   ./mvnw test-compile surefire:test@fuzz -Dfuzz.duration=10m
 *   ./mvnw test-compile surefire:test@fuzz -Dfuzz.duration=1h -Dtest=Amf3FuzzTest
 * </pre>
 *
 * <p>An input that fails is written to {@code
 * src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>}; it is committed with the fix
 * and replayed by every later run. Inputs that found new coverage collect in {@code
 * .cifuzz-corpus/} (not committed) and make later local runs start further.
 */
package io.arcly.stream.fuzz;
