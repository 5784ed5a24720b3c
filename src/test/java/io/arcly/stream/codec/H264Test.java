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

import io.arcly.stream.codec.H264.AvcConfig;
import io.arcly.stream.codec.H264.Sps;
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

class H264Test {
  /** An ffmpeg vector and what ffprobe (and ffmpeg's DASH muxer) say about it. */
  record Vector(
      String name,
      int width,
      int height,
      int profile,
      int constraints,
      int level,
      int chroma,
      int bitDepth,
      String codec) {

    byte[] file(String ext) {
      return vector("h264/" + name + "." + ext);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector("h264_high_1280x720", 1280, 720, 100, 0x00, 31, 1, 8, "avc1.64001f"),
        new Vector("h264_baseline_640x360", 640, 360, 66, 0xC0, 30, 1, 8, "avc1.42c01e"),
        new Vector("h264_main_1920x1080", 1920, 1080, 77, 0x40, 40, 1, 8, "avc1.4d4028"),
        new Vector("h264_main_nob_176x144", 176, 144, 77, 0x40, 11, 1, 8, "avc1.4d400b"),
        new Vector("h264_high422_10bit_320x240", 320, 240, 122, 0, 13, 2, 10, "avc1.7a000d"),
        new Vector(
            "h264_high10_interlaced_1920x1080", 1920, 1080, 110, 0, 40, 1, 10, "avc1.6e0028"),
        new Vector("h264_high444_352x288", 352, 288, 244, 0, 13, 3, 8, "avc1.f4000d"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesTheSpsAsFfprobeDescribesIt(Vector v) {
    byte[] nal = v.file("sps");
    Sps sps = H264.parseSps(nal, 0, nal.length);
    assertThat(sps)
        .isEqualTo(
            new Sps(v.profile, v.constraints, v.level, v.width, v.height, v.chroma, v.bitDepth));
    assertThat(sps.codecString()).isEqualTo(v.codec);
    byte[] around = embedded(nal);
    assertThat(H264.parseSps(around, 3, nal.length)).isEqualTo(sps);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesFfmpegsAvcC(Vector v) {
    byte[] record = v.file("avcc");
    AvcConfig c = H264.parseAvcC(record, 0, record.length);
    assertThat(c.profile()).isEqualTo(v.profile);
    assertThat(c.compatibility()).isEqualTo(v.constraints);
    assertThat(c.level()).isEqualTo(v.level);
    assertThat(c.nalLengthSize()).isEqualTo(4);
    assertThat(c.sps()).singleElement().isEqualTo(v.file("sps"));
    assertThat(c.pps()).singleElement().isEqualTo(v.file("pps"));
    assertThat(c.codecString()).isEqualTo(v.codec);
    assertThat(c.toTrackInfo())
        .isEqualTo(TrackInfo.video(CodecId.H264, v.codec, v.width, v.height));
    assertThat(H264.parseAvcC(Payload.copyOf(record))).isEqualTo(c);
    byte[] around = embedded(record);
    assertThat(H264.parseAvcC(around, 3, record.length)).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void buildsTheSameRecordAsFfmpegFromParameterSets(Vector v) {
    AvcConfig built = H264.fromParameterSets(List.of(v.file("sps")), List.of(v.file("pps")));
    assertThat(built.toRecord()).isEqualTo(v.file("avcc"));
    byte[] record = v.file("avcc");
    AvcConfig parsed = H264.parseAvcC(record, 0, record.length);
    assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(parsed.toRecord()).isEqualTo(record);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void toleratesAMissingOrBrokenHighProfileExtension(Vector v) {
    byte[] record = v.file("avcc");
    AvcConfig c = H264.parseAvcC(record, 0, record.length);
    int core = 6 + 2 + v.file("sps").length + 1 + 2 + v.file("pps").length;
    assertThat(record.length).isIn(core, core + 4);
    assertThat(H264.parseAvcC(record, 0, core)).isEqualTo(c);
    byte[] junk = Arrays.copyOf(record, record.length + 3);
    assertThat(H264.parseAvcC(junk, 0, junk.length)).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void truncatedParameterSetsAndRecordsFailWithCodecException(Vector v) {
    byte[] nal = v.file("sps");
    Sps full = H264.parseSps(nal, 0, nal.length);
    assertTruncationsFailCleanly(
        nal,
        1,
        b -> {
          assertThat(H264.parseSps(b, 0, b.length)).isEqualTo(full);
          return null;
        });
    byte[] record = v.file("avcc");
    int core = 6 + 2 + nal.length + 1 + 2 + v.file("pps").length;
    int rejected = assertTruncationsFailCleanly(record, core, b -> H264.parseAvcC(b, 0, b.length));
    assertThat(rejected).isEqualTo(core);
  }

  @Test
  void handMadeSpsWithScalingListsParses() {
    byte[] nal = vector("h264/h264_scaling_high_1280x720.sps");
    assertThat(H264.parseSps(nal, 0, nal.length)).isEqualTo(new Sps(100, 0, 31, 1280, 720, 1, 8));
    byte[] x264 = vector("h264/h264_high_1280x720.sps");
    assertThat(H264.parseSps(nal, 0, nal.length).codecString())
        .isEqualTo(H264.parseSps(x264, 0, x264.length).codecString());
  }

  @Test
  void handMadeSpsWithTwelveScalingListsAndSeparateColourPlanesParses() {
    byte[] nal = vector("h264/h264_scaling_high444_352x288.sps");
    Sps sps = H264.parseSps(nal, 0, nal.length);
    // ChromaArrayType 0: CropUnitX is 1, so cropping 16 columns of 368 leaves 352.
    assertThat(sps).isEqualTo(new Sps(244, 0, 30, 352, 288, 3, 10));
    assertThat(sps.codecString()).isEqualTo("avc1.f4001e");
  }

  @Test
  void handMadeSpsWithPocType1AndEmulationPreventionParses() {
    byte[] nal = vector("h264/h264_poc1_mbaff_720x568.sps");
    assertThat(CodecTesting.hex(nal)).contains("000003");
    Sps sps = H264.parseSps(nal, 0, nal.length);
    // 18 map units of field pairs: 576 rows; CropUnitY 4 with frame_mbs_only_flag 0: 568.
    assertThat(sps).isEqualTo(new Sps(77, 0x40, 30, 720, 568, 1, 8));
    assertThat(sps.codecString()).isEqualTo("avc1.4d401e");
  }

  @Test
  void cropsTheField1088ToTheFrame1080() {
    byte[] nal = vector("h264/h264_high10_interlaced_1920x1080.sps");
    // 34 field map units, frame_mbs_only_flag 0: 68 macroblock rows, 1088; crop 2 x CropUnitY 4.
    assertThat(H264.parseSps(nal, 0, nal.length).height()).isEqualTo(1080);
  }

  /** A minimal baseline SPS RBSP writer for edge cases. */
  private static byte[] sps(int profile, java.util.function.Consumer<BitWriter> afterLevel) {
    BitWriter w = new BitWriter().u(8, 0x67).u(8, profile).u(8, 0).u(8, 30);
    afterLevel.accept(w);
    byte[] rbsp = w.trailingBits().toByteArray();
    byte[] out = Nal.escape(rbsp, 1, rbsp.length - 1);
    byte[] nal = new byte[out.length + 1];
    nal[0] = 0x67;
    System.arraycopy(out, 0, nal, 1, out.length);
    return nal;
  }

  private static void tail(
      BitWriter w, int widthMbs, int mapUnits, boolean frameOnly, int... crop) {
    w.ue(0).ue(2).ue(1).flag(false).ue(widthMbs - 1).ue(mapUnits - 1).flag(frameOnly);
    if (!frameOnly) {
      w.flag(false);
    }
    w.flag(true).flag(crop.length > 0);
    for (int c : crop) {
      w.ue(c);
    }
    w.flag(false);
  }

  @Test
  void monochromeCroppingUsesLumaUnits() {
    byte[] nal =
        sps(
            100,
            w -> {
              w.ue(0).ue(0).ue(2).ue(4).flag(false).flag(false); // 4:0:0, 10-bit luma, 12 chroma
              tail(w, 4, 3, false, 1, 2, 3, 0);
            });
    // ChromaArrayType 0: CropUnitX 1, CropUnitY 2 (fields): 64 - 3 = 61, 96 - 6 = 90.
    assertThat(H264.parseSps(nal, 0, nal.length)).isEqualTo(new Sps(100, 0, 30, 61, 90, 0, 10));
  }

  @Test
  void fourTwoTwoCroppingHalvesOnlyWidth() {
    byte[] nal =
        sps(
            122,
            w -> {
              w.ue(0).ue(2).ue(0).ue(0).flag(false).flag(false);
              tail(w, 2, 2, true, 1, 1, 1, 1);
            });
    assertThat(H264.parseSps(nal, 0, nal.length)).isEqualTo(new Sps(122, 0, 30, 28, 30, 2, 8));
  }

  @Test
  void rejectsOutOfRangeValuesWithStableMessages() {
    byte[] chroma = sps(100, w -> w.ue(0).ue(4));
    assertThatThrownBy(() -> H264.parseSps(chroma, 0, chroma.length))
        .isInstanceOf(CodecException.class)
        .hasMessage("h264 sps chroma_format_idc out of range");
    byte[] crop = sps(66, w -> tail(w.ue(0), 1, 1, true, 4, 4, 0, 0));
    assertThatThrownBy(() -> H264.parseSps(crop, 0, crop.length))
        .hasMessage("h264 sps frame cropping out of range");
    byte[] huge = sps(66, w -> tail(w.ue(0), 5000, 1, true));
    assertThatThrownBy(() -> H264.parseSps(huge, 0, huge.length))
        .hasMessage("h264 sps picture size out of range");
    byte[] poc = sps(66, w -> w.ue(0).ue(0).ue(3));
    assertThatThrownBy(() -> H264.parseSps(poc, 0, poc.length))
        .hasMessage("h264 sps pic_order_cnt_type out of range");
    byte[] delta =
        sps(100, w -> w.ue(0).ue(1).ue(0).ue(0).flag(false).flag(true).flag(true).se(200));
    assertThatThrownBy(() -> H264.parseSps(delta, 0, delta.length))
        .hasMessage("h264 sps delta_scale out of range");
    byte[] pps = vector("h264/h264_high_1280x720.pps");
    assertThatThrownBy(() -> H264.parseSps(pps, 0, pps.length))
        .hasMessage("h264 nal unit is not an sps");
    assertThatThrownBy(() -> H264.parseSps(new byte[0], 0, 0)).hasMessage("h264 sps truncated");
    byte[] ue = bytes("67 64 00 1f 00 00 00 00 00 00");
    assertThatThrownBy(() -> H264.parseSps(ue, 0, ue.length))
        .hasMessage("h264 sps exp-golomb value out of range");
  }

  @Test
  void rejectsBadRecordsWithStableMessages() {
    assertThatThrownBy(() -> H264.parseAvcC(bytes("01 64 00 1f ff e0"), 0, 6))
        .isInstanceOf(CodecException.class)
        .hasMessage("avcc record too short");
    assertThatThrownBy(() -> H264.parseAvcC(bytes("00 64 00 1f ff e0 00"), 0, 7))
        .hasMessage("avcc unsupported version");
    assertThatThrownBy(() -> H264.parseAvcC(bytes("01 64 00 1f ff e1 00 05 67 64"), 0, 10))
        .hasMessage("avcc record truncated");
    assertThatThrownBy(() -> H264.parseAvcC(bytes("01 64 00 1f ff e1 00 01 67"), 0, 9))
        .hasMessage("avcc record truncated");
    AvcConfig empty = H264.parseAvcC(bytes("01 42 c0 1e fd e0 00"), 0, 7);
    assertThat(empty.nalLengthSize()).isEqualTo(2);
    assertThat(empty.sps()).isEmpty();
    assertThat(empty.toTrackInfo().width()).isZero();
    assertThat(empty.toRecord()).isEqualTo(bytes("01 42 c0 1e fd e0 00"));
    assertThatThrownBy(() -> H264.fromParameterSets(List.of(), List.of()))
        .hasMessage("h264 no sps");
  }

  @Test
  void randomAndMutatedInputFailsOnlyWithCodecException() {
    int parsed =
        assertRandomInputFailsCleanly(
            1, 20_000, randomBytesAfter(40, (byte) 0x67), b -> H264.parseSps(b, 0, b.length));
    assertThat(parsed).isPositive();
    assertRandomInputFailsCleanly(
        2, 20_000, randomBytesAfter(60, (byte) 1), b -> H264.parseAvcC(b, 0, b.length));
    long seed = 3;
    for (Vector v : vectors().toList()) {
      assertRandomInputFailsCleanly(
          seed++, 3000, mutationsOf(v.file("sps")), b -> H264.parseSps(b, 0, b.length));
      assertRandomInputFailsCleanly(
          seed++,
          3000,
          mutationsOf(v.file("avcc")),
          b -> {
            AvcConfig c = H264.parseAvcC(b, 0, b.length);
            c.toRecord();
            return c.toTrackInfo();
          });
    }
  }

  @Test
  void recordIsAValueWithPrivateCopies() {
    byte[] sps = vector("h264/h264_main_1920x1080.sps");
    byte[] pps = vector("h264/h264_main_1920x1080.pps");
    List<byte[]> list = new ArrayList<>(List.of(sps));
    AvcConfig c = new AvcConfig(77, 0x40, 40, 4, list, List.of(pps));
    list.clear();
    sps[5] ^= 1;
    assertThat(c.sps()).hasSize(1);
    assertThat(c.sps().get(0)).isNotEqualTo(sps);
    assertThatThrownBy(() -> c.sps().add(pps)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(c.toString()).contains("sps=[26 bytes]", "pps=[5 bytes]");
    assertThat(c).isNotEqualTo(new AvcConfig(77, 0x40, 40, 2, c.sps(), c.pps()));
    assertThatThrownBy(() -> new AvcConfig(77, 0x40, 40, 5, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AvcConfig(256, 0, 40, 4, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordLimitsAreEnforcedWhenEncoding() {
    byte[] sps = vector("h264/h264_main_1920x1080.sps");
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      many.add(sps);
    }
    assertThatThrownBy(() -> new AvcConfig(77, 0x40, 40, 4, many, List.of()).toRecord())
        .isInstanceOf(CodecException.class)
        .hasMessage("avcc too many parameter sets");
    byte[] big = new byte[70_000];
    big[0] = 0x68;
    assertThatThrownBy(() -> new AvcConfig(77, 0x40, 40, 4, List.of(sps), List.of(big)).toRecord())
        .hasMessage("avcc parameter set too long");
    // A high-profile record whose SPS does not parse is written without the extension.
    AvcConfig broken = new AvcConfig(100, 0, 31, 4, List.of(bytes("67 64")), List.of());
    assertThat(broken.toRecord()).isEqualTo(bytes("01 64 00 1f ff e1 00 02 67 64 00"));
  }

  @Test
  void nalTypesAndKeyframes() {
    assertThat(H264.nalType(0x67)).isEqualTo(H264.SPS);
    assertThat(H264.nalType(0x68)).isEqualTo(H264.PPS);
    assertThat(H264.nalType(0x65)).isEqualTo(H264.IDR);
    assertThat(H264.nalType(0x06)).isEqualTo(H264.SEI);
    assertThat(H264.nalType(0x09)).isEqualTo(H264.AUD);
    assertThat(H264.nalType(0x41)).isEqualTo(H264.NON_IDR);
    byte[] annexB = vector("h264/h264_main_nob_176x144.h264");
    Payload au = Payload.wrap(NalUnits.annexBToLengthPrefixed(annexB, 0, annexB.length));
    assertThat(H264.isKeyframe(au)).isTrue();
    assertThat(H264.isKeyframe(Payload.wrap(bytes("00 00 00 02 41 9a 00 00 00 01 09")))).isFalse();
    assertThatThrownBy(() -> H264.isKeyframe(Payload.wrap(bytes("00 00 00 09 41"))))
        .isInstanceOf(CodecException.class);
  }
}
