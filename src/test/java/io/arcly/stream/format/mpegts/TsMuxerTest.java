package io.arcly.stream.format.mpegts;

import static io.arcly.stream.format.mpegts.TsTestReader.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.format.mpegts.TsTestReader.Packet;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TsMuxerTest {
  static final byte[] SPS = hex("67 42 00 1E AB 40");
  static final byte[] PPS = hex("68 CE 3C 80");
  static final byte[] VPS = hex("40 01 0C 01");
  static final byte[] HSPS = hex("42 01 01 01");
  static final byte[] HPPS = hex("44 01 C1 72");

  static Frame avcConfig() {
    byte[] rec = new H264.AvcConfig(66, 0, 30, 4, List.of(SPS), List.of(PPS)).toRecord();
    return Frame.config(CodecId.H264, 0, Payload.wrap(rec));
  }

  static Frame hevcConfig() {
    byte[] rec =
        new H265.HevcConfig(
                0,
                0,
                1,
                0x60000000L,
                0,
                93,
                0,
                0,
                1,
                8,
                8,
                0,
                0,
                1,
                true,
                4,
                List.of(VPS),
                List.of(HSPS),
                List.of(HPPS))
            .toRecord();
    return Frame.config(CodecId.H265, 0, Payload.wrap(rec));
  }

  static Frame aacConfig() {
    // AudioSpecificConfig 12 10: AAC LC (2), 44100 Hz (index 4), stereo (2)
    return Frame.config(CodecId.AAC, 0, Payload.wrap(hex("12 10")));
  }

  static Frame mp3Config() {
    return Frame.config(CodecId.MP3, 0, Payload.EMPTY);
  }

  /** Length-prefixed access unit from NAL units. */
  static Payload au(byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] n : nals) {
      out.write(n.length >>> 24);
      out.write(n.length >>> 16);
      out.write(n.length >>> 8);
      out.write(n.length);
      out.writeBytes(n);
    }
    return Payload.wrap(out.toByteArray());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] packet(byte[] ts, int index) {
    return Arrays.copyOfRange(ts, index * 188, index * 188 + 188);
  }

  static byte[] stuffed(byte[] head) {
    byte[] p = new byte[188];
    Arrays.fill(p, (byte) 0xFF);
    System.arraycopy(head, 0, p, 0, head.length);
    return p;
  }

  @Test
  void patIsTheCommonProgramOneTable() {
    byte[] ts = new TsMuxer(avcConfig(), aacConfig()).segment(List.of());
    byte[] expected =
        stuffed(
            hex(
                "47 40 00 10" // sync, PUSI + PID 0, payload only, CC 0
                    + " 00" // pointer_field
                    + " 00 B0 0D" // table_id 0, section_syntax_indicator, section_length 13
                    + " 00 01" // transport_stream_id 1
                    + " C1 00 00" // version 0, current_next, section 0 of 0
                    + " 00 01 F0 00" // program 1 -> PMT PID 0x1000
                    + " 2A B1 04 B2")); // CRC-32/MPEG-2
    assertThat(packet(ts, 0)).isEqualTo(expected);
    assertThat(ts).hasSize(2 * 188);
  }

  @Test
  void pmtForH264AndAacByteByByte() {
    byte[] ts = new TsMuxer(avcConfig(), aacConfig()).segment(List.of());
    byte[] expected =
        stuffed(
            hex(
                "47 50 00 10" // sync, PUSI + PID 0x1000, payload only, CC 0
                    + " 00" // pointer_field
                    + " 02 B0 17" // table_id 2, section_length 23
                    + " 00 01" // program_number 1
                    + " C1 00 00" // version 0, current_next, section 0 of 0
                    + " E1 00" // PCR_PID 0x100 (video)
                    + " F0 00" // program_info_length 0
                    + " 1B E1 00 F0 00" // H.264 on PID 0x100, no descriptors
                    + " 0F E1 01 F0 00" // AAC ADTS on PID 0x101, no descriptors
                    + " 2F 44 B9 9B")); // CRC-32/MPEG-2 (same as ffmpeg writes)
    assertThat(packet(ts, 1)).isEqualTo(expected);
  }

  @Test
  void crcMatchesAnIndependentBitwiseCrc() {
    byte[] pat = hex("00 B0 0D 00 01 C1 00 00 00 01 F0 00");
    assertThat(Crc32Mpeg.compute(pat, 0, pat.length)).isEqualTo(0x2AB104B2);
    assertThat(TsTestReader.bitwiseCrc(pat, 0, pat.length)).isEqualTo(0x2AB104B2);
    byte[] random = new byte[1000];
    new java.util.Random(7).nextBytes(random);
    assertThat(Crc32Mpeg.compute(random, 3, 990))
        .isEqualTo(TsTestReader.bitwiseCrc(random, 3, 990));
    // a section followed by its own CRC checks to 0
    byte[] withCrc = hex("00 B0 0D 00 01 C1 00 00 00 01 F0 00 2A B1 04 B2");
    assertThat(Crc32Mpeg.compute(withCrc, 0, withCrc.length)).isZero();
  }

  record PmtCase(String name, Frame video, Frame audio, int pcrPid, String streams) {}

  static Stream<PmtCase> pmtCases() {
    return Stream.of(
        new PmtCase("h265+aac", hevcConfig(), aacConfig(), 0x100, "24 E1 00 F0 00 0F E1 01 F0 00"),
        new PmtCase("h264 only", avcConfig(), null, 0x100, "1B E1 00 F0 00"),
        new PmtCase("aac only: PCR on audio", null, aacConfig(), 0x101, "0F E1 01 F0 00"),
        new PmtCase("h264+mp3", avcConfig(), mp3Config(), 0x100, "1B E1 00 F0 00 03 E1 01 F0 00"));
  }

  @ParameterizedTest
  @MethodSource("pmtCases")
  void pmtVariants(PmtCase c) {
    byte[] pmt = packet(new TsMuxer(c.video(), c.audio()).segment(List.of()), 1);
    byte[] streams = hex(c.streams());
    int sectionLength = 9 + streams.length + 4;
    assertThat(pmt[7] & 0xFF).isEqualTo(sectionLength);
    assertThat(((pmt[13] & 0x1F) << 8) | (pmt[14] & 0xFF)).isEqualTo(c.pcrPid());
    assertThat(Arrays.copyOfRange(pmt, 17, 17 + streams.length)).isEqualTo(streams);
    int crcAt = 5 + 3 + sectionLength - 4;
    int crc = TsTestReader.bitwiseCrc(pmt, 5, crcAt - 5);
    assertThat(Arrays.copyOfRange(pmt, crcAt, crcAt + 4))
        .isEqualTo(
            new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
  }

  @Test
  void pmtVersionIncreasesWhenTheStreamsChange() {
    TsMuxer m = new TsMuxer(avcConfig(), null);
    assertThat(packet(m.segment(List.of()), 1)[10] & 0xFF).isEqualTo(0xC1); // version 0
    m.updateConfig(aacConfig());
    assertThat(packet(m.segment(List.of()), 1)[10] & 0xFF).isEqualTo(0xC3); // version 1
    assertThat(packet(m.segment(List.of()), 1)[10] & 0xFF).isEqualTo(0xC3); // unchanged
  }

  record TsCase(String name, long ts90, int prefix, String bytes) {}

  static Stream<TsCase> timestampCases() {
    return Stream.of(
        // '0010' PTS alone, 90000 = 1 s: 0x0_0001_5F90 -> bits 32..30 = 0, 29..15 = 2, 14..0 =
        // 0x5F90
        new TsCase("pts 1s", 90_000, 0b0010, "21 00 05 BF 21"),
        // '0011' PTS before a DTS, 180000 = 2 s
        new TsCase("pts 2s", 180_000, 0b0011, "31 00 0B 7E 41"),
        // '0001' DTS
        new TsCase("dts 1s", 90_000, 0b0001, "11 00 05 BF 21"),
        // all 33 bits set: top 3 bits in bits 3..1 of the first byte
        new TsCase("max", (1L << 33) - 1, 0b0010, "2F FF FF FF FF"),
        // wraps to 33 bits
        new TsCase("wrap", (1L << 33) + 90_000, 0b0010, "21 00 05 BF 21"),
        new TsCase("negative", -1, 0b0010, "2F FF FF FF FF"));
  }

  @ParameterizedTest
  @MethodSource("timestampCases")
  void timestampEncoding(TsCase c) {
    byte[] b = new byte[5];
    assertThat(TsPackets.writeTimestamp(b, 0, c.prefix(), c.ts90())).isEqualTo(5);
    assertThat(b).isEqualTo(hex(c.bytes()));
  }

  @Test
  void audioPesHeaderHasPtsOnlyAndItsLength() {
    TsMuxer m = new TsMuxer(avcConfig(), aacConfig());
    byte[] raw = {1, 2, 3, 4, 5};
    byte[] ts = m.segment(List.of(Frame.audio(CodecId.AAC, 1_000_000, Payload.wrap(raw))));
    byte[] pes = TsTestReader.units(ts).get(TsMuxer.AUDIO_PID).get(0);
    byte[] adts = Aac.adtsHeader(Aac.parse(aacConfig().payload()), raw.length);
    byte[] expected =
        concat(
            hex(
                "00 00 01 C0" // start code, audio stream 0
                    + " 00 14" // PES_packet_length 3 + 5 + 12
                    + " 84 80 05" // data_alignment, PTS only, 5 header bytes
                    + " 21 00 05 BF 21"), // PTS 90000 with '0010'
            adts,
            raw);
    assertThat(pes).isEqualTo(expected);
    assertThat(adts).hasSize(7);
  }

  @Test
  void videoPesHeaderHasPtsAndDtsAndUnboundedLength() {
    TsMuxer m = new TsMuxer(avcConfig(), null);
    byte[] slice = hex("41 9A 00 11");
    byte[] ts =
        m.segment(List.of(Frame.video(CodecId.H264, 2_000_000, 1_000_000, false, au(slice))));
    byte[] pes = TsTestReader.units(ts).get(TsMuxer.VIDEO_PID).get(0);
    byte[] expected =
        hex(
            "00 00 01 E0 00 00" // video stream 0, PES_packet_length 0 (unbounded)
                + " 84 C0 0A" // data_alignment, PTS and DTS, 10 header bytes
                + " 31 00 0B 7E 41" // PTS 180000 with '0011'
                + " 11 00 05 BF 21" // DTS 90000 with '0001'
                + " 00 00 00 01 09 F0" // access unit delimiter
                + " 00 00 00 01 41 9A 00 11"); // the slice
    assertThat(pes).isEqualTo(expected);
  }

  @Test
  void pcrEncoding() {
    byte[] b = new byte[6];
    TsPackets.writePcr(b, 0, 90_000L * 300); // base 90000 = 0x15F90, extension 0
    assertThat(b).isEqualTo(hex("00 00 AF C8 7E 00")); // base bits, 6 reserved ones, ext 0
    TsPackets.writePcr(b, 0, 300 + 299); // base 1, extension 299 = 0x12B
    assertThat(b).isEqualTo(hex("00 00 00 00 FF 2B"));
    TsPackets.writePcr(b, 0, ((1L << 33) - 1) * 300); // all base bits set
    assertThat(b).isEqualTo(hex("FF FF FF FF FE 00"));
  }

  @Test
  void firstPacketOfAKeyframeCarriesPcrAndRandomAccess() {
    TsMuxer m = new TsMuxer(avcConfig(), aacConfig());
    byte[] ts =
        m.segment(
            List.of(
                Frame.video(CodecId.H264, 1_080_000, 1_000_000, true, au(hex("65 88 84 00"))),
                Frame.audio(CodecId.AAC, 1_000_000, Payload.wrap(new byte[] {1})),
                Frame.video(CodecId.H264, 1_040_000, 1_040_000, false, au(hex("41 9A")))));
    List<Packet> video =
        TsTestReader.packets(ts).stream().filter(p -> p.pid() == TsMuxer.VIDEO_PID).toList();
    // flags 0x50: random_access_indicator + PCR_flag; PCR = DTS 90000 * 300
    assertThat(Arrays.copyOfRange(video.get(0).adaptation(), 0, 7))
        .isEqualTo(hex("50 00 00 AF C8 7E 00"));
    // a non-keyframe: PCR only; DTS 93600 = 0x16DA0
    byte[] pcr = new byte[6];
    TsPackets.writePcr(pcr, 0, 93_600L * 300);
    assertThat(Arrays.copyOfRange(video.get(1).adaptation(), 0, 7))
        .isEqualTo(concat(hex("10"), pcr));
    Packet audio =
        TsTestReader.packets(ts).stream()
            .filter(p -> p.pid() == TsMuxer.AUDIO_PID)
            .findFirst()
            .get();
    // audio with a video track: no PCR, only the stuffing of a short PES (flags byte 0)
    assertThat(audio.adaptation()[0]).isZero();
  }

  @Test
  void audioOnlyCarriesPcrOnAudio() {
    TsMuxer m = new TsMuxer(null, aacConfig());
    byte[] ts = m.segment(List.of(Frame.audio(CodecId.AAC, 1_000_000, Payload.wrap(new byte[10]))));
    Packet audio = TsTestReader.packets(ts).get(2);
    assertThat(audio.pid()).isEqualTo(TsMuxer.AUDIO_PID);
    assertThat(Arrays.copyOfRange(audio.adaptation(), 0, 7)).isEqualTo(hex("50 00 00 AF C8 7E 00"));
  }

  @Test
  void continuityCountersWrapAcrossSegments() {
    TsMuxer m = new TsMuxer(null, mp3Config());
    for (int i = 0; i < 40; i++) {
      byte[] ts =
          m.segment(List.of(Frame.audio(CodecId.MP3, i * 26_000L, Payload.wrap(new byte[300]))));
      List<Packet> packets = TsTestReader.packets(ts);
      assertThat(packets.get(0).cc()).as("PAT cc in segment %d", i).isEqualTo(i & 15);
      assertThat(packets.get(1).cc()).as("PMT cc in segment %d", i).isEqualTo(i & 15);
      // 14 + 300 bytes of PES take 2 packets per segment
      assertThat(packets.get(2).cc()).isEqualTo((2 * i) & 15);
      assertThat(packets.get(3).cc()).isEqualTo((2 * i + 1) & 15);
    }
  }

  record StuffCase(String name, boolean withVideo) {}

  @ParameterizedTest
  @MethodSource("stuffCases")
  void adaptationFieldStuffingForEveryPayloadSize(StuffCase c) {
    TsMuxer m = new TsMuxer(c.withVideo() ? avcConfig() : null, mp3Config());
    for (int n = 0; n <= 200; n++) {
      byte[] payload = new byte[n];
      for (int i = 0; i < n; i++) {
        payload[i] = (byte) (i * 7 + 1);
      }
      byte[] ts = m.segment(List.of(Frame.audio(CodecId.MP3, 0, Payload.wrap(payload))));
      List<Packet> packets =
          TsTestReader.packets(ts).stream().filter(p -> p.pid() == TsMuxer.AUDIO_PID).toList();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Packet p : packets) {
        all.writeBytes(p.payload());
        byte[] af = p.adaptation();
        int stuffFrom = af.length == 0 ? 0 : (af[0] & 0x10) != 0 ? 7 : 1;
        for (int i = stuffFrom; i < af.length; i++) {
          assertThat(af[i] & 0xFF).as("stuffing byte").isEqualTo(0xFF);
        }
      }
      byte[] pes = all.toByteArray();
      assertThat(pes).hasSize(14 + n);
      assertThat(Arrays.copyOfRange(pes, 14, pes.length))
          .as("payload of %d bytes", n)
          .isEqualTo(payload);
      assertThat(((pes[4] & 0xFF) << 8) | (pes[5] & 0xFF)).isEqualTo(8 + n);
      int expectedPackets = c.withVideo() ? (14 + n + 183) / 184 : (14 + n + 8 + 183) / 184;
      assertThat(packets).hasSize(expectedPackets);
    }
  }

  static Stream<StuffCase> stuffCases() {
    return Stream.of(
        new StuffCase("audio beside video", true), new StuffCase("audio only, pcr", false));
  }

  @Test
  void h264KeyframeGetsParameterSetsAfterTheDelimiter() {
    TsMuxer m = new TsMuxer(avcConfig(), null);
    byte[] sei = hex("06 05 01 00 80");
    byte[] idr = hex("65 88 84 00");
    byte[] ts =
        m.segment(
            List.of(
                Frame.video(CodecId.H264, 0, 0, true, au(hex("09 10"), sei, idr)),
                Frame.video(CodecId.H264, 40_000, 40_000, false, au(hex("41 9A"))),
                Frame.video(CodecId.H264, 80_000, 80_000, true, au(SPS, PPS, idr))));
    List<byte[]> pes = TsTestReader.units(ts).get(TsMuxer.VIDEO_PID);
    byte[] sc = hex("00 00 00 01");
    byte[] aud = hex("00 00 00 01 09 F0");
    assertThat(es(pes.get(0))).isEqualTo(concat(aud, sc, SPS, sc, PPS, sc, sei, sc, idr));
    assertThat(es(pes.get(1))).isEqualTo(concat(aud, sc, hex("41 9A")));
    // the access unit carries its own parameter sets: not repeated
    assertThat(es(pes.get(2))).isEqualTo(concat(aud, sc, SPS, sc, PPS, sc, idr));
  }

  @Test
  void h265KeyframeGetsVpsSpsPps() {
    TsMuxer m = new TsMuxer(hevcConfig(), null);
    byte[] idr = hex("26 01 AF 00");
    byte[] ts =
        m.segment(
            List.of(
                Frame.video(CodecId.H265, 0, 0, true, au(hex("46 01 50"), idr)),
                Frame.video(CodecId.H265, 40_000, 40_000, false, au(hex("02 01 D0")))));
    List<byte[]> pes = TsTestReader.units(ts).get(TsMuxer.VIDEO_PID);
    byte[] sc = hex("00 00 00 01");
    byte[] aud = hex("00 00 00 01 46 01 50");
    assertThat(es(pes.get(0))).isEqualTo(concat(aud, sc, VPS, sc, HSPS, sc, HPPS, sc, idr));
    assertThat(es(pes.get(1))).isEqualTo(concat(aud, sc, hex("02 01 D0")));
  }

  @Test
  void configFramesInTheListAreAppliedAndDataFramesIgnored() {
    TsMuxer m = new TsMuxer(null, null);
    byte[] sps2 = hex("67 42 00 1F AB 40");
    Frame newConfig =
        Frame.config(
            CodecId.H264,
            0,
            Payload.wrap(new H264.AvcConfig(66, 0, 31, 4, List.of(sps2), List.of(PPS)).toRecord()));
    Frame data =
        new Frame(TrackKind.DATA, CodecId.AMF0_DATA, 0, 0, 0, Payload.wrap(new byte[] {2, 0}));
    byte[] idr = hex("65 88");
    byte[] ts =
        m.segment(
            List.of(
                data,
                Frame.audio(CodecId.AAC, 0, Payload.wrap(new byte[3])), // no audio track: skipped
                newConfig,
                Frame.video(CodecId.H264, 0, 0, true, au(idr))));
    var units = TsTestReader.units(ts);
    assertThat(units.keySet()).containsExactly(0, TsMuxer.PMT_PID, TsMuxer.VIDEO_PID);
    byte[] sc = hex("00 00 00 01");
    assertThat(es(units.get(TsMuxer.VIDEO_PID).get(0)))
        .isEqualTo(concat(hex("00 00 00 01 09 F0"), sc, sps2, sc, PPS, sc, idr));
    // the PMT announced the video track the list configures
    assertThat(packet(ts, 1)[17] & 0xFF).isEqualTo(0x1B);
  }

  @Test
  void codecChangeBeforeTheFirstVideoFrameShowsInThisSegmentsPmt() {
    TsMuxer m = new TsMuxer(avcConfig(), aacConfig());
    byte[] ts =
        m.segment(
            List.of(
                Frame.audio(CodecId.AAC, 0, Payload.wrap(new byte[3])),
                hevcConfig(),
                Frame.video(CodecId.H265, 0, 0, true, au(hex("26 01 AF 00")))));
    byte[] pmt = packet(ts, 1);
    assertThat(pmt[17] & 0xFF).isEqualTo(0x24); // H.265 on the video PID
    assertThat(pmt[10] & 0xFF).isEqualTo(0xC1); // first PMT of this muxer: version 0
    assertThat(TsTestReader.units(ts).get(TsMuxer.VIDEO_PID)).hasSize(1);
  }

  @Test
  void rejectsNonConfigFrames() {
    TsMuxer m = new TsMuxer(null, null);
    assertThatThrownBy(() -> m.updateConfig(Frame.audio(CodecId.AAC, 0, Payload.EMPTY)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.updateConfig(Frame.config(CodecId.OPUS, 0, Payload.EMPTY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The elementary stream data of a PES packet (after its header). */
  static byte[] es(byte[] pes) {
    int headerEnd = 9 + (pes[8] & 0xFF);
    return Arrays.copyOfRange(pes, headerEnd, pes.length);
  }
}
