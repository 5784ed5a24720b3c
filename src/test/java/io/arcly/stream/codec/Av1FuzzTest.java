package io.arcly.stream.codec;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.Payload;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the AV1 parsers: the input is taken as an AV1CodecConfigurationRecord (then described and
 * written back), as a sequence header OBU's payload and as a sequence of low-overhead OBUs. Seeded
 * with the ffmpeg av1C vectors, their configOBUs and the unit tests' hand-made sequence headers.
 */
class Av1FuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Seeds.resources("vectors/codec/av1"),
        () ->
            Seeds.resources("vectors/codec/av1")
                .map(
                    s ->
                        seed(
                            s.name() + " configOBUs",
                            Arrays.copyOfRange(s.bytes(), 4, s.bytes().length))),
        () ->
            Stream.of(
                seed("reduced still picture header", Av1Test.REDUCED),
                seed("full header with timing and decoder model", Av1Test.FULL),
                seed("monochrome header", Av1Test.MONO),
                seed(
                    "sequence header obu",
                    Av1Test.obu(Av1.OBU_SEQUENCE_HEADER, true, Av1Test.FULL))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void recordAndSequenceHeader(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(CodecException.class);
    contract.check(
        input.length,
        () -> {
          Av1.Av1Config c = Av1.parseAv1C(Payload.wrap(input));
          c.toTrackInfo();
          DecoderContract.roundTrip(c, Av1.parseAv1C(Payload.wrap(c.toRecord())));
        });
    contract.check(input.length, () -> Av1.parseSequenceHeader(input, 0, input.length));
    contract.check(input.length, () -> Av1.findSequenceHeader(input, 0, input.length));
    contract.check(input.length, () -> Av1.fromSequenceHeader(input, 0, input.length));
  }
}
