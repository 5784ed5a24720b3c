package io.arcly.stream.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.Payload;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the AAC parsers: the input is taken as an AudioSpecificConfig (then written back and as an
 * ADTS header) and as an ADTS header. Seeded with the ffmpeg vectors (AudioSpecificConfig, ADTS).
 */
class AacFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(() -> Seeds.resources("vectors/codec/aac"));
  }

  @MethodSource("seeds")
  @FuzzTest
  void audioSpecificConfigAndAdts(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(CodecException.class);
    contract.check(
        input.length,
        () -> {
          Aac.AudioSpecificConfig c = Aac.parse(Payload.wrap(input));
          c.toTrackInfo();
          c.coreSampleRate();
          Aac.adtsHeader(c, input.length);
          byte[] written = c.toBytes();
          DecoderContract.roundTrip(c, Aac.parse(written, 0, written.length));
        });
    contract.check(
        input.length,
        () -> {
          Aac.AudioSpecificConfig c = Aac.fromAdts(input, 0);
          Aac.adtsFrameLength(input, 0);
          Aac.adtsHeaderLength(input, 0);
          Aac.adtsHeader(c, 0);
        });
  }
}
