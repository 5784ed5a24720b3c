package io.arcly.stream.protocol.srt.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the SRT packet decoder every datagram on the SRT port reaches: data, every control type,
 * the handshake with its extensions. A decoded packet encodes and decodes to itself. Seeded with
 * libsrt's handshake (ffmpeg calling srt-live-transmit) and one packet of each control type.
 */
class SrtPacketFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.concat(
                Stream.of(
                        SrtPacketTest.FFMPEG_INDUCTION,
                        SrtPacketTest.LISTENER_INDUCTION,
                        SrtPacketTest.FFMPEG_CONCLUSION,
                        SrtPacketTest.LISTENER_CONCLUSION)
                    .map(h -> Seeds.seed("libsrt handshake", HexFormat.of().parseHex(h))),
                SrtPacketTest.controls()
                    .map(
                        c ->
                            Seeds.seed(
                                c.getClass().getSimpleName(),
                                new ControlPacket(1, 2, c).encode()))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void decode(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(SrtWireException.class);
    contract.check(
        input.length,
        () -> {
          SrtPacket p = SrtPacket.decode(input, 0, input.length);
          if (p instanceof ControlPacket c) {
            byte[] again = c.encode();
            DecoderContract.roundTrip(c, SrtPacket.decode(again, 0, again.length));
          }
        });
  }
}
