package io.arcly.stream.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.Payload;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the {@link ReorderBuffer} with sequence numbers and arrival steps from the input (three
 * bytes a packet: a sequence number and milliseconds since the last one): it never throws, never
 * releases a sequence number twice in a row or out of order within its window, and accounts for
 * every packet it accepted.
 */
class ReorderBufferFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                Seeds.seed("in order", new byte[] {0, 1, 0, 0, 2, 0, 0, 3, 0}),
                Seeds.seed("swap and wrap", new byte[] {-1, -1, 0, 0, 1, 5, 0, 0, 5, -1, -2, 90})));
  }

  @MethodSource("seeds")
  @FuzzTest
  void packets(byte[] input) throws Exception {
    DecoderContract.throwing(RtpException.class).check(input.length, () -> run(input));
  }

  private static void run(byte[] input) {
    ReorderBuffer b = new ReorderBuffer(16, 90_000, 50_000_000L);
    long[] released = {0};
    int[] last = {-1};
    long now = 0;
    for (int i = 0; i + 2 < input.length; i += 3) {
      int seq = ((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF);
      now += (input[i + 2] & 0xFF) * 1_000_000L;
      b.push(
          RtpPacket.of(false, 96, seq, seq * 10L, 1, Payload.EMPTY),
          now,
          p -> {
            if (last[0] >= 0 && p.sequence() == last[0]) {
              throw new AssertionError("sequence " + p.sequence() + " released twice in a row");
            }
            last[0] = p.sequence();
            released[0]++;
          });
    }
    RtpStats s = b.stats();
    if (released[0] + b.waiting() != s.received()) {
      throw new AssertionError(
          "released " + released[0] + " + waiting " + b.waiting() + " != received " + s.received());
    }
  }
}
