package io.arcly.stream.codec;

import static io.arcly.stream.codec.CodecTesting.assertRandomInputFailsCleanly;
import static io.arcly.stream.codec.CodecTesting.bytes;
import static io.arcly.stream.codec.CodecTesting.randomBytes;
import static io.arcly.stream.codec.CodecTesting.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NalUnitsTest {
  private static final byte[] ANNEX_B = vector("h264/h264_main_nob_176x144.h264");

  private static Payload lengthPrefixed(int lengthSize, byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nals) {
      for (int i = lengthSize - 1; i >= 0; i--) {
        out.write(nal.length >>> (8 * i));
      }
      out.writeBytes(nal);
    }
    return Payload.wrap(out.toByteArray());
  }

  private static List<byte[]> nals(Payload au) {
    List<byte[]> out = new ArrayList<>();
    NalUnits.forEach(au, (off, len) -> out.add(au.slice(off, off + len).toByteArray()));
    return out;
  }

  @Test
  void convertsFfmpegsAnnexBAccessUnit() {
    assertThat(ANNEX_B).startsWith(0, 0, 0, 1, 0x06);
    Payload au = Payload.wrap(NalUnits.annexBToLengthPrefixed(ANNEX_B, 0, ANNEX_B.length));
    List<Integer> types = new ArrayList<>();
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      types.add(w.firstByte() & 0x1F); // H.264 nal_unit_type
    }
    assertThat(types).containsExactly(6, 7, 8, 5); // SEI, SPS, PPS, IDR slice
    List<byte[]> nals = nals(au);
    assertThat(nals.get(1)).isEqualTo(vector("h264/h264_main_nob_176x144.sps"));
    assertThat(nals.get(2)).isEqualTo(vector("h264/h264_main_nob_176x144.pps"));
    assertThat(NalUnits.count(au)).isEqualTo(4);
    assertThat(NalUnits.isValidLengthPrefixed(au, 4)).isTrue();
    assertThat(au.length()).isEqualTo(ANNEX_B.length + 1); // the IDR slice has a 3-byte start code
    byte[] back = NalUnits.lengthPrefixedToAnnexB(au);
    assertThat(back).hasSize(au.length());
    assertThat(NalUnits.annexBToLengthPrefixed(back, 0, back.length)).isEqualTo(au.toByteArray());
    assertThat(NalUnits.startsWithStartCode(Payload.wrap(back))).isTrue();
    assertThat(NalUnits.startsWithStartCode(au)).isFalse();
    assertThat(NalUnits.annexBToLengthPrefixed(Payload.wrap(ANNEX_B))).isEqualTo(au);
  }

  @Test
  void handlesStartCodeVariantsAndZeroPadding() {
    byte[] in =
        bytes(
            "ee 00 00 00 01 65 aa 00 00 00 00 01 41 bb 00 00 01 00 00 01 06 cc 00 00 01 09 f0 00 00");
    assertThat(NalUnits.annexBToLengthPrefixed(in, 0, in.length))
        .isEqualTo(
            bytes("00000002 65aa 00000002 41bb 00000002 06cc 00000002 09f0".replace(" ", "")));
    assertThat(NalUnits.annexBToLengthPrefixed(in, 7, 10)).isEqualTo(bytes("00000002 41bb"));
    assertThat(NalUnits.annexBToLengthPrefixed(bytes("00 00 00"), 0, 3)).isEmpty();
    assertThat(NalUnits.annexBToLengthPrefixed(new byte[0], 0, 0)).isEmpty();
    assertThat(NalUnits.annexBToLengthPrefixed(bytes("00 00 01"), 0, 3)).isEmpty();
    assertThatThrownBy(() -> NalUnits.annexBToLengthPrefixed(bytes("65 88 00 00 02"), 0, 5))
        .isInstanceOf(CodecException.class)
        .hasMessage("annex-b data has no start code");
  }

  @Test
  void annexBRoundTripsRandomAccessUnits() {
    Random random = new Random(21);
    for (int i = 0; i < 2000; i++) {
      int count = 1 + random.nextInt(6);
      ByteArrayOutputStream annexB = new ByteArrayOutputStream();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int n = 0; n < count; n++) {
        byte[] raw = new byte[random.nextInt(30)];
        for (int j = 0; j < raw.length; j++) {
          raw[j] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
        }
        if (raw.length > 0) {
          raw[raw.length - 1] = (byte) 0x80; // rbsp_stop_one_bit: a NAL unit never ends in 0x00
        }
        byte[] body = Nal.escape(raw, 0, raw.length);
        byte[] nal = new byte[body.length + 1];
        nal[0] = (byte) (1 + random.nextInt(0x7F));
        System.arraycopy(body, 0, nal, 1, body.length);
        annexB.writeBytes(random.nextBoolean() ? bytes("000001") : bytes("00000001"));
        annexB.writeBytes(nal);
        annexB.writeBytes(new byte[random.nextInt(3)]); // trailing_zero_8bits
        expected.writeBytes(lengthPrefixed(4, nal).toByteArray());
      }
      byte[] in = annexB.toByteArray();
      byte[] out = NalUnits.annexBToLengthPrefixed(in, 0, in.length);
      assertThat(out).isEqualTo(expected.toByteArray());
      Payload au = Payload.wrap(out);
      assertThat(NalUnits.count(au)).isEqualTo(count);
      byte[] again = NalUnits.lengthPrefixedToAnnexB(au);
      assertThat(NalUnits.annexBToLengthPrefixed(again, 0, again.length)).isEqualTo(out);
    }
  }

  @Test
  void rewritesShortLengthPrefixesToFourBytes() {
    byte[] a = bytes("65 88 84");
    byte[] b = new byte[300];
    b[0] = 0x41;
    byte[] c = bytes("06");
    Payload four = lengthPrefixed(4, a, b, c);
    for (int size = 1; size <= 3; size++) {
      Payload src = size == 1 ? lengthPrefixed(1, a, c) : lengthPrefixed(size, a, b, c);
      Payload expected = size == 1 ? lengthPrefixed(4, a, c) : four;
      assertThat(NalUnits.toLengthPrefixed4(src, size)).isEqualTo(expected);
      assertThat(NalUnits.isValidLengthPrefixed(src, size)).isTrue();
    }
    assertThat(NalUnits.toLengthPrefixed4(four, 4)).isSameAs(four);
    Payload withEmpty = Payload.wrap(bytes("0003 658884 0000 0001 06"));
    assertThat(NalUnits.toLengthPrefixed4(withEmpty, 2)).isEqualTo(lengthPrefixed(4, a, c));
    assertThat(NalUnits.isValidLengthPrefixed(withEmpty, 2)).isFalse();
    assertThatThrownBy(() -> NalUnits.toLengthPrefixed4(Payload.wrap(bytes("0005 6588")), 2))
        .isInstanceOf(CodecException.class)
        .hasMessage("nal length prefix overruns access unit");
    assertThatThrownBy(() -> NalUnits.toLengthPrefixed4(Payload.wrap(bytes("0003 658884 00")), 2))
        .hasMessage("nal length prefix overruns access unit");
    assertThatThrownBy(() -> NalUnits.toLengthPrefixed4(four, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validatesLengthPrefixedAccessUnits() {
    assertThat(NalUnits.isValidLengthPrefixed(lengthPrefixed(4, bytes("65 88")), 4)).isTrue();
    assertThat(NalUnits.isValidLengthPrefixed(Payload.EMPTY, 4)).isFalse();
    assertThat(NalUnits.isValidLengthPrefixed(Payload.wrap(bytes("00 00 00 03 65 88")), 4))
        .isFalse();
    assertThat(NalUnits.isValidLengthPrefixed(Payload.wrap(bytes("00 00 00 01 65 00")), 4))
        .isFalse(); // a stray byte after the last NAL unit
    assertThat(NalUnits.isValidLengthPrefixed(Payload.wrap(bytes("00 00 01 65 88")), 4)).isFalse();
    assertThat(NalUnits.isValidLengthPrefixed(Payload.wrap(bytes("00 00 00 00")), 4)).isFalse();
  }

  @Test
  void walkerReportsOffsetsWithoutCopyingAndCanBeReused() {
    Payload au = lengthPrefixed(4, bytes("67 42"), bytes(""), bytes("65 88 84"));
    NalWalker w = new NalWalker();
    assertThat(w.next()).isFalse();
    w.reset(au, 4);
    assertThat(w.hasNext()).isTrue();
    assertThat(w.next()).isTrue();
    assertThat(new int[] {w.offset(), w.length(), w.firstByte()}).containsExactly(4, 2, 0x67);
    assertThat(w.next()).isTrue();
    assertThat(new int[] {w.offset(), w.length(), w.firstByte()}).containsExactly(10, 0, -1);
    assertThat(w.next()).isTrue();
    assertThat(w.slice()).isEqualTo(Payload.wrap(bytes("65 88 84")));
    assertThat(w.hasNext()).isFalse();
    assertThat(w.next()).isFalse();
    Payload slice = Payload.wrap(bytes("ff ff 00 00 00 01 09 ff")).slice(2, 7);
    assertThat(w.reset(slice, 4).next()).isTrue();
    assertThat(w.firstByte()).isEqualTo(9);
    Payload broken = Payload.wrap(bytes("00 01 09 00 05 41"));
    w.reset(broken, 2);
    assertThat(w.next()).isTrue();
    assertThatThrownBy(w::next)
        .isInstanceOf(CodecException.class)
        .hasMessage("nal length prefix overruns access unit");
    assertThat(w.next()).isFalse();
    assertThatThrownBy(() -> new NalWalker(au, 0)).isInstanceOf(IllegalArgumentException.class);
    List<Integer> offsets = new ArrayList<>();
    NalUnits.forEach(au, (off, len) -> offsets.add(off));
    assertThat(offsets).containsExactly(4, 10, 14);
  }

  @Test
  void lengthPrefixedToAnnexBRejectsOverruns() {
    assertThatThrownBy(() -> NalUnits.lengthPrefixedToAnnexB(Payload.wrap(bytes("00 00 00 09 41"))))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> NalUnits.lengthPrefixedToAnnexB(Payload.wrap(bytes("00 00"))))
        .isInstanceOf(CodecException.class);
    assertThat(NalUnits.lengthPrefixedToAnnexB(Payload.EMPTY)).isEmpty();
  }

  @Test
  void randomInputFailsOnlyWithCodecException() {
    assertRandomInputFailsCleanly(
        31,
        20_000,
        randomBytes(40),
        b -> {
          byte[] out = NalUnits.annexBToLengthPrefixed(b, 0, b.length);
          assertThat(out.length == 0 || NalUnits.isValidLengthPrefixed(Payload.wrap(out), 4))
              .isTrue();
          return out;
        });
    Random sizes = new Random(32);
    assertRandomInputFailsCleanly(
        33,
        20_000,
        randomBytes(24),
        b -> {
          int size = 1 + sizes.nextInt(4);
          Payload p = Payload.wrap(b);
          boolean valid = NalUnits.isValidLengthPrefixed(p, size);
          Payload four = NalUnits.toLengthPrefixed4(p, size);
          NalUnits.lengthPrefixedToAnnexB(four);
          if (valid) {
            assertThat(NalUnits.isValidLengthPrefixed(four, 4)).isTrue();
          }
          return four;
        });
  }
}
