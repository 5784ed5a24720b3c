package io.arcly.stream.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.Payload;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the H.265 parsers a publisher's bytes reach: the input is taken as an SPS NAL unit, as an
 * HEVCDecoderConfigurationRecord (then described and written back) and as a length-prefixed access
 * unit. Seeded with the ffmpeg vectors (VPS, SPS, PPS, hvcC).
 */
class H265FuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Seeds.resources("vectors/codec/h265", ".vps", ".sps", ".pps", ".hvcc"));
  }

  @MethodSource("seeds")
  @FuzzTest
  void parameterSetsAndRecord(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(CodecException.class);
    contract.check(input.length, () -> H265.parseSps(input, 0, input.length));
    contract.check(
        input.length, () -> H265.fromParameterSets(List.of(), List.of(input), List.of()));
    contract.check(
        input.length,
        () -> {
          H265.HevcConfig c = H265.parseHvcC(Payload.wrap(input));
          c.toTrackInfo();
          DecoderContract.roundTrip(c, H265.parseHvcC(Payload.wrap(c.toRecord())));
        });
    contract.check(input.length, () -> H265.isKeyframe(Payload.wrap(input)));
  }
}
