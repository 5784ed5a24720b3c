package io.arcly.stream.codec;

import static io.arcly.stream.codec.CodecTesting.assertRandomInputFailsCleanly;
import static io.arcly.stream.codec.CodecTesting.assertTruncationsFailCleanly;
import static io.arcly.stream.codec.CodecTesting.bytes;
import static io.arcly.stream.codec.CodecTesting.embedded;
import static io.arcly.stream.codec.CodecTesting.mutationsOf;
import static io.arcly.stream.codec.CodecTesting.randomBytes;
import static io.arcly.stream.codec.CodecTesting.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.codec.Aac.AudioSpecificConfig;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AacTest {
  /** An ffmpeg vector and what ffprobe and ffmpeg's DASH muxer say about it. */
  record Vector(String name, AudioSpecificConfig expected, String plainBytes, String codec) {
    byte[] file(String ext) {
      return vector("aac/" + name + "." + ext);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector(
            "aac_lc_44100_stereo", new AudioSpecificConfig(2, 44100, 2, 4, 2), "1210", "mp4a.40.2"),
        new Vector(
            "aac_lc_48000_mono", new AudioSpecificConfig(2, 48000, 1, 3, 1), "1188", "mp4a.40.2"),
        new Vector(
            "aac_lc_22050_6ch", new AudioSpecificConfig(2, 22050, 6, 7, 6), "13b0", "mp4a.40.2"),
        new Vector(
            "aac_main_32000_mono", new AudioSpecificConfig(1, 32000, 1, 5, 1), "0a88", "mp4a.40.1"),
        new Vector(
            "aac_ltp_16000_stereo",
            new AudioSpecificConfig(4, 16000, 2, 8, 2),
            "2410",
            "mp4a.40.4"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsesFfmpegsAudioSpecificConfig(Vector v) {
    byte[] asc = v.file("asc");
    assertThat(asc).hasSize(5); // the config, then the sync extension 0x2b7 without SBR
    AudioSpecificConfig c = Aac.parse(asc, 0, asc.length);
    assertThat(c).isEqualTo(v.expected);
    assertThat(c.codecString()).isEqualTo(v.codec);
    assertThat(c.sbr()).isFalse();
    assertThat(c.ps()).isFalse();
    assertThat(c.coreSampleRate()).isEqualTo(c.sampleRate());
    assertThat(c.toBytes()).isEqualTo(bytes(v.plainBytes));
    assertThat(Aac.parse(c.toBytes(), 0, 2)).isEqualTo(c);
    assertThat(c.toTrackInfo())
        .isEqualTo(TrackInfo.audio(CodecId.AAC, v.codec, c.sampleRate(), c.channels()));
    assertThat(Aac.parse(Payload.copyOf(asc))).isEqualTo(c);
    assertThat(Aac.parse(embedded(asc), 3, asc.length)).isEqualTo(c);
    assertThat(AudioSpecificConfig.of(c.objectType(), c.sampleRate(), c.channelConfig()))
        .isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void writesTheAdtsHeadersFfmpegWrites(Vector v) {
    byte[] adts = v.file("adts");
    AudioSpecificConfig c = v.expected;
    int frames = 0;
    int pos = 0;
    while (pos < adts.length) {
      assertThat(Aac.fromAdts(adts, pos)).isEqualTo(c);
      assertThat(Aac.adtsHeaderLength(adts, pos)).isEqualTo(7);
      int length = Aac.adtsFrameLength(adts, pos);
      assertThat(Aac.adtsHeader(c, length - 7)).isEqualTo(Arrays.copyOfRange(adts, pos, pos + 7));
      pos += length;
      frames++;
    }
    assertThat(pos).isEqualTo(adts.length);
    assertThat(frames).isGreaterThan(1);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void truncatedConfigsFailWithCodecException(Vector v) {
    byte[] asc = v.file("asc");
    assertThat(assertTruncationsFailCleanly(asc, 2, b -> Aac.parse(b, 0, b.length))).isEqualTo(2);
    byte[] adts = v.file("adts");
    for (int len = 0; len < 7; len++) {
      byte[] prefix = Arrays.copyOf(adts, len);
      assertThatThrownBy(() -> Aac.fromAdts(prefix, 0))
          .isInstanceOf(CodecException.class)
          .hasMessage("adts header truncated");
    }
  }

  private static byte[] asc(Consumer<BitWriter> fields) {
    BitWriter w = new BitWriter();
    fields.accept(w);
    return w.align().toByteArray();
  }

  @Test
  void parsesExplicitHeAacSignalling() {
    // AOT 5, core 24 kHz stereo, extension 48 kHz, AAC LC core: ISO/IEC 14496-3 1.6.2.1
    byte[] he = asc(w -> w.u(5, 5).u(4, 6).u(4, 2).u(4, 3).u(5, 2).u(3, 0));
    assertThat(he).isEqualTo(bytes("2b 11 88 00"));
    AudioSpecificConfig c = Aac.parse(he, 0, he.length);
    assertThat(c).isEqualTo(new AudioSpecificConfig(5, 48000, 2, 6, 2));
    assertThat(c.codecString()).isEqualTo("mp4a.40.5");
    assertThat(c.sbr()).isTrue();
    assertThat(c.ps()).isFalse();
    assertThat(c.coreSampleRate()).isEqualTo(24000);
    assertThat(c.toBytes()).isEqualTo(he);
    // ADTS carries HE-AAC as its AAC LC core (implicit signalling).
    assertThat(Aac.fromAdts(Aac.adtsHeader(c, 100), 0))
        .isEqualTo(new AudioSpecificConfig(2, 24000, 2, 6, 2));
  }

  @Test
  void parsesExplicitHeAacV2Signalling() {
    byte[] v2 = asc(w -> w.u(5, 29).u(4, 6).u(4, 1).u(4, 3).u(5, 2).u(3, 0));
    AudioSpecificConfig c = Aac.parse(v2, 0, v2.length);
    assertThat(c).isEqualTo(new AudioSpecificConfig(29, 48000, 2, 6, 1));
    assertThat(c.codecString()).isEqualTo("mp4a.40.29");
    assertThat(c.ps()).isTrue();
    assertThat(c.toBytes()).isEqualTo(v2);
  }

  @Test
  void parsesBackwardCompatibleSbrAndPsSignalling() {
    byte[] sbr =
        asc(w -> w.u(5, 2).u(4, 7).u(4, 1).u(3, 0).u(11, 0x2B7).u(5, 5).flag(true).u(4, 4));
    assertThat(Aac.parse(sbr, 0, sbr.length)).isEqualTo(new AudioSpecificConfig(5, 44100, 1, 7, 1));
    byte[] ps =
        asc(
            w ->
                w.u(5, 2)
                    .u(4, 7)
                    .u(4, 1)
                    .u(3, 0)
                    .u(11, 0x2B7)
                    .u(5, 5)
                    .flag(true)
                    .u(4, 4)
                    .u(11, 0x548)
                    .flag(true));
    assertThat(Aac.parse(ps, 0, ps.length)).isEqualTo(new AudioSpecificConfig(29, 44100, 2, 7, 1));
    // An extension cut short leaves the plain configuration.
    assertThat(Aac.parse(sbr, 0, 4)).isEqualTo(new AudioSpecificConfig(2, 22050, 1, 7, 1));
  }

  @Test
  void parsesEscapedObjectTypesAndWrittenOutRates() {
    byte[] usac = asc(w -> w.u(5, 31).u(6, 10).u(4, 3).u(4, 2));
    AudioSpecificConfig c = Aac.parse(usac, 0, usac.length);
    assertThat(c).isEqualTo(new AudioSpecificConfig(42, 48000, 2, 3, 2));
    assertThat(c.codecString()).isEqualTo("mp4a.40.42");
    assertThatThrownBy(c::toBytes)
        .isInstanceOf(CodecException.class)
        .hasMessage("aac object type 42 cannot be encoded");
    assertThatThrownBy(() -> Aac.adtsHeader(c, 10))
        .isInstanceOf(CodecException.class)
        .hasMessage("adts cannot carry object type 42");
    byte[] odd = asc(w -> w.u(5, 2).u(4, 15).u(24, 12345).u(4, 1).u(3, 0));
    AudioSpecificConfig o = Aac.parse(odd, 0, odd.length);
    assertThat(o).isEqualTo(new AudioSpecificConfig(2, 12345, 1, 15, 1));
    assertThat(o.toBytes()).isEqualTo(odd);
    assertThat(AudioSpecificConfig.of(2, 12345, 1)).isEqualTo(o);
    assertThatThrownBy(() -> Aac.adtsHeader(o, 10))
        .hasMessage("adts cannot carry a written-out sampling frequency");
    // HE-AAC with both rates written out: 20 kHz core, 40 kHz output.
    byte[] heOdd =
        asc(w -> w.u(5, 5).u(4, 15).u(24, 20000).u(4, 2).u(4, 15).u(24, 40000).u(5, 2).u(3, 0));
    AudioSpecificConfig h = Aac.parse(heOdd, 0, heOdd.length);
    assertThat(h).isEqualTo(new AudioSpecificConfig(5, 40000, 2, 15, 2));
    assertThat(h.coreSampleRate()).isEqualTo(20000);
    assertThat(h.toBytes()).isEqualTo(heOdd);
  }

  @Test
  void countsChannelsOfAProgramConfigElement() {
    // channelConfiguration 0: a PCE with one front SCE and one front CPE, one back CPE and one LFE,
    // then a 2-byte comment; byte_alignment is relative to the start of the config.
    byte[] pce =
        asc(
            w -> {
              w.u(5, 2).u(4, 3).u(4, 0).u(3, 0);
              w.u(4, 0).u(2, 1).u(4, 3); // element_instance_tag, object_type, frequency index
              w.u(4, 2).u(4, 0).u(4, 1).u(2, 1).u(3, 0).u(4, 0); // front, side, back, lfe, ...
              w.flag(false).flag(false).flag(true).u(3, 0); // matrix mixdown
              w.flag(false).u(4, 0).flag(true).u(4, 1); // front SCE, front CPE
              w.flag(true).u(4, 2); // back CPE
              w.u(4, 0); // LFE tag
              w.align().u(8, 2).u(16, 0x6869); // comment "hi"
            });
    AudioSpecificConfig c = Aac.parse(pce, 0, pce.length);
    assertThat(c).isEqualTo(new AudioSpecificConfig(2, 48000, 6, 3, 0));
    assertThatThrownBy(c::toBytes)
        .isInstanceOf(CodecException.class)
        .hasMessage("aac channel configuration 0 cannot be encoded");
  }

  @Test
  void mapsChannelConfigurationsOfTable1_19() {
    int[] expected = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8};
    for (int cfg = 1; cfg < expected.length; cfg++) {
      int config = cfg;
      byte[] b = asc(w -> w.u(5, 2).u(4, 4).u(4, config).u(3, 0));
      assertThat(Aac.parse(b, 0, b.length).channels())
          .as("config %d", cfg)
          .isEqualTo(expected[cfg]);
    }
  }

  @Test
  void rejectsMalformedDataWithStableMessages() {
    assertThatThrownBy(() -> Aac.parse(bytes("12"), 0, 1))
        .isInstanceOf(CodecException.class)
        .hasMessage("aac audio specific config truncated");
    assertThatThrownBy(() -> Aac.parse(bytes("16 90"), 0, 2)) // index 13
        .hasMessage("aac audio specific config reserved sampling frequency index");
    assertThatThrownBy(() -> Aac.parse(bytes("00 10"), 0, 2))
        .hasMessage("aac audio specific config object type 0 is null");
    assertThatThrownBy(() -> Aac.fromAdts(bytes("ff f1 50 80 2b 3f fc"), 1))
        .hasMessage("adts header truncated");
    assertThatThrownBy(() -> Aac.fromAdts(bytes("ff f7 50 80 2b 3f fc"), 0))
        .hasMessage("adts sync word missing");
    assertThatThrownBy(() -> Aac.fromAdts(bytes("ff f1 74 80 2b 3f fc"), 0))
        .hasMessage("adts reserved sampling frequency index");
    assertThat(Aac.adtsHeaderLength(bytes("ff f0 50 80 2b 3f fc"), 0)).isEqualTo(9);
    AudioSpecificConfig lc = new AudioSpecificConfig(2, 44100, 2, 4, 2);
    assertThatThrownBy(() -> Aac.adtsHeader(lc, 8185)).hasMessage("adts frame length out of range");
    assertThat(Aac.adtsFrameLength(Aac.adtsHeader(lc, 8184), 0)).isEqualTo(8191);
    assertThatThrownBy(() -> Aac.adtsHeader(new AudioSpecificConfig(2, 44100, 8, 4, 11), 1))
        .hasMessage("adts cannot carry channel configuration 11");
    assertThatThrownBy(() -> Aac.sampleRate(13)).isInstanceOf(CodecException.class);
    assertThat(Aac.sampleRate(11)).isEqualTo(8000);
    assertThat(Aac.frequencyIndex(7350)).isEqualTo(12);
    assertThat(Aac.frequencyIndex(7351)).isEqualTo(15);
    assertThatThrownBy(() -> new AudioSpecificConfig(0, 44100, 2, 4, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomAndMutatedInputFailsOnlyWithCodecException() {
    int parsed =
        assertRandomInputFailsCleanly(
            51,
            50_000,
            randomBytes(16),
            b -> {
              AudioSpecificConfig c = Aac.parse(b, 0, b.length);
              try {
                assertThat(Aac.parse(c.toBytes(), 0, c.toBytes().length).objectType())
                    .isEqualTo(c.objectType());
              } catch (CodecException e) {
                // not every parsed config can be written back
              }
              return c;
            });
    assertThat(parsed).isPositive();
    assertRandomInputFailsCleanly(
        52, 20_000, randomBytes(9), b -> Aac.fromAdts(b, b.length > 0 ? b.length % 3 : 0));
    long seed = 53;
    for (Vector v : vectors().toList()) {
      assertRandomInputFailsCleanly(
          seed++, 3000, mutationsOf(v.file("asc")), b -> Aac.parse(b, 0, b.length));
    }
  }
}
