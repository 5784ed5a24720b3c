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
 * Fuzzes the H.264 parsers a publisher's bytes reach: the input is taken as an SPS NAL unit, as an
 * AVCDecoderConfigurationRecord (then described and written back) and as a length-prefixed access
 * unit. Seeded with the ffmpeg vectors (SPS, PPS, avcC).
 */
class H264FuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(() -> Seeds.resources("vectors/codec/h264", ".sps", ".pps", ".avcc"));
  }

  @MethodSource("seeds")
  @FuzzTest
  void parameterSetsAndRecord(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(CodecException.class);
    contract.check(input.length, () -> H264.parseSps(input, 0, input.length));
    contract.check(input.length, () -> H264.fromParameterSets(List.of(input), List.of()));
    contract.check(
        input.length,
        () -> {
          H264.AvcConfig c = H264.parseAvcC(Payload.wrap(input));
          c.toTrackInfo();
          DecoderContract.roundTrip(c, H264.parseAvcC(Payload.wrap(c.toRecord())));
        });
    contract.check(input.length, () -> H264.isKeyframe(Payload.wrap(input)));
  }
}
