package io.arcly.stream.format.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.TrackInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demuxer against transport streams made by ffmpeg ({@code vectors/mpegts}, see its {@code
 * make-vectors.sh}), with the frame counts and timestamps ffprobe's {@code -show_packets} reports
 * for the same files.
 */
class TsDemuxerTest {
  /**
   * What ffprobe reports for one stream of a vector.
   *
   * @param codec the codec
   * @param frames the packet count
   * @param lowPts the lowest pts, 90 kHz
   * @param highPts the highest pts, 90 kHz
   * @param keyframes the keyframe count (video only; -1 for audio)
   */
  record Expect(CodecId codec, int frames, long lowPts, long highPts, int keyframes) {}

  /** A vector and what ffprobe says of each of its streams, in track id order. */
  record Case(String name, String file, List<Expect> tracks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "ffmpeg 5.1 libx264 with b-frames and aac in adts",
              "h264_aac.ts",
              List.of(
                  new Expect(CodecId.H264, 25, 133200, 219600, 1),
                  new Expect(CodecId.AAC, 48, 131280, 221520, -1))),
          new Case(
              "ffmpeg 5.1 libx265 and aac in adts",
              "h265_aac.ts",
              List.of(
                  new Expect(CodecId.H265, 25, 133200, 219600, 1),
                  new Expect(CodecId.AAC, 48, 131280, 221520, -1))),
          new Case(
              "ffmpeg 5.1 libx264 without b-frames and libmp3lame",
              "h264_mp3.ts",
              List.of(
                  new Expect(CodecId.H264, 25, 128072, 214472, 1),
                  new Expect(CodecId.MP3, 43, 126000, 216720, -1))),
          new Case(
              "ffmpeg 5.1 aac in latm (mpegts_flags latm)",
              "aac_latm.ts",
              List.of(new Expect(CodecId.AAC, 48, 126000, 216240, -1))),
          new Case(
              "ffmpeg 5.1 libopus mono",
              "opus.ts",
              List.of(new Expect(CodecId.OPUS, 51, 126000, 216000, -1))));

  static Stream<Case> cases() {
    return CASES.stream();
  }

  /** The bytes of {@code src/test/resources/vectors/mpegts/NAME}. */
  static byte[] vector(String name) {
    try (InputStream in = TsDemuxerTest.class.getResourceAsStream("/vectors/mpegts/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test vector " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sink that keeps everything. */
  static final class Collect implements TsDemuxer.Sink {
    final List<Frame> frames = new ArrayList<>();
    final List<List<TrackInfo>> trackLists = new ArrayList<>();

    @Override
    public void frame(Frame frame) {
      frames.add(frame);
    }

    @Override
    public void tracks(List<TrackInfo> tracks) {
      trackLists.add(tracks);
    }

    List<Frame> media(int track) {
      return frames.stream().filter(f -> f.track() == track && !f.isConfig()).toList();
    }

    List<Frame> configs(int track) {
      return frames.stream().filter(f -> f.track() == track && f.isConfig()).toList();
    }
  }

  /** Demuxes {@code ts} pushed in chunks of {@code chunk} bytes, then flushes. */
  static Collect demux(byte[] ts, int chunk) {
    Collect c = new Collect();
    TsDemuxer d = new TsDemuxer(c);
    for (int at = 0; at < ts.length; at += chunk) {
      d.push(ts, at, Math.min(chunk, ts.length - at));
    }
    d.flush();
    return c;
  }

  static long micros(long ts90) {
    return MediaTime.fromRate(ts90, 90_000);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void framesAndTimestampsMatchFfprobe(Case c) {
    Collect out = new Collect();
    TsDemuxer d = new TsDemuxer(out);
    byte[] ts = vector(c.file());
    d.push(ts, 0, ts.length);
    d.flush();
    assertThat(out.trackLists).hasSize(1);
    assertThat(out.trackLists.get(0).stream().map(TrackInfo::codec))
        .containsExactlyElementsOf(c.tracks().stream().map(Expect::codec).toList());
    for (int id = 0; id < c.tracks().size(); id++) {
      Expect e = c.tracks().get(id);
      List<Frame> media = out.media(id);
      assertThat(media).as("frames of track %d", id).hasSize(e.frames());
      assertThat(media.stream().mapToLong(Frame::pts).min().orElseThrow())
          .isEqualTo(micros(e.lowPts()));
      assertThat(media.stream().mapToLong(Frame::pts).max().orElseThrow())
          .isEqualTo(micros(e.highPts()));
      if (e.keyframes() >= 0) {
        assertThat(media.stream().filter(Frame::isKeyframe)).hasSize(e.keyframes());
        assertThat(media.get(0).isKeyframe()).isTrue();
      }
      if (e.codec() != CodecId.MP3) {
        assertThat(out.configs(id)).as("configs of track %d", id).hasSize(1);
        int track = id;
        Frame first = out.frames.stream().filter(f -> f.track() == track).findFirst().orElseThrow();
        assertThat(first.isConfig()).as("configuration before media").isTrue();
      }
      for (int i = 1; i < media.size(); i++) {
        assertThat(media.get(i).dts()).isGreaterThanOrEqualTo(media.get(i - 1).dts());
      }
    }
    TsDemuxer.Stats s = d.stats();
    assertThat(s.ccErrors()).isZero();
    assertThat(s.resyncs()).isZero();
    assertThat(s.pesDropped()).isZero();
    assertThat(s.esErrors()).isZero();
    assertThat(s.sectionErrors()).isZero();
    assertThat(s.packets()).isEqualTo(ts.length / 188);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void anyChunkingGivesTheSameFrames(Case c) {
    byte[] ts = vector(c.file());
    List<Frame> whole = demux(ts, ts.length).frames;
    assertThat(demux(ts, 1316).frames).isEqualTo(whole);
    assertThat(demux(ts, 1).frames).isEqualTo(whole);
    Collect random = new Collect();
    TsDemuxer d = new TsDemuxer(random);
    Random r = new Random(1);
    for (int at = 0; at < ts.length; ) {
      int n = Math.min(1 + r.nextInt(700), ts.length - at);
      d.push(ts, at, n);
      at += n;
    }
    d.flush();
    assertThat(random.frames).isEqualTo(whole);
    assertThat(d.stats().resyncs()).isZero();
  }
}
