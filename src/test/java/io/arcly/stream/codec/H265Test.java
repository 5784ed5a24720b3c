package io.arcly.stream.codec;

import static io.arcly.stream.codec.CodecTesting.assertRandomInputFailsCleanly;
import static io.arcly.stream.codec.CodecTesting.assertTruncationsFailCleanly;
import static io.arcly.stream.codec.CodecTesting.bytes;
import static io.arcly.stream.codec.CodecTesting.embedded;
import static io.arcly.stream.codec.CodecTesting.mutationsOf;
import static io.arcly.stream.codec.CodecTesting.randomBytesAfter;
import static io.arcly.stream.codec.CodecTesting.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.codec.H265.HevcConfig;
import io.arcly.stream.codec.H265.Sps;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class H265Test {
  private static final long MAIN_COMPAT = 0x6000_0000L; // flags [1] and [2]
  private static final long PROGRESSIVE_FRAME_ONLY = 0x9000_0000_0000L;

  /** An ffmpeg vector and what ffprobe and trace_headers say about it. */
  record Vector(
      String name,
      int width,
      int height,
      int profileIdc,
      long compatibility,
      long constraints,
      int level,
      int chroma,
      int bitDepth,
      int temporalLayers,
      String codec) {

    byte[] file(String ext) {
      return vector("h265/" + name + "." + ext);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector(
            "h265_main_1280x720",
            1280,
            720,
            1,
            MAIN_COMPAT,
            PROGRESSIVE_FRAME_ONLY,
            93,
            1,
            8,
            1,
            "hvc1.1.6.L93.90"),
        new Vector(
            "h265_main10_640x360",
            640,
            360,
            2,
            0x2000_0000L,
            PROGRESSIVE_FRAME_ONLY,
            63,
            1,
            10,
            1,
            "hvc1.2.4.L63.90"),
        new Vector(
            "h265_main_426x240",
            426,
            240,
            1,
            MAIN_COMPAT,
            PROGRESSIVE_FRAME_ONLY,
            60,
            1,
            8,
            1,
            "hvc1.1.6.L60.90"),
        new Vector(
            "h265_main_1920x1080",
            1920,
            1080,
            1,
            MAIN_COMPAT,
            PROGRESSIVE_FRAME_ONLY,
            120,
            1,
            8,
            2,
            "hvc1.1.6.L120.90"),
        new Vector(
            "h265_main422_10_320x240",
            320,
            240,
            4,
            0x0800_0000L,
            0x9D08_0000_0000L,
            60,
            2,
            10,
            1,
            "hvc1.4.10.L60.9D.08"),
        new Vector(
            "h265_main444_352x288",
            352,
            288,
            4,
            0x0800_0000L,
            0x9E08_0000_0000L,
            60,
            3,
            8,
            1,
            "hvc1.4.10.L60.9E.08"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesTheSpsAsFfprobeDescribesIt(Vector v) {
    byte[] nal = v.file("sps");
    Sps sps = H265.parseSps(nal, 0, nal.length);
    assertThat(sps)
        .isEqualTo(
            new Sps(
                0,
                0,
                v.profileIdc,
                v.compatibility,
                v.constraints,
                v.level,
                v.width,
                v.height,
                v.chroma,
                v.bitDepth));
    assertThat(sps.codecString()).isEqualTo(v.codec);
    assertThat(H265.parseSps(embedded(nal), 3, nal.length)).isEqualTo(sps);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesFfmpegsHvcC(Vector v) {
    byte[] record = v.file("hvcc");
    HevcConfig c = H265.parseHvcC(record, 0, record.length);
    assertThat(c.generalProfileIdc()).isEqualTo(v.profileIdc);
    assertThat(c.generalProfileCompatibilityFlags()).isEqualTo(v.compatibility);
    assertThat(c.generalConstraintIndicatorFlags()).isEqualTo(v.constraints);
    assertThat(c.generalLevelIdc()).isEqualTo(v.level);
    assertThat(c.chromaFormatIdc()).isEqualTo(v.chroma);
    assertThat(c.bitDepthLuma()).isEqualTo(v.bitDepth);
    assertThat(c.bitDepthChroma()).isEqualTo(v.bitDepth);
    assertThat(c.numTemporalLayers()).isEqualTo(v.temporalLayers);
    assertThat(c.temporalIdNested()).isEqualTo(v.temporalLayers == 1);
    assertThat(c.nalLengthSize()).isEqualTo(4);
    assertThat(c.vps()).singleElement().isEqualTo(v.file("vps"));
    assertThat(c.sps()).singleElement().isEqualTo(v.file("sps"));
    assertThat(c.pps()).singleElement().isEqualTo(v.file("pps"));
    assertThat(c.codecString()).isEqualTo(v.codec);
    assertThat(c.toTrackInfo())
        .isEqualTo(TrackInfo.video(CodecId.H265, v.codec, v.width, v.height));
    assertThat(H265.parseHvcC(Payload.copyOf(record))).isEqualTo(c);
    assertThat(H265.parseHvcC(embedded(record), 3, record.length)).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void buildsFfmpegsRecordFromParameterSets(Vector v) {
    HevcConfig built =
        H265.fromParameterSets(
            List.of(v.file("vps")), List.of(v.file("sps")), List.of(v.file("pps")));
    byte[] record = v.file("hvcc");
    HevcConfig parsed = H265.parseHvcC(record, 0, record.length);
    assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(H265.parseHvcC(built.toRecord(), 0, built.toRecord().length)).isEqualTo(built);
    if (parsed.toRecord().length == record.length) { // no SEI array in ffmpeg's record
      // ffmpeg writes array_completeness 0 for 'hev1'; the built record marks arrays complete.
      byte[] complete = record.clone();
      int pos = 23;
      for (int a = 0; a < record[22]; a++) {
        complete[pos] |= (byte) 0x80;
        int count = ((record[pos + 1] & 0xFF) << 8) | (record[pos + 2] & 0xFF);
        pos += 3;
        for (int i = 0; i < count; i++) {
          pos += 2 + (((record[pos] & 0xFF) << 8) | (record[pos + 1] & 0xFF));
        }
      }
      assertThat(built.toRecord()).isEqualTo(complete);
    }
  }

  @Test
  void skipsNonParameterSetArrays() {
    byte[] record = vector("h265/h265_main_1280x720.hvcc");
    assertThat(record[22]).isEqualTo((byte) 4); // VPS, SPS, PPS and an SEI array
    HevcConfig c = H265.parseHvcC(record, 0, record.length);
    assertThat(c.toRecord().length).isLessThan(record.length - 2000);
    assertThat(H265.parseHvcC(c.toRecord(), 0, c.toRecord().length)).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void truncatedParameterSetsAndRecordsFailWithCodecException(Vector v) {
    byte[] nal = v.file("sps");
    Sps full = H265.parseSps(nal, 0, nal.length);
    assertTruncationsFailCleanly(
        nal,
        2,
        b -> {
          assertThat(H265.parseSps(b, 0, b.length)).isEqualTo(full);
          return null;
        });
    byte[] record = v.file("hvcc");
    int rejected =
        assertTruncationsFailCleanly(record, record.length, b -> H265.parseHvcC(b, 0, b.length));
    assertThat(rejected).isEqualTo(record.length);
  }

  @Test
  void handMadeSpsWithSubLayerProfilesParses() {
    byte[] nal = vector("h265/h265_subLayers_hightier_1920x1080.sps");
    Sps sps = H265.parseSps(nal, 0, nal.length);
    assertThat(sps)
        .isEqualTo(new Sps(0, 1, 1, MAIN_COMPAT, PROGRESSIVE_FRAME_ONLY, 150, 1920, 1080, 1, 8));
    assertThat(sps.codecString()).isEqualTo("hvc1.1.6.H150.90");
    HevcConfig c = H265.fromParameterSets(List.of(), List.of(nal), List.of());
    assertThat(c.numTemporalLayers()).isEqualTo(3);
    assertThat(c.temporalIdNested()).isFalse();
    assertThat(c.generalTierFlag()).isEqualTo(1);
    assertThat(c.vps()).isEmpty();
    assertThat(H265.parseHvcC(c.toRecord(), 0, c.toRecord().length)).isEqualTo(c);
  }

  @Test
  void handMade422ConformanceWindowHalvesOnlyWidth() {
    byte[] nal = vector("h265/h265_rext_422_854x479.sps");
    Sps sps = H265.parseSps(nal, 0, nal.length);
    assertThat(sps)
        .isEqualTo(new Sps(0, 0, 4, 0x0800_0000L, 0x9D08_0000_0000L, 93, 854, 479, 2, 10));
    assertThat(sps.codecString()).isEqualTo("hvc1.4.10.L93.9D.08");
  }

  @Test
  void codecStringFollowsAnnexE() {
    assertThat(new Sps(0, 0, 1, MAIN_COMPAT, 0xB000_0000_0000L, 93, 1, 1, 1, 8).codecString())
        .isEqualTo("hvc1.1.6.L93.B0");
    assertThat(new Sps(1, 1, 4, 0x0800_0000L, 0x9000_0100_0000L, 153, 1, 1, 1, 8).codecString())
        .isEqualTo("hvc1.A4.10.H153.90.00.01");
    assertThat(new Sps(2, 0, 2, 0xFFFF_FFFFL, 0, 30, 1, 1, 1, 8).codecString())
        .isEqualTo("hvc1.B2.FFFFFFFF.L30");
    assertThat(new Sps(3, 0, 31, 0, 0x0000_0000_0001L, 0, 1, 1, 1, 8).codecString())
        .isEqualTo("hvc1.C31.0.L0.00.00.00.00.00.01");
  }

  /** Writes an SPS through bit_depth_chroma_minus8 (and a stop bit) for edge cases. */
  private static byte[] sps(int subLayers, int chroma, int width, int height, int... window) {
    BitWriter w = new BitWriter().u(16, 0x4201);
    w.u(4, 0).u(3, subLayers).flag(subLayers == 0);
    w.u(8, 0x01).u(32, MAIN_COMPAT).u(48, PROGRESSIVE_FRAME_ONLY).u(8, 93);
    for (int i = 0; i < subLayers; i++) {
      w.u(2, 0);
    }
    if (subLayers > 0) {
      w.u(2 * (8 - subLayers), 0);
    }
    w.ue(0).ue(chroma);
    if (chroma == 3) {
      w.flag(true); // separate_colour_plane_flag
    }
    w.ue(width).ue(height).flag(window.length > 0);
    for (int o : window) {
      w.ue(o);
    }
    w.ue(0).ue(0);
    byte[] rbsp = w.trailingBits().toByteArray();
    byte[] escaped = Nal.escape(rbsp, 2, rbsp.length - 2);
    byte[] nal = Arrays.copyOf(rbsp, 2 + escaped.length);
    System.arraycopy(escaped, 0, nal, 2, escaped.length);
    return nal;
  }

  @Test
  void conformanceWindowUsesChromaUnits() {
    byte[] mono = sps(0, 0, 100, 50, 1, 2, 3, 4);
    assertThat(H265.parseSps(mono, 0, mono.length).width()).isEqualTo(97);
    assertThat(H265.parseSps(mono, 0, mono.length).height()).isEqualTo(43);
    byte[] separate = sps(6, 3, 64, 64, 1, 1, 1, 1); // ChromaArrayType 0, 7 sub-layers
    assertThat(H265.parseSps(separate, 0, separate.length).width()).isEqualTo(62);
    byte[] yuv420 = sps(1, 1, 64, 64, 1, 1, 2, 2);
    Sps s = H265.parseSps(yuv420, 0, yuv420.length);
    assertThat(new int[] {s.width(), s.height()}).containsExactly(60, 56);
  }

  @Test
  void rejectsOutOfRangeValuesWithStableMessages() {
    byte[] crop = sps(0, 1, 64, 64, 16, 16, 0, 0);
    assertThatThrownBy(() -> H265.parseSps(crop, 0, crop.length))
        .isInstanceOf(CodecException.class)
        .hasMessage("h265 sps conformance window out of range");
    byte[] zero = sps(0, 1, 0, 64);
    assertThatThrownBy(() -> H265.parseSps(zero, 0, zero.length))
        .hasMessage("h265 sps picture size out of range");
    byte[] sevenSubLayers = sps(0, 1, 64, 64);
    sevenSubLayers[2] |= 0x0E; // sps_max_sub_layers_minus1 = 7
    assertThatThrownBy(() -> H265.parseSps(sevenSubLayers, 0, sevenSubLayers.length))
        .hasMessage("h265 sps sps_max_sub_layers_minus1 out of range");
    byte[] chroma = sps(0, 4, 64, 64);
    assertThatThrownBy(() -> H265.parseSps(chroma, 0, chroma.length))
        .hasMessage("h265 sps chroma_format_idc out of range");
    byte[] vps = vector("h265/h265_main_1280x720.vps");
    assertThatThrownBy(() -> H265.parseSps(vps, 0, vps.length))
        .hasMessage("h265 nal unit is not an sps");
    assertThatThrownBy(() -> H265.parseSps(bytes("42"), 0, 1)).hasMessage("h265 sps truncated");
    byte[] layer1 = vector("h265/h265_main_426x240.sps");
    layer1[1] |= 0x08; // nuh_layer_id 1
    assertThatThrownBy(() -> H265.parseSps(layer1, 0, layer1.length))
        .hasMessage("h265 sps of a non-base layer is not supported");
    byte[] record = vector("h265/h265_main10_640x360.hvcc");
    assertThatThrownBy(() -> H265.parseHvcC(record, 0, 22)).hasMessage("hvcc record too short");
    byte[] v2 = record.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> H265.parseHvcC(v2, 0, v2.length))
        .hasMessage("hvcc unsupported version");
    byte[] v0 = record.clone();
    v0[0] = 0;
    assertThat(H265.parseHvcC(v0, 0, v0.length).sps()).hasSize(1);
    assertThatThrownBy(() -> H265.parseHvcC(record, 0, record.length - 1))
        .hasMessage("hvcc record truncated");
    assertThatThrownBy(() -> H265.fromParameterSets(List.of(), List.of(), List.of()))
        .hasMessage("h265 no sps");
  }

  @Test
  void randomAndMutatedInputFailsOnlyWithCodecException() {
    assertRandomInputFailsCleanly(
        11,
        20_000,
        randomBytesAfter(60, (byte) 0x42, (byte) 0x01),
        b -> H265.parseSps(b, 0, b.length));
    assertRandomInputFailsCleanly(
        12, 20_000, randomBytesAfter(80, (byte) 1), b -> H265.parseHvcC(b, 0, b.length));
    long seed = 13;
    for (Vector v : vectors().toList()) {
      assertRandomInputFailsCleanly(
          seed++, 3000, mutationsOf(v.file("sps")), b -> H265.parseSps(b, 0, b.length));
      assertRandomInputFailsCleanly(
          seed++,
          3000,
          mutationsOf(v.file("hvcc")),
          b -> {
            HevcConfig c = H265.parseHvcC(b, 0, b.length);
            c.toRecord();
            return c.toTrackInfo();
          });
    }
  }

  @Test
  void recordValidatesAndCopies() {
    byte[] sps = vector("h265/h265_main_426x240.sps");
    List<byte[]> list = new ArrayList<>(List.of(sps));
    HevcConfig c = H265.fromParameterSets(List.of(), list, List.of());
    list.clear();
    assertThat(c.sps()).hasSize(1);
    assertThat(c.toString()).contains("hvc1.1.6.L60.90", "sps=[43 bytes]");
    assertThatThrownBy(
            () ->
                new HevcConfig(
                    0, 0, 1, 1L << 32, 0, 93, 0, 0, 1, 8, 8, 0, 0, 1, true, 4, List.of(), List.of(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new HevcConfig(
                    0, 0, 1, 0, 0, 93, 0, 0, 1, 8, 8, 0, 0, 8, true, 4, List.of(), List.of(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nalTypesAndKeyframes() {
    assertThat(H265.nalType(0x40)).isEqualTo(H265.VPS);
    assertThat(H265.nalType(0x42)).isEqualTo(H265.SPS);
    assertThat(H265.nalType(0x44)).isEqualTo(H265.PPS);
    assertThat(H265.nalType(0x46)).isEqualTo(H265.AUD);
    assertThat(H265.nalType(0x26)).isEqualTo(H265.IDR_W_RADL);
    assertThat(H265.nalType(0x4E)).isEqualTo(H265.SEI_PREFIX);
    assertThat(H265.isIrap(15)).isFalse();
    assertThat(H265.isIrap(16)).isTrue();
    assertThat(H265.isIrap(H265.CRA)).isTrue();
    assertThat(H265.isIrap(23)).isTrue();
    assertThat(H265.isIrap(24)).isFalse();
    assertThat(H265.isKeyframe(Payload.wrap(bytes("00 00 00 03 46 01 50 00 00 00 02 2a 01"))))
        .isTrue(); // AUD, CRA
    assertThat(H265.isKeyframe(Payload.wrap(bytes("00 00 00 02 02 01")))).isFalse(); // TRAIL_R
  }
}
