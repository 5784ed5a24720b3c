package io.arcly.stream.format.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.format.fmp4.Boxes.Box;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Fmp4MuxerTest {
  private static final byte[] AVCC = vector("h264/h264_high_1280x720.avcc");
  private static final byte[] HVCC = vector("h265/h265_main_1280x720.hvcc");
  private static final byte[] AV1C = vector("av1/av1_main_640x360.av1c");
  private static final byte[] ASC = vector("aac/aac_lc_44100_stereo.asc");

  private static final Frame H264_CONFIG = Frame.config(CodecId.H264, 0, Payload.copyOf(AVCC));
  private static final Frame AAC_CONFIG = Frame.config(CodecId.AAC, 0, Payload.copyOf(ASC));

  static byte[] vector(String path) {
    try (InputStream in = Fmp4MuxerTest.class.getResourceAsStream("/vectors/codec/" + path)) {
      if (in == null) {
        throw new AssertionError("missing test vector " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("[\\s_]", ""));
  }

  private static byte[] bytes(Box b) {
    return Arrays.copyOfRange(b.file(), b.offset(), b.offset() + b.size());
  }

  /** An RFC 7845 OpusHead: 2 channels, pre-skip 312, 48 kHz input, gain 0, family 0. */
  private static byte[] opusHead() {
    return hex("4f707573486561640102380180bb00000000_00");
  }

  @Test
  void ftypHasTheDocumentedBrands() {
    Box file = Boxes.parse(new Fmp4Muxer(H264_CONFIG, AAC_CONFIG).init());
    assertThat(file.types()).containsExactly("ftyp", "moov");
    assertThat(bytes(file.get("ftyp")))
        .isEqualTo(
            hex(
                "00000020 66747970" // size 32, 'ftyp'
                    + "69736f36 00000000" // major brand 'iso6', minor version 0
                    + "69736f36 636d6663 69736f6d 6d703431")); // iso6 cmfc isom mp41
  }

  @Test
  void moovHasOneTrakPerTrackAndTrex() {
    Box moov = Boxes.parse(new Fmp4Muxer(H264_CONFIG, AAC_CONFIG).init()).get("moov");
    assertThat(moov.types()).containsExactly("mvhd", "trak", "trak", "mvex");
    for (Box trak : moov.all("trak")) {
      assertThat(trak.types()).containsExactly("tkhd", "mdia");
      assertThat(trak.get("mdia").types()).containsExactly("mdhd", "hdlr", "minf");
      assertThat(trak.get("mdia/minf/stbl").types())
          .containsExactly("stsd", "stts", "stsc", "stsz", "stco");
      for (String empty : new String[] {"stts", "stsc", "stco"}) {
        assertThat(trak.get("mdia/minf/stbl/" + empty).content().getInt(4)).isZero();
      }
      assertThat(trak.get("mdia/minf/stbl/stsz").content().getLong(4)).isZero();
      assertThat(trak.get("mdia/minf/dinf/dref").size()).isEqualTo(28);
    }
    assertThat(moov.get("mvex").all("trex")).hasSize(2);
    ByteBuffer trex = moov.get("mvex").all("trex").get(1).content();
    assertThat(trex.getInt(4)).isEqualTo(2); // track_ID
    assertThat(trex.getInt(8)).isEqualTo(1); // default_sample_description_index
  }

  @Test
  void mvhdKeyFields() {
    Box mvhd = Boxes.parse(new Fmp4Muxer(H264_CONFIG, AAC_CONFIG).init()).get("moov/mvhd");
    ByteBuffer c = mvhd.content();
    assertThat(mvhd.size()).isEqualTo(108);
    assertThat(c.getInt(0)).isZero(); // version 0, flags 0
    assertThat(c.getInt(12)).isEqualTo(1000); // timescale
    assertThat(c.getInt(16)).isZero(); // duration
    assertThat(c.getInt(20)).isEqualTo(0x10000); // rate 1.0
    assertThat(c.getShort(24)).isEqualTo((short) 0x0100); // volume 1.0
    assertThat(c.getInt(36)).isEqualTo(0x10000); // matrix a
    assertThat(c.getInt(68)).isEqualTo(0x40000000); // matrix w
    assertThat(c.getInt(96)).isEqualTo(3); // next_track_ID
  }

  @Test
  void tkhdMdhdAndHdlrOfBothTracks() {
    Box moov = Boxes.parse(new Fmp4Muxer(H264_CONFIG, AAC_CONFIG).init()).get("moov");
    Box video = moov.all("trak").get(0);
    Box audio = moov.all("trak").get(1);
    ByteBuffer tkhd = video.get("tkhd").content();
    assertThat(video.get("tkhd").size()).isEqualTo(92);
    assertThat(tkhd.getInt(0)).isEqualTo(3); // version 0, enabled | in movie
    assertThat(tkhd.getInt(12)).isEqualTo(1); // track_ID
    assertThat(tkhd.getShort(36)).isZero(); // volume
    assertThat(tkhd.getInt(76)).isEqualTo(1280 << 16); // width 16.16
    assertThat(tkhd.getInt(80)).isEqualTo(720 << 16); // height 16.16
    ByteBuffer atkhd = audio.get("tkhd").content();
    assertThat(atkhd.getInt(12)).isEqualTo(2);
    assertThat(atkhd.getShort(36)).isEqualTo((short) 0x0100);
    assertThat(atkhd.getInt(76)).isZero();

    assertThat(video.get("mdia/mdhd").content().getInt(12)).isEqualTo(90_000);
    assertThat(audio.get("mdia/mdhd").content().getInt(12)).isEqualTo(44_100);
    assertThat(video.get("mdia/mdhd").content().getShort(20)).isEqualTo((short) 0x55C4);
    ByteBuffer hdlr = video.get("mdia/hdlr").content();
    hdlr.position(8);
    assertThat(Boxes.fourcc(hdlr)).isEqualTo("vide");
    ByteBuffer ahdlr = audio.get("mdia/hdlr").content();
    ahdlr.position(8);
    assertThat(Boxes.fourcc(ahdlr)).isEqualTo("soun");
    assertThat(video.get("mdia/minf").types()).containsExactly("vmhd", "dinf", "stbl");
    assertThat(audio.get("mdia/minf").types()).containsExactly("smhd", "dinf", "stbl");
  }

  /** The sample entry of the only trak of {@code init}: its bytes after the stsd header. */
  private static ByteBuffer sampleEntry(byte[] init, int trak) {
    Box stsd = Boxes.parse(init).get("moov").all("trak").get(trak).get("mdia/minf/stbl/stsd");
    ByteBuffer c = stsd.content();
    assertThat(c.getInt(4)).isEqualTo(1); // entry_count
    c.position(8);
    return c.slice();
  }

  @Test
  void avc1EntryCarriesSizeAndTheRecord() {
    ByteBuffer e = sampleEntry(new Fmp4Muxer(H264_CONFIG, null).init(), 0);
    e.position(4);
    assertThat(Boxes.fourcc(e)).isEqualTo("avc1");
    assertThat(e.getShort(14)).isEqualTo((short) 1); // data_reference_index
    assertThat(e.getShort(32)).isEqualTo((short) 1280);
    assertThat(e.getShort(34)).isEqualTo((short) 720);
    assertThat(e.getInt(36)).isEqualTo(0x00480000);
    assertThat(e.getShort(48)).isEqualTo((short) 1); // frame_count
    assertThat(e.getShort(82)).isEqualTo((short) 0x18); // depth
    assertThat(e.getShort(84)).isEqualTo((short) -1);
    assertThat(e.getInt(86)).isEqualTo(8 + AVCC.length);
    e.position(90);
    assertThat(Boxes.fourcc(e)).isEqualTo("avcC");
    byte[] record = new byte[AVCC.length];
    e.get(record);
    byte[] expected = AVCC.clone();
    expected[4] |= 3;
    assertThat(record).isEqualTo(expected);
  }

  @Test
  void avcCIsForcedToFourByteLengths() {
    byte[] twoBytes = AVCC.clone();
    twoBytes[4] = (byte) 0xFD;
    Fmp4Muxer m = new Fmp4Muxer(Frame.config(CodecId.H264, 0, Payload.wrap(twoBytes)), null);
    ByteBuffer e = sampleEntry(m.init(), 0);
    assertThat(e.get(90 + 4 + 4) & 0xFF).isEqualTo(0xFF);
  }

  @Test
  void hvc1AndAv01Entries() {
    ByteBuffer h =
        sampleEntry(
            new Fmp4Muxer(Frame.config(CodecId.H265, 0, Payload.wrap(HVCC)), null).init(), 0);
    h.position(4);
    assertThat(Boxes.fourcc(h)).isEqualTo("hvc1");
    assertThat(h.getShort(32)).isEqualTo((short) 1280);
    h.position(90);
    assertThat(Boxes.fourcc(h)).isEqualTo("hvcC");
    assertThat(h.get(94 + 21) & 3).isEqualTo(3);

    ByteBuffer a =
        sampleEntry(
            new Fmp4Muxer(Frame.config(CodecId.AV1, 0, Payload.wrap(AV1C)), null).init(), 0);
    a.position(4);
    assertThat(Boxes.fourcc(a)).isEqualTo("av01");
    assertThat(a.getShort(32)).isEqualTo((short) 640);
    assertThat(a.getShort(34)).isEqualTo((short) 360);
    a.position(90);
    assertThat(Boxes.fourcc(a)).isEqualTo("av1C");
    byte[] record = new byte[AV1C.length];
    a.get(record);
    assertThat(record).isEqualTo(AV1C);
  }

  @Test
  void mp4aEntryWithEsds() {
    ByteBuffer e = sampleEntry(new Fmp4Muxer(null, AAC_CONFIG).init(), 0);
    e.position(4);
    assertThat(Boxes.fourcc(e)).isEqualTo("mp4a");
    assertThat(e.getShort(14)).isEqualTo((short) 1); // data_reference_index
    assertThat(e.getShort(24)).isEqualTo((short) 2); // channelcount
    assertThat(e.getShort(26)).isEqualTo((short) 16); // samplesize
    assertThat(e.getInt(32)).isEqualTo(44_100 << 16); // samplerate 16.16
    byte[] esds = new byte[e.getInt(36)];
    e.position(36);
    e.get(esds);
    assertThat(ASC).hasSize(5);
    assertThat(esds)
        .isEqualTo(
            hex(
                "0000002a 65736473 00000000" // size 42, 'esds', version 0 flags 0
                    + "03 1c 0002 00" // ES_Descriptor, 28 bytes, ES_ID 2, flags 0
                    + "04 14 40 15 000000 00000000 00000000" // DecoderConfig: 0x40, audio
                    + "05 05"
                    + HexFormat.of().formatHex(ASC) // DecoderSpecificInfo: the ASC
                    + "06 01 02")); // SLConfigDescriptor predefined 2
  }

  @Test
  void opusEntryWithDops() {
    Fmp4Muxer m = new Fmp4Muxer(null, Frame.config(CodecId.OPUS, 0, Payload.wrap(opusHead())));
    Box mdhd = Boxes.parse(m.init()).get("moov").all("trak").get(0).get("mdia/mdhd");
    assertThat(mdhd.content().getInt(12)).isEqualTo(48_000);
    ByteBuffer e = sampleEntry(m.init(), 0);
    e.position(4);
    assertThat(Boxes.fourcc(e)).isEqualTo("Opus");
    assertThat(e.getShort(24)).isEqualTo((short) 2);
    assertThat(e.getInt(32)).isEqualTo(48_000 << 16);
    byte[] dops = new byte[e.getInt(36)];
    e.position(36);
    e.get(dops);
    assertThat(dops)
        .isEqualTo(
            hex(
                "00000013 644f7073" // size 19, 'dOps'
                    + "00 02 0138" // version 0, 2 channels, pre-skip 312
                    + "0000bb80 0000 00")); // 48000 Hz input, gain 0, family 0
  }

  @Test
  void opusWithChannelMappingFamily1() {
    byte[] head = hex("4f707573486561640106380180bb000000000104020001020304 05");
    Fmp4Muxer m = new Fmp4Muxer(null, Frame.config(CodecId.OPUS, 0, Payload.wrap(head)));
    ByteBuffer e = sampleEntry(m.init(), 0);
    assertThat(e.getShort(24)).isEqualTo((short) 6);
    byte[] dops = new byte[e.getInt(36)];
    e.position(36);
    e.get(dops);
    assertThat(Arrays.copyOfRange(dops, 18, dops.length)).isEqualTo(hex("01 04 02 000102030405"));
  }

  private static Frame video(long pts, long dts, boolean key, int size, int fill) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) fill);
    return Frame.video(CodecId.H264, pts, dts, key, Payload.wrap(b));
  }

  @Test
  void fragmentLayoutByteByByte() {
    Fmp4Muxer m = new Fmp4Muxer(H264_CONFIG, AAC_CONFIG);
    List<Frame> frames =
        List.of(
            Frame.config(CodecId.H264, 1_000_000, Payload.wrap(AVCC)), // skipped
            video(1_080_000, 1_000_000, true, 10, 0xA1),
            video(1_160_000, 1_040_000, false, 20, 0xB2),
            video(1_040_000, 1_080_000, false, 5, 0xC3));
    byte[] frag = m.fragment(7, frames, Map.of(TrackKind.VIDEO, 1_120_000L));
    Box file = Boxes.parse(frag);
    assertThat(file.types()).containsExactly("moof", "mdat");
    Box moof = file.get("moof");
    assertThat(moof.types()).containsExactly("mfhd", "traf");
    assertThat(bytes(moof.get("mfhd")))
        .isEqualTo(hex("00000010 6d666864 00000000 00000007")); // sequence_number 7
    assertThat(moof.get("traf").types()).containsExactly("tfhd", "tfdt", "trun");
    assertThat(bytes(moof.get("traf/tfhd")))
        .isEqualTo(hex("00000010 74666864 00020000 00000001")); // default-base-is-moof, track 1
    assertThat(bytes(moof.get("traf/tfdt")))
        .isEqualTo(
            hex(
                "00000014 74666474 01000000" // version 1
                    + "00000000 00015f90")); // baseMediaDecodeTime 1 s = 90000
    assertThat(moof.size()).isEqualTo(136);
    assertThat(bytes(moof.get("traf/trun")))
        .isEqualTo(
            hex(
                "00000044 7472756e" // size 68, 'trun'
                    + "01000f01" // version 1; data-offset, duration, size, flags, cto
                    + "00000003" // sample_count 3
                    + "00000090" // data_offset 144 = moof 136 + mdat header 8
                    // sample 1: duration 3600, size 10, sync, cto +7200
                    + "00000e10 0000000a 02000000 00001c20"
                    // sample 2: duration 3600, size 20, non-sync, cto +10800
                    + "00000e10 00000014 01010000 00002a30"
                    // sample 3: duration 3600 (to nextDts), size 5, non-sync, cto -3600
                    + "00000e10 00000005 01010000 fffff1f0"));
    Box mdat = file.get("mdat");
    assertThat(mdat.size()).isEqualTo(8 + 35);
    assertThat(frag[moof.offset() + 144] & 0xFF).isEqualTo(0xA1);
    assertThat(frag[moof.offset() + 144 + 10] & 0xFF).isEqualTo(0xB2);
    assertThat(frag[moof.offset() + 144 + 30] & 0xFF).isEqualTo(0xC3);
    assertThat(frag).hasSize(136 + 8 + 35);
  }

  @Test
  void audioAndVideoDataOffsetsPointAtTheirSamples() {
    Fmp4Muxer m = new Fmp4Muxer(H264_CONFIG, AAC_CONFIG);
    long aacFrame = 1024L * 1_000_000 / 44_100;
    List<Frame> frames =
        List.of(
            Frame.audio(CodecId.AAC, 0, Payload.wrap(new byte[] {0x11, 0x11, 0x11})),
            video(0, 0, true, 4, 0x55),
            Frame.audio(CodecId.AAC, aacFrame, Payload.wrap(new byte[] {0x22})),
            new Frame(TrackKind.DATA, CodecId.AMF0_DATA, 0, 0, 0, Payload.wrap(new byte[9])));
    byte[] frag = m.fragment(1, frames, Map.of());
    Box file = Boxes.parse(frag);
    List<Box> trafs = file.get("moof").all("traf");
    assertThat(trafs).hasSize(2);
    Box moof = file.get("moof");
    ByteBuffer vtrun = trafs.get(0).get("trun").content();
    ByteBuffer atrun = trafs.get(1).get("trun").content();
    assertThat(trafs.get(1).get("tfhd").content().getInt(4)).isEqualTo(2);
    int vOffset = vtrun.getInt(8);
    int aOffset = atrun.getInt(8);
    assertThat(vOffset).isEqualTo(moof.size() + 8);
    assertThat(aOffset).isEqualTo(vOffset + 4);
    assertThat(frag[vOffset]).isEqualTo((byte) 0x55);
    assertThat(frag[aOffset]).isEqualTo((byte) 0x11);
    assertThat(frag[aOffset + 3]).isEqualTo((byte) 0x22);
    // a single video sample without nextDts: the default duration; audio: previous duration
    assertThat(vtrun.getInt(12)).isEqualTo(3000);
    assertThat(atrun.getInt(4)).isEqualTo(2);
    assertThat(atrun.getInt(12)).isEqualTo(1024);
    assertThat(atrun.getInt(28)).isEqualTo(1024);
    assertThat(atrun.getInt(20)).isEqualTo(0x02000000); // audio samples are sync
  }

  @Test
  void singleAacSampleLastsOneFrame() {
    Fmp4Muxer m = new Fmp4Muxer(null, AAC_CONFIG);
    byte[] frag =
        m.fragment(
            3, List.of(Frame.audio(CodecId.AAC, 2_000_000, Payload.wrap(new byte[1]))), null);
    Box traf = Boxes.parse(frag).get("moof/traf");
    assertThat(traf.get("tfhd").content().getInt(4)).isEqualTo(2);
    assertThat(traf.get("tfdt").content().getLong(4)).isEqualTo(88_200);
    assertThat(traf.get("trun").content().getInt(12)).isEqualTo(1024);
  }

  @Test
  void tfdtIsNotRebasedAndIsSixtyFourBits() {
    Fmp4Muxer m = new Fmp4Muxer(H264_CONFIG, null);
    long dts = 100_000L * 1_000_000; // 100000 s: 9e9 ticks, beyond 32 bits
    byte[] frag = m.fragment(1, List.of(video(dts, dts, true, 1, 0)), Map.of());
    assertThat(Boxes.parse(frag).get("moof/traf/tfdt").content().getLong(4))
        .isEqualTo(9_000_000_000L);
  }

  @Test
  void rejectsWhatItCannotCarry() {
    assertThat(Fmp4Muxer.carries(CodecId.H264)).isTrue();
    assertThat(Fmp4Muxer.carries(CodecId.OPUS)).isTrue();
    assertThat(Fmp4Muxer.carries(CodecId.VP8)).isFalse();
    assertThat(Fmp4Muxer.carries(CodecId.MP3)).isFalse();
    assertThatThrownBy(() -> new Fmp4Muxer(null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Fmp4Muxer(Frame.config(CodecId.VP9, 0, Payload.wrap(new byte[4])), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Fmp4Muxer(video(0, 0, true, 8, 0), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Fmp4Muxer(AAC_CONFIG, null))
        .isInstanceOf(IllegalArgumentException.class);
    Fmp4Muxer videoOnly = new Fmp4Muxer(H264_CONFIG, null);
    assertThatThrownBy(
            () ->
                videoOnly.fragment(
                    1, List.of(Frame.audio(CodecId.AAC, 0, Payload.wrap(new byte[1]))), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadFragmentInput() {
    Fmp4Muxer m = new Fmp4Muxer(H264_CONFIG, null);
    assertThatThrownBy(() -> m.fragment(-1, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.fragment(1L << 32, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.fragment(1, List.of(video(0, -40_000, true, 1, 0)), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncatedMapping = hex("4f707573486561640106380180bb00000000010402");
    assertThatThrownBy(
            () ->
                new Fmp4Muxer(null, Frame.config(CodecId.OPUS, 0, Payload.wrap(truncatedMapping))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyFragmentIsMoofWithMfhdAndEmptyMdat() {
    byte[] frag = new Fmp4Muxer(H264_CONFIG, null).fragment(5, List.of(), Map.of());
    assertThat(frag)
        .isEqualTo(hex("00000018 6d6f6f66 00000010 6d666864 00000000 00000005 00000008 6d646174"));
  }

  @Test
  void boxWriterPatchesSizes() {
    BoxWriter w = new BoxWriter(1);
    int outer = w.start("abcd");
    int inner = w.startFull("efgh", 1, 0x000203);
    w.u64(0x0102030405060708L);
    w.end(inner);
    w.u24(0x0A0B0C);
    w.end(outer);
    assertThat(w.toByteArray())
        .isEqualTo(hex("0000001f 61626364 00000014 65666768 01000203 0102030405060708 0a0b0c"));
  }
}
