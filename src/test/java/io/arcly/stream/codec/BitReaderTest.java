package io.arcly.stream.codec;

import static io.arcly.stream.codec.CodecTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitReaderTest {
  @Test
  void readsBitsMostSignificantFirstAcrossBytes() {
    BitReader r = new BitReader(bytes("a5 3c ff 00 81"));
    assertThat(r.u(1)).isEqualTo(1);
    assertThat(r.u(3)).isEqualTo(0b010);
    assertThat(r.u(8)).isEqualTo(0x53);
    assertThat(r.u(0)).isZero();
    assertThat(r.bitsLeft()).isEqualTo(28);
    assertThat(r.u(12)).isEqualTo(0xCFF);
    assertThat(r.flag()).isFalse();
    assertThat(r.position()).isEqualTo(25);
    assertThat(r.u(15)).isEqualTo(0x81);
    assertThat(r.bitsLeft()).isZero();
  }

  @Test
  void readsWideFields() {
    BitReader r = new BitReader(bytes("ff ff ff ff 80 00 00 00 00 01 12 34 56 78 9a bc de f0"));
    assertThat(r.u(32)).isEqualTo(-1);
    assertThat(r.uLong(48)).isEqualTo(0x8000_0000_0001L);
    assertThat(r.uLong(64)).isEqualTo(0x1234_5678_9abc_def0L);
  }

  @Test
  void honoursTheRegion() {
    byte[] b = bytes("ff 0f f0 ff");
    BitReader r = new BitReader(b, 1, 2, "ctx");
    assertThat(r.u(16)).isEqualTo(0x0ff0);
    assertThatThrownBy(() -> r.u(1)).isInstanceOf(CodecException.class).hasMessage("ctx truncated");
    assertThatThrownBy(() -> new BitReader(b, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void decodesExpGolombCodesOfTable9_2() {
    // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6, 0001000 -> 7; then se of 1..5
    BitWriter w = new BitWriter();
    w.u(1, 1).u(3, 0b010).u(3, 0b011).u(5, 0b00100).u(5, 0b00111).u(7, 0b0001000);
    w.ue(1).ue(2).ue(3).ue(4).ue(0).ue(254).ue(65535).ue(Integer.MAX_VALUE);
    BitReader r = new BitReader(w.toByteArray());
    assertThat(new int[] {r.ue(), r.ue(), r.ue(), r.ue(), r.ue(), r.ue()})
        .containsExactly(0, 1, 2, 3, 6, 7);
    assertThat(new int[] {r.se(), r.se(), r.se(), r.se(), r.se()}).containsExactly(1, -1, 2, -2, 0);
    assertThat(r.ue()).isEqualTo(254);
    assertThat(r.ue()).isEqualTo(65535);
    assertThat(r.ue()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void signedExpGolombCoversTheIntRange() {
    BitWriter w = new BitWriter().se(Integer.MAX_VALUE).se(-Integer.MAX_VALUE).se(-123456);
    BitReader r = new BitReader(w.toByteArray());
    assertThat(r.se()).isEqualTo(Integer.MAX_VALUE);
    assertThat(r.se()).isEqualTo(-Integer.MAX_VALUE);
    assertThat(r.se()).isEqualTo(-123456);
  }

  @Test
  void rejectsExpGolombValuesBeyondInt() {
    byte[] zeros = new byte[8]; // 64 zero bits: no terminating one
    assertThatThrownBy(() -> new BitReader(zeros, 0, 8, "x").ue())
        .isInstanceOf(CodecException.class)
        .hasMessage("x exp-golomb value out of range");
    byte[] big = new BitWriter().ue(0xFFFF_FFFEL).toByteArray(); // 31 zeros, fits u32 only
    assertThatThrownBy(() -> new BitReader(big, 0, big.length, "x").ue())
        .isInstanceOf(CodecException.class)
        .hasMessage("x exp-golomb value out of range");
    assertThatThrownBy(() -> new BitReader(bytes("00 01"), 0, 2, "x").ue())
        .isInstanceOf(CodecException.class)
        .hasMessage("x truncated");
  }

  @Test
  void skipsAlignsAndReportsOverruns() {
    BitReader r = new BitReader(bytes("ff 80 01"), 0, 3, "h264 sps");
    r.skip(3);
    assertThat(r.byteAligned()).isFalse();
    r.byteAlign();
    assertThat(r.byteAligned()).isTrue();
    assertThat(r.position()).isEqualTo(8);
    r.byteAlign();
    assertThat(r.position()).isEqualTo(8);
    assertThat(r.flag()).isTrue();
    assertThatThrownBy(() -> r.skip(16))
        .isInstanceOf(CodecException.class)
        .hasMessage("h264 sps truncated");
    assertThat(r.bitsLeft()).isZero();
    assertThatThrownBy(() -> r.u(1)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> r.u(33)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.skip(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsLeb128AndUvlc() {
    BitReader r = new BitReader(bytes("05 e5 8e 26 ff ff ff ff 0f"));
    assertThat(r.leb128()).isEqualTo(5);
    assertThat(r.leb128()).isEqualTo(624485);
    assertThat(r.leb128()).isEqualTo(0xFFFF_FFFFL);
    assertThatThrownBy(() -> new BitReader(bytes("80 80 80 80 80 80 80 80 01")).leb128())
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> new BitReader(bytes("ff ff ff ff 1f")).leb128())
        .hasMessage("bitstream leb128 value out of range");
    // uvlc: 1 -> 0, 010 -> 1, 00111 -> 6
    BitReader u = new BitReader(new BitWriter().u(1, 1).u(3, 2).u(5, 7).toByteArray());
    assertThat(u.uvlc()).isZero();
    assertThat(u.uvlc()).isEqualTo(1);
    assertThat(u.uvlc()).isEqualTo(6);
  }

  @Test
  void randomReadsNeverThrowAnythingButCodecException() {
    Random random = new Random(42);
    for (int i = 0; i < 5000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      random.nextBytes(b);
      BitReader r = new BitReader(b, 0, b.length, "fuzz");
      try {
        for (int op = 0; op < 20; op++) {
          switch (random.nextInt(7)) {
            case 0 -> r.u(random.nextInt(33));
            case 1 -> r.ue();
            case 2 -> r.se();
            case 3 -> r.skip(random.nextInt(20));
            case 4 -> r.uLong(random.nextInt(65));
            case 5 -> r.uvlc();
            default -> r.leb128();
          }
          assertThat(r.bitsLeft()).isBetween(0, b.length * 8);
        }
      } catch (CodecException e) {
        assertThat(e.getMessage()).startsWith("fuzz ");
      }
    }
  }

  @Test
  void unescapeRemovesEmulationPreventionBytes() {
    assertThat(Nal.unescape(bytes("00 00 03 01"), 0, 4)).isEqualTo(bytes("00 00 01"));
    assertThat(Nal.unescape(bytes("00 00 03 00 00 03"), 0, 6)).isEqualTo(bytes("00 00 00 00"));
    assertThat(Nal.unescape(bytes("00 00 03 03 00 00 03"), 0, 7))
        .isEqualTo(bytes("00 00 03 00 00"));
    assertThat(Nal.unescape(bytes("00 03 00 00 03 03"), 0, 6)).isEqualTo(bytes("00 03 00 00 03"));
    assertThat(Nal.unescape(bytes("aa 00 00 03 01 bb"), 1, 4)).isEqualTo(bytes("00 00 01"));
    byte[] plain = bytes("67 64 00 1f");
    byte[] copy = Nal.unescape(plain, 0, 4);
    assertThat(copy).isEqualTo(plain).isNotSameAs(plain);
    assertThat(Nal.unescape(plain, 0, 0)).isEmpty();
  }

  @Test
  void escapeInsertsWhatUnescapeRemoves() {
    assertThat(Nal.escape(bytes("00 00 01 00 00 00 00 00 04"), 0, 9))
        .isEqualTo(bytes("00 00 03 01 00 00 03 00 00 03 00 04"));
    assertThat(Nal.escape(bytes("80 00 00"), 0, 3)).isEqualTo(bytes("80 00 00 03"));
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] raw = new byte[random.nextInt(40)];
      for (int j = 0; j < raw.length; j++) {
        raw[j] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(4));
      }
      byte[] escaped = Nal.escape(raw, 0, raw.length);
      for (int j = 0; j + 2 < escaped.length; j++) {
        boolean startCodeLike =
            escaped[j] == 0 && escaped[j + 1] == 0 && (escaped[j + 2] & 0xFF) <= 2;
        assertThat(startCodeLike).as("escaped %s at %d", Arrays.toString(escaped), j).isFalse();
      }
      assertThat(Nal.unescape(escaped, 0, escaped.length)).isEqualTo(raw);
    }
  }
}
