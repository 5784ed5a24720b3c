package io.arcly.stream.format.mpegts;

import static io.arcly.stream.format.mpegts.TsDemuxerTest.demux;
import static io.arcly.stream.format.mpegts.TsDemuxerTest.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demuxer against damaged input (garbage, cut packets, lost datagrams, counter errors) and
 * against streams the muxer makes: round trip, PMT changes, the 33-bit wrap, oversized PES.
 */
class TsDemuxerDamageTest {
  static final byte[] CLEAN = vector("h264_aac.ts");
  static final TsDemuxerTest.Collect CLEAN_OUT = demux(CLEAN, CLEAN.length);

  /** A way of damaging the clean vector and what must hold of the result. */
  record Damage(String name, UnaryOperator<byte[]> damage, boolean sameFrames) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Damage> damages() {
    return Stream.of(
        new Damage("garbage between packets", b -> insert(b, 188 * 40, garbage(57)), true),
        new Damage("garbage before the first packet", b -> insert(b, 0, garbage(300)), true),
        new Damage("a packet repeated (duplicate, 2.4.3.3)", b -> duplicate(b, 60), true),
        new Damage("a packet cut in half", b -> cut(b, 188 * 60 + 20, 94), false),
        new Damage(
            "every tenth 1316-byte datagram lost", TsDemuxerDamageTest::loseDatagrams, false),
        new Damage("a continuity counter off", b -> counterOff(b, 70), false),
        new Damage("a 0x47 inside garbage", b -> insert(b, 188 * 30, fakeSync()), true));
  }

  @ParameterizedTest
  @MethodSource("damages")
  void damagedInputLosesOnlyTheDamagedFrames(Damage d) {
    byte[] ts = d.damage().apply(CLEAN.clone());
    // below a packet per chunk, a cut packet cannot be seen before it is read: only the continuity
    // counters catch it, and only when the next packet is on the same PID
    int[] chunks = d.sameFrames() ? new int[] {ts.length, 1316, 100} : new int[] {ts.length, 1316};
    for (int chunk : chunks) {
      TsDemuxerTest.Collect out = new TsDemuxerTest.Collect();
      TsDemuxer demuxer = new TsDemuxer(out);
      for (int at = 0; at < ts.length; at += chunk) {
        demuxer.push(ts, at, Math.min(chunk, ts.length - at));
      }
      demuxer.flush();
      if (d.sameFrames()) {
        assertThat(out.frames).as("chunks of %d", chunk).isEqualTo(CLEAN_OUT.frames);
      } else {
        assertThat(out.frames.size()).as("chunks of %d", chunk).isLessThan(CLEAN_OUT.frames.size());
        // nothing made up: a configuration may come later when the first audio was lost
        assertThat(CLEAN_OUT.frames)
            .containsAll(out.frames.stream().filter(f -> !f.isConfig()).toList());
        assertThat(CLEAN_OUT.frames.stream().filter(Frame::isConfig).map(Frame::payload))
            .containsAll(out.frames.stream().filter(Frame::isConfig).map(Frame::payload).toList());
        TsDemuxer.Stats s = demuxer.stats();
        assertThat(s.ccErrors()).isPositive();
        assertThat(s.ccErrorsByPid()).isNotEmpty();
        assertThat(s.pesDropped()).isPositive();
      }
      for (Frame f : out.frames) {
        if (f.codec() == CodecId.H264 && !f.isConfig()) {
          assertThat(NalUnits.isValidLengthPrefixed(f.payload(), 4)).isTrue();
        }
      }
    }
  }

  @Test
  void resyncsAreCounted() {
    byte[] ts = insert(CLEAN.clone(), 188 * 40, garbage(57));
    TsDemuxer d = new TsDemuxer(new TsDemuxerTest.Collect());
    d.push(ts, 0, ts.length);
    assertThat(d.stats().resyncs()).isEqualTo(1);
    assertThat(d.stats().packets()).isEqualTo(CLEAN.length / 188);
  }

  @Test
  void pureGarbageNeverThrowsNorLoops() {
    TsDemuxer d = new TsDemuxer(new TsDemuxerTest.Collect());
    byte[] g = new byte[188 * 20];
    Arrays.fill(g, (byte) 0x47); // every byte looks like a sync byte
    d.push(g, 0, g.length);
    d.push(garbage(5000), 0, 5000);
    d.flush();
    assertThat(d.stats().packets()).isPositive();
    assertThat(d.tracks()).isEmpty();
  }

  @Test
  void muxerOutputRoundTrips() {
    List<Frame> frames = CLEAN_OUT.frames;
    byte[] ts = mux(frames);
    TsDemuxerTest.Collect again = demux(ts, 1316);
    assertThat(again.trackLists.get(0))
        .containsExactly(TrackInfo.codecOnly(0, CodecId.H264), TrackInfo.codecOnly(1, CodecId.AAC));
    assertThat(again.media(0)).isEqualTo(CLEAN_OUT.media(0));
    assertThat(again.media(1)).isEqualTo(CLEAN_OUT.media(1));
    assertThat(again.configs(0)).isEqualTo(CLEAN_OUT.configs(0));
    assertThat(again.configs(1).get(0).payload()).isEqualTo(CLEAN_OUT.configs(1).get(0).payload());
  }

  @Test
  void continuousMuxerOutputKeepsCountersAndDemuxesWhole() {
    List<Frame> frames = CLEAN_OUT.frames;
    TsMuxer m = muxer(frames);
    List<Frame> media = frames.stream().filter(f -> !f.isConfig()).toList();
    int half = media.size() / 2;
    byte[] a = m.packets(media.subList(0, half), true);
    byte[] b = m.packets(media.subList(half, media.size()), false);
    byte[] all = concat(a, b);
    assertThat(TsTestReader.packets(b).stream().filter(p -> p.pid() == 0)).isEmpty();
    int[] last = new int[0x2000];
    Arrays.fill(last, -1);
    for (TsTestReader.Packet p : TsTestReader.packets(all)) {
      if (last[p.pid()] >= 0) {
        assertThat(p.cc()).as("pid %d", p.pid()).isEqualTo((last[p.pid()] + 1) & 0xF);
      }
      last[p.pid()] = p.cc();
    }
    TsDemuxer d = new TsDemuxer(new TsDemuxerTest.Collect());
    TsDemuxerTest.Collect out = new TsDemuxerTest.Collect();
    d = new TsDemuxer(out);
    d.push(all, 0, all.length);
    d.flush();
    assertThat(d.stats().ccErrors()).isZero();
    assertThat(out.media(0)).isEqualTo(CLEAN_OUT.media(0));
    assertThat(out.media(1)).isEqualTo(CLEAN_OUT.media(1));
  }

  @Test
  void timestampsKeepIncreasingAcrossThe33BitWrap() {
    // shift the stream so that the wrap falls half a second in
    long shift = MediaTime.fromRate(TsPackets.WRAP_33 - 45_000, 90_000) - firstDts(CLEAN_OUT);
    List<Frame> shifted = new ArrayList<>();
    for (Frame f : CLEAN_OUT.frames) {
      shifted.add(f.withTiming(f.pts() + shift, f.dts() + shift, f.flags()));
    }
    TsDemuxerTest.Collect out = demux(mux(shifted), 1316);
    List<Frame> expected = shifted.stream().filter(f -> !f.isConfig()).toList();
    List<Frame> got = out.frames.stream().filter(f -> !f.isConfig()).toList();
    assertThat(got).hasSameSizeAs(expected);
    for (int track = 0; track < 2; track++) {
      int t = track;
      List<Long> want = expected.stream().filter(f -> f.track() == t).map(Frame::pts).toList();
      List<Long> have = got.stream().filter(f -> f.track() == t).map(Frame::pts).toList();
      assertThat(have).isEqualTo(want);
    }
    assertThat(got.get(got.size() - 1).pts())
        .isGreaterThan(MediaTime.fromRate(TsPackets.WRAP_33, 90_000));
  }

  @Test
  void aPmtChangeKeepsTheTrackOfAPidThatKeepsItsCodec() {
    List<Frame> h264 = CLEAN_OUT.frames;
    TsDemuxerTest.Collect hevcSource = demux(vector("h265_aac.ts"), 188);
    Frame aacConfig =
        h264.stream()
            .filter(f -> f.isConfig() && f.kind() == TrackKind.AUDIO)
            .findFirst()
            .orElseThrow();
    // audio only first: the audio track is 0
    TsMuxer m = new TsMuxer(null, aacConfig);
    byte[] a = m.packets(CLEAN_OUT.media(1).subList(0, 10), true);
    // then h265 video joins: the PMT gets a new version with the video first
    Frame hevcConfig = hevcSource.configs(0).get(0);
    List<Frame> second = new ArrayList<>();
    second.add(hevcConfig);
    second.addAll(hevcSource.media(0).subList(0, 5));
    second.addAll(CLEAN_OUT.media(1).subList(10, 20));
    byte[] b = m.packets(second, true);
    TsDemuxerTest.Collect out = demux(concat(a, b), 1316);
    assertThat(out.trackLists)
        .containsExactly(
            List.of(TrackInfo.codecOnly(0, CodecId.AAC)),
            List.of(TrackInfo.codecOnly(0, CodecId.AAC), TrackInfo.codecOnly(1, CodecId.H265)));
    assertThat(out.media(0)).hasSize(20);
    assertThat(out.media(1)).hasSize(5);
    assertThat(out.media(1).get(0).codec()).isEqualTo(CodecId.H265);
  }

  @Test
  void aPesOverTheLimitIsDroppedAndCounted() {
    Frame aacConfig = CLEAN_OUT.configs(1).get(0);
    TsMuxer m = new TsMuxer(null, aacConfig);
    byte[] tables = m.packets(List.of(), true);
    byte[] pes = new byte[TsDemuxer.MAX_AUDIO_PES + 1000];
    int p = TsPackets.writePesHeader(pes, 0xC0, 0, 0, 0, true); // unbounded length
    Arrays.fill(pes, p, pes.length, (byte) 0x55);
    TsPackets big = new TsPackets();
    big.packetize(TsMuxer.AUDIO_PID, new int[] {0}, pes, pes.length, false, 0, false, false);
    Frame after = CLEAN_OUT.media(1).get(0);
    // the muxer's audio counter does not know the packets written by hand: a counter gap, which
    // only touches the PES before the packet that starts the next one
    byte[] tail = m.packets(List.of(after), false);
    byte[] ts = concat(concat(tables, big.toByteArray()), tail);
    TsDemuxerTest.Collect out = new TsDemuxerTest.Collect();
    TsDemuxer d = new TsDemuxer(out);
    d.push(ts, 0, ts.length);
    assertThat(d.stats().pesOversize()).isEqualTo(1);
    assertThat(out.media(0)).containsExactly(after.withTrack(0));
  }

  // helpers

  static long firstDts(TsDemuxerTest.Collect c) {
    return c.frames.stream().filter(f -> !f.isConfig()).mapToLong(Frame::dts).min().orElseThrow();
  }

  static TsMuxer muxer(List<Frame> frames) {
    Frame video =
        frames.stream()
            .filter(f -> f.isConfig() && f.kind() == TrackKind.VIDEO)
            .findFirst()
            .orElse(null);
    Frame audio =
        frames.stream()
            .filter(f -> f.isConfig() && f.kind() == TrackKind.AUDIO)
            .findFirst()
            .orElse(null);
    return new TsMuxer(video, audio);
  }

  static byte[] mux(List<Frame> frames) {
    List<Frame> media = frames.stream().filter(f -> !f.isConfig()).toList();
    return muxer(frames).packets(media, true);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] garbage(int n) {
    byte[] g = new byte[n];
    for (int i = 0; i < n; i++) {
      g[i] = (byte) (i * 31 + 7);
      if (g[i] == 0x47) {
        g[i] = 0x11;
      }
    }
    return g;
  }

  /** Garbage holding a 0x47 that is not followed by another one 188 bytes later. */
  static byte[] fakeSync() {
    byte[] g = garbage(120);
    g[10] = 0x47;
    return g;
  }

  static byte[] insert(byte[] b, int at, byte[] extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, at);
    out.writeBytes(extra);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  static byte[] duplicate(byte[] b, int packet) {
    return insert(b, 188 * (packet + 1), Arrays.copyOfRange(b, 188 * packet, 188 * (packet + 1)));
  }

  static byte[] cut(byte[] b, int at, int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, at);
    out.write(b, at + n, b.length - at - n);
    return out.toByteArray();
  }

  static byte[] loseDatagrams(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0, i = 0; at < b.length; at += 1316, i++) {
      if (i % 10 != 9) {
        out.write(b, at, Math.min(1316, b.length - at));
      }
    }
    return out.toByteArray();
  }

  /** Changes the continuity counter of the first packet from {@code packet} on a media PID. */
  static byte[] counterOff(byte[] b, int packet) {
    for (int i = packet; ; i++) {
      int at = 188 * i;
      int pid = ((b[at + 1] & 0x1F) << 8) | (b[at + 2] & 0xFF);
      if (pid == 0x100 && (b[at + 3] & 0x10) != 0) {
        b[at + 3] = (byte) ((b[at + 3] & 0xF0) | ((b[at + 3] + 5) & 0x0F));
        return b;
      }
    }
  }
}
