package io.arcly.stream.protocol.rtmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private final SplittableRandom random = new SplittableRandom(7);

  @Test
  void plainC1GetsItsEchoInS2() {
    byte[] c0c1 = Handshake.clientHello(false, 1234, random);
    byte[] c1 = Arrays.copyOfRange(c0c1, 1, c0c1.length);
    Handshake.ServerReply r = Handshake.answer(3, c1, 99, random);
    assertThat(r.kind()).isEqualTo(Handshake.Kind.PLAIN);
    byte[] out = r.s0s1s2();
    assertThat(out).hasSize(1 + 2 * Handshake.SIZE);
    assertThat(out[0]).isEqualTo((byte) 3);
    assertThat(Handshake.readInt(out, 1)).as("S1 time").isEqualTo(99);
    assertThat(Arrays.copyOfRange(out, 1 + Handshake.SIZE, out.length)).isEqualTo(c1);
  }

  @Test
  void digestC1IsRecognisedAndAnsweredWithValidServerDigests() {
    byte[] c0c1 = Handshake.clientHello(true, 0, random);
    byte[] c1 = Arrays.copyOfRange(c0c1, 1, c0c1.length);
    Handshake.ServerReply r = Handshake.answer(3, c1, 0, random);
    assertThat(r.kind()).isEqualTo(Handshake.Kind.DIGEST_SCHEME_1);
    byte[] s1 = Arrays.copyOfRange(r.s0s1s2(), 1, 1 + Handshake.SIZE);
    byte[] s2 = Arrays.copyOfRange(r.s0s1s2(), 1 + Handshake.SIZE, 1 + 2 * Handshake.SIZE);
    assertThat(Handshake.verifyServerDigest(s1, Handshake.Kind.DIGEST_SCHEME_1)).isTrue();
    assertThat(Handshake.verifyServerDigest(s1, Handshake.Kind.DIGEST_SCHEME_0)).isFalse();
    int at = Handshake.digestOffset(c1, Handshake.Kind.DIGEST_SCHEME_1);
    assertThat(Handshake.verifyServerAck(s2, Arrays.copyOfRange(c1, at, at + 32))).isTrue();
    s2[5] ^= 1;
    assertThat(Handshake.verifyServerAck(s2, Arrays.copyOfRange(c1, at, at + 32))).isFalse();
  }

  @Test
  void aCorruptedDigestFallsBackToThePlainAnswer() {
    byte[] c1 = Arrays.copyOfRange(Handshake.clientHello(true, 0, random), 1, 1 + Handshake.SIZE);
    int at = Handshake.digestOffset(c1, Handshake.Kind.DIGEST_SCHEME_1);
    c1[at] ^= 0x55;
    Handshake.ServerReply r = Handshake.answer(3, c1, 0, random);
    assertThat(r.kind()).isEqualTo(Handshake.Kind.PLAIN);
    assertThat(Arrays.copyOfRange(r.s0s1s2(), 1 + Handshake.SIZE, r.s0s1s2().length)).isEqualTo(c1);
  }

  @Test
  void digestOffsetFollowsTheSumOfTheFourOffsetBytes() {
    byte[] block = new byte[Handshake.SIZE];
    block[8] = (byte) 200;
    block[9] = (byte) 200;
    block[10] = (byte) 200;
    block[11] = (byte) 200; // 800 % 728 = 72
    assertThat(Handshake.digestOffset(block, Handshake.Kind.DIGEST_SCHEME_0)).isEqualTo(12 + 72);
    block[772] = 1; // 1 % 728 = 1
    assertThat(Handshake.digestOffset(block, Handshake.Kind.DIGEST_SCHEME_1)).isEqualTo(776 + 1);
  }

  @Test
  void otherVersionsAreRefused() {
    byte[] c1 = new byte[Handshake.SIZE];
    assertThatThrownBy(() -> Handshake.answer(0x16, c1, 0, random))
        .isInstanceOf(RtmpException.class)
        .hasMessage("unsupported rtmp version 22");
  }
}
