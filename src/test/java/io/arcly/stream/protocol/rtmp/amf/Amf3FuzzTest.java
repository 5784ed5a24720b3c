package io.arcly.stream.protocol.rtmp.amf;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fuzzes {@link Amf3#decodeAll}, seeded with every AMF3 wire case of the unit tests. */
class Amf3FuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Amf3Test.symmetric().map(c -> seed(c.name(), c.wire())),
        () -> Amf3Test.decodeOnly().map(c -> seed(c.name(), c.wire())),
        () -> Amf3Test.malformed().map(c -> seed(c.name(), c.wire())),
        () ->
            AmfHostileInputTest.samples()
                .filter(s -> !s.amf0())
                .map(s -> seed(s.name(), s.wire())));
  }

  @MethodSource("seeds")
  @FuzzTest
  void decodeAll(byte[] input) throws Exception {
    DecoderContract.throwing(AmfException.class)
        .check(
            input.length,
            // Walking the result is bounded too (AmfLimits.MAX_EXPANDED_SIZE).
            () -> Amf3.decodeAll(input).hashCode());
  }
}
