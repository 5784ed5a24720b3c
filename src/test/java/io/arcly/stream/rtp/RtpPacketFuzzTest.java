package io.arcly.stream.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link RtpPacket#parse} with its RFC 8285 extension elements; a packet that parses is
 * written back and must parse to the same packet. Seeded with the first datagram of every capture.
 */
class RtpPacketFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Captures.NAMES.stream().map(n -> Seeds.seed(n, Captures.load(n).datagrams().get(0))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void packet(byte[] input) throws Exception {
    DecoderContract.throwing(RtpException.class)
        .check(
            input.length,
            () -> {
              RtpPacket p = RtpPacket.parse(input, 0, input.length);
              p.extensionElements();
              DecoderContract.roundTrip(p, RtpPacket.parse(Payload(p.toBytes())));
            });
  }

  private static io.arcly.stream.media.Payload Payload(byte[] b) {
    return io.arcly.stream.media.Payload.wrap(b);
  }
}
