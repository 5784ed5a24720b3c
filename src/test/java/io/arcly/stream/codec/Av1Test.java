package io.arcly.stream.codec;

import static io.arcly.stream.codec.CodecTesting.assertRandomInputFailsCleanly;
import static io.arcly.stream.codec.CodecTesting.assertTruncationsFailCleanly;
import static io.arcly.stream.codec.CodecTesting.bytes;
import static io.arcly.stream.codec.CodecTesting.embedded;
import static io.arcly.stream.codec.CodecTesting.mutationsOf;
import static io.arcly.stream.codec.CodecTesting.randomBytes;
import static io.arcly.stream.codec.CodecTesting.randomBytesAfter;
import static io.arcly.stream.codec.CodecTesting.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.codec.Av1.Av1Config;
import io.arcly.stream.codec.Av1.SequenceHeader;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Av1Test {
  /** An ffmpeg vector and what ffprobe, trace_headers and ffmpeg's DASH muxer say about it. */
  record Vector(
      String name,
      int width,
      int height,
      int profile,
      int level,
      int bitDepth,
      int subsamplingX,
      int subsamplingY,
      String codec) {

    byte[] record() {
      return vector("av1/" + name + ".av1c");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector("av1_main_640x360", 640, 360, 0, 1, 8, 1, 1, "av01.0.01M.08"),
        new Vector("av1_main10_320x240", 320, 240, 0, 0, 10, 1, 1, "av01.0.00M.10"),
        new Vector("av1_high444_352x288", 352, 288, 1, 0, 8, 0, 0, "av01.1.00M.08"),
        new Vector("av1_svt_1280x720", 1280, 720, 0, 5, 8, 1, 1, "av01.0.05M.08"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesFfmpegsAv1C(Vector v) {
    byte[] record = v.record();
    Av1Config c = Av1.parseAv1C(record, 0, record.length);
    assertThat(c.seqProfile()).isEqualTo(v.profile);
    assertThat(c.seqLevelIdx0()).isEqualTo(v.level);
    assertThat(c.seqTier0()).isZero();
    assertThat(c.bitDepth()).isEqualTo(v.bitDepth);
    assertThat(c.monochrome()).isFalse();
    assertThat(c.chromaSubsamplingX()).isEqualTo(v.subsamplingX);
    assertThat(c.chromaSubsamplingY()).isEqualTo(v.subsamplingY);
    assertThat(c.codecString()).isEqualTo(v.codec).isEqualTo(Av1.codecString(c));
    assertThat(c.configObus()).isEqualTo(Arrays.copyOfRange(record, 4, record.length));
    assertThat(c.toRecord()).isEqualTo(record);
    assertThat(c.toTrackInfo()).isEqualTo(TrackInfo.video(CodecId.AV1, v.codec, v.width, v.height));
    assertThat(Av1.parseAv1C(Payload.copyOf(record))).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(Av1.parseAv1C(embedded(record), 3, record.length)).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void sequenceHeaderAgreesWithTheRecord(Vector v) {
    byte[] record = v.record();
    Av1Config c = Av1.parseAv1C(record, 0, record.length);
    SequenceHeader sh = c.sequenceHeader().orElseThrow();
    assertThat(sh.maxFrameWidth()).isEqualTo(v.width);
    assertThat(sh.maxFrameHeight()).isEqualTo(v.height);
    assertThat(sh.seqProfile()).isEqualTo(v.profile);
    assertThat(sh.seqLevelIdx0()).isEqualTo(v.level);
    assertThat(sh.bitDepth()).isEqualTo(v.bitDepth);
    assertThat(sh.stillPicture()).isFalse();
    assertThat(sh.colorPrimaries()).isEqualTo(2); // not signalled
    assertThat(sh.fullRange()).isFalse();
    byte[] obus = c.configObus();
    assertThat(Av1.fromSequenceHeader(obus, 0, obus.length)).isEqualTo(c);
    assertThat(Av1.obuType(obus[0])).isEqualTo(Av1.OBU_SEQUENCE_HEADER);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void truncatedRecordsAndHeadersFailWithCodecException(Vector v) {
    byte[] record = v.record();
    assertThat(assertTruncationsFailCleanly(record, 4, b -> Av1.parseAv1C(b, 0, b.length)))
        .isEqualTo(4);
    // 4 bytes: a record without configOBUs; longer prefixes cut the sequence header OBU.
    int rejected =
        assertTruncationsFailCleanly(
            record, 4, b -> Av1.parseAv1C(b, 0, b.length).sequenceHeader());
    assertThat(rejected).isEqualTo(record.length - 1);
  }

  /** An OBU of {@code type} with a size field around {@code payload}. */
  static byte[] obu(int type, boolean extension, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((type << 3) | (extension ? 4 : 0) | 2);
    if (extension) {
      out.write(0x28); // temporal_id 1, spatial_id 1
    }
    int n = payload.length;
    do {
      out.write((n & 0x7F) | (n > 0x7F ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] header(Consumer<BitWriter> fields) {
    BitWriter w = new BitWriter();
    fields.accept(w);
    return w.trailingBits().toByteArray();
  }

  /** Reduced still picture header, 1920x1080, sRGB 4:4:4 without chroma subsampling fields. */
  static final byte[] REDUCED =
      header(
          w -> {
            w.u(3, 0).flag(true).flag(true).u(5, 9); // profile, still, reduced, level 9
            w.u(4, 10).u(4, 10).u(11, 1919).u(11, 1079);
            w.u(3, 0b011).u(3, 0b011); // superblock and intra tools; superres, cdef, restoration
            w.flag(false).flag(false).flag(true).u(8, 1).u(8, 13).u(8, 0); // sRGB, identity
            w.flag(false).flag(false); // separate_uv_delta_q, film_grain_params_present
          });

  /** Profile 2, timing and decoder model info, two operating points, 12-bit 4:2:0, 3840x2160. */
  static final byte[] FULL =
      header(
          w -> {
            w.u(3, 2).flag(false).flag(false);
            w.flag(true).u(32, 1001).u(32, 60000).flag(true).ue(0); // timing, uvlc 0 is "1"
            w.flag(true).u(5, 9).u(32, 90000).u(5, 20).u(5, 20); // decoder model, 10-bit delays
            w.flag(true).u(5, 1); // initial_display_delay_present_flag, two operating points
            w.u(12, 0x101).u(5, 12).u(1, 1); // level 12, tier H
            w.flag(true).u(10, 500).u(10, 400).flag(false); // operating_parameters_info
            w.flag(true).u(4, 9); // initial_display_delay_minus_1
            w.u(12, 0x103).u(5, 3).flag(false).flag(false); // level 3: no tier bit
            w.u(4, 11).u(4, 11).u(12, 3839).u(12, 2159);
            w.flag(true).u(4, 5).u(3, 2); // frame id numbers
            w.u(3, 0).u(4, 0).flag(true).u(2, 0); // tools, enable_order_hint, jnt_comp, mvs
            w.flag(false).u(1, 1).flag(false).u(1, 0).u(3, 6); // screen content, integer mv
            w.u(3, 0); // superres, cdef, restoration
            w.flag(true).flag(true).flag(false).flag(false); // 12 bit, not mono, no colour desc
            w.flag(true).u(1, 1).u(1, 1).u(2, 1); // full range, 4:2:0, colocated
            w.flag(false).flag(true);
          });

  /** Profile 0, 10-bit monochrome, BT.2020 PQ colour description. */
  static final byte[] MONO =
      header(
          w -> {
            w.u(3, 0).flag(false).flag(false).flag(false).flag(false).u(5, 0);
            w.u(12, 0).u(5, 4); // one operating point, level 4
            w.u(4, 9).u(4, 8).u(10, 1023).u(9, 511).flag(false);
            w.u(3, 0).u(4, 0).flag(false); // tools, no order hint
            w.flag(true).flag(true).u(3, 0); // choose screen content tools and integer mv
            w.flag(true).flag(true).flag(true).u(8, 9).u(8, 16).u(8, 9).flag(false);
            w.flag(false);
          });

  @Test
  void parsesHandMadeSequenceHeaders() {
    assertThat(Av1.parseSequenceHeader(REDUCED, 0, REDUCED.length))
        .isEqualTo(
            new SequenceHeader(0, true, 9, 0, 1920, 1080, 8, false, 0, 0, 0, 1, 13, 0, true));
    assertThat(Av1.parseSequenceHeader(FULL, 0, FULL.length))
        .isEqualTo(
            new SequenceHeader(2, false, 12, 1, 3840, 2160, 12, false, 1, 1, 1, 2, 2, 2, true));
    assertThat(Av1.parseSequenceHeader(MONO, 0, MONO.length))
        .isEqualTo(
            new SequenceHeader(0, false, 4, 0, 1024, 512, 10, true, 1, 1, 0, 9, 16, 9, false));
  }

  @Test
  void findsTheSequenceHeaderAmongObus() {
    ByteArrayOutputStream tu = new ByteArrayOutputStream();
    tu.writeBytes(obu(Av1.OBU_TEMPORAL_DELIMITER, false, new byte[0]));
    tu.writeBytes(obu(Av1.OBU_METADATA, false, new byte[200])); // two-byte leb128 size
    byte[] sequenceHeader = obu(Av1.OBU_SEQUENCE_HEADER, true, FULL);
    tu.writeBytes(sequenceHeader);
    tu.writeBytes(bytes("30 aa bb cc")); // OBU_FRAME without size field: to the end
    byte[] obus = tu.toByteArray();
    assertThat(Av1.findSequenceHeader(obus, 0, obus.length).orElseThrow().maxFrameWidth())
        .isEqualTo(3840);
    Av1Config c = Av1.fromSequenceHeader(obus, 0, obus.length);
    assertThat(c.configObus()).isEqualTo(sequenceHeader);
    assertThat(c.codecString()).isEqualTo("av01.2.12H.12");
    assertThat(new boolean[] {c.highBitdepth(), c.twelveBit(), c.monochrome()})
        .containsExactly(true, true, false);
    assertThat(c.chromaSamplePosition()).isEqualTo(1);
    byte[] record = c.toRecord();
    assertThat(Av1.parseAv1C(record, 0, record.length)).isEqualTo(c);
    assertThat(c.toString()).contains("av01.2.12H.12");
    byte[] noHeader = obu(Av1.OBU_TEMPORAL_DELIMITER, false, new byte[0]);
    assertThat(Av1.findSequenceHeader(noHeader, 0, noHeader.length)).isEmpty();
    assertThatThrownBy(() -> Av1.fromSequenceHeader(noHeader, 0, noHeader.length))
        .isInstanceOf(CodecException.class)
        .hasMessage("av1 no sequence header");
    Av1Config bare = new Av1Config(0, 8, 0, false, false, false, 1, 1, 0, new byte[0]);
    assertThat(bare.sequenceHeader()).isEqualTo(Optional.empty());
    assertThat(bare.toTrackInfo().width()).isZero();
    assertThat(bare.codecString()).isEqualTo("av01.0.08M.08");
  }

  @Test
  void rejectsMalformedDataWithStableMessages() {
    assertThatThrownBy(() -> Av1.parseAv1C(bytes("81 00 0c"), 0, 3))
        .isInstanceOf(CodecException.class)
        .hasMessage("av1c record too short");
    assertThatThrownBy(() -> Av1.parseAv1C(bytes("82 00 0c 00"), 0, 4))
        .hasMessage("av1c unsupported version");
    assertThatThrownBy(() -> Av1.parseAv1C(bytes("01 00 0c 00"), 0, 4))
        .hasMessage("av1c unsupported version");
    assertThatThrownBy(() -> Av1.findSequenceHeader(bytes("0a 05 00"), 0, 3))
        .hasMessage("av1 obu truncated");
    assertThatThrownBy(() -> Av1.findSequenceHeader(bytes("8a 00"), 0, 2))
        .hasMessage("av1 obu forbidden bit set");
    assertThatThrownBy(() -> Av1.findSequenceHeader(bytes("0e"), 0, 1))
        .hasMessage("av1 obu truncated");
    assertThatThrownBy(() -> Av1.parseSequenceHeader(bytes("e0"), 0, 1))
        .hasMessage("av1 sequence header seq_profile out of range");
    assertThatThrownBy(() -> Av1.parseSequenceHeader(FULL, 0, 10))
        .hasMessage("av1 sequence header truncated");
    assertThatThrownBy(() -> new Av1Config(0, 32, 0, false, false, false, 1, 1, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomAndMutatedInputFailsOnlyWithCodecException() {
    assertRandomInputFailsCleanly(
        41,
        20_000,
        randomBytesAfter(40, (byte) 0x81),
        b -> {
          Av1Config c = Av1.parseAv1C(b, 0, b.length);
          return c.toTrackInfo();
        });
    assertRandomInputFailsCleanly(
        42, 20_000, randomBytes(40), b -> Av1.parseSequenceHeader(b, 0, b.length));
    assertRandomInputFailsCleanly(
        43, 20_000, randomBytes(40), b -> Av1.fromSequenceHeader(b, 0, b.length));
    long seed = 44;
    for (byte[] base : new byte[][] {FULL, REDUCED, MONO}) {
      assertRandomInputFailsCleanly(
          seed++, 3000, mutationsOf(base), b -> Av1.parseSequenceHeader(b, 0, b.length));
    }
    for (Vector v : vectors().toList()) {
      assertRandomInputFailsCleanly(
          seed++, 3000, mutationsOf(v.record()), b -> Av1.parseAv1C(b, 0, b.length).toTrackInfo());
    }
  }
}
