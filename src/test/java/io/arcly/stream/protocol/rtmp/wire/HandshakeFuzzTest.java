package io.arcly.stream.protocol.rtmp.wire;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.fuzz.Traces;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes both sides of {@link Handshake}: the input is what a peer sends first, C0 and C1 to the
 * server (read as exactly 1537 bytes, so a shorter input is padded with zeros), and S0, S1 and S2
 * to a client (S1 checked for a server digest in both layouts).
 */
class HandshakeFuzzTest {
  static Stream<Arguments> seeds() {
    SplittableRandom random = new SplittableRandom(1);
    return Seeds.lazily(
        () ->
            Stream.of(
                seed("plain c0c1", Handshake.clientHello(false, 1234, random)),
                seed("digest c0c1", Handshake.clientHello(true, 0, random)),
                seed(
                    "digest s0s1s2",
                    Handshake.answer(
                            3,
                            Arrays.copyOfRange(Handshake.clientHello(true, 0, random), 1, 1537),
                            0,
                            random)
                        .s0s1s2())),
        () ->
            Traces.sessions()
                .flatMap(
                    s ->
                        Stream.of(
                            seed(s.name() + " c0c1", head(s.client())),
                            seed(s.name() + " s0s1s2", head(s.server())))));
  }

  private static byte[] head(byte[] b) {
    return Arrays.copyOf(b, Math.min(b.length, 1 + 2 * Handshake.SIZE));
  }

  @MethodSource("seeds")
  @FuzzTest
  void peerHello(byte[] input) throws Exception {
    byte[] hello = Arrays.copyOf(input, 1 + 2 * Handshake.SIZE);
    byte[] block = Arrays.copyOfRange(hello, 1, 1 + Handshake.SIZE);
    DecoderContract contract = DecoderContract.throwing(RtmpException.class);
    contract.check(
        input.length, () -> Handshake.answer(hello[0] & 0xFF, block, 0, new SplittableRandom(0)));
    contract.check(
        input.length,
        () -> {
          Handshake.verifyServerDigest(block, Handshake.Kind.DIGEST_SCHEME_0);
          Handshake.verifyServerDigest(block, Handshake.Kind.DIGEST_SCHEME_1);
        });
  }
}
