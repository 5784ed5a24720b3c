package io.arcly.stream.format.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.FlvFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: an ffmpeg-made FLV (H.264 with B-frames + AAC) is remuxed through {@link Fmp4Muxer}
 * and read back with ffprobe and ffmpeg. Skipped without ffmpeg, unless {@code CI=true}.
 */
class Fmp4FfmpegTest {
  private static final Path DIR = Path.of("target", "fmp4-e2e");

  @BeforeAll
  static void requireFfmpeg() throws Exception {
    Ffmpeg.require();
    Files.createDirectories(DIR);
  }

  static Ffmpeg.Result run(String... command) throws IOException {
    return Ffmpeg.run(command);
  }

  @Test
  void h264WithBFramesAndAacPlayBack() throws Exception {
    Path flv = DIR.resolve("h264-aac.flv");
    Ffmpeg.Result made =
        run(
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine",
            "-t",
            "2",
            "-c:v",
            "libx264",
            "-g",
            "25",
            "-bf",
            "2",
            "-c:a",
            "aac",
            "-f",
            "flv",
            flv.toString());
    assertThat(made.exit()).as(made.err()).isZero();

    List<Frame> frames = FlvFiles.frames(Files.readAllBytes(flv));
    Frame videoConfig =
        frames.stream()
            .filter(f -> f.isConfig() && f.kind() == TrackKind.VIDEO)
            .findFirst()
            .orElseThrow();
    Frame audioConfig =
        frames.stream()
            .filter(f -> f.isConfig() && f.kind() == TrackKind.AUDIO)
            .findFirst()
            .orElseThrow();
    List<Frame> media = frames.stream().filter(f -> !f.isConfig()).toList();
    assertThat(media.stream().filter(f -> f.kind() == TrackKind.VIDEO)).hasSize(50);
    assertThat(media.stream().filter(f -> f.kind() == TrackKind.VIDEO && f.compositionOffset() < 0))
        .isEmpty();
    assertThat(media.stream().filter(f -> f.kind() == TrackKind.VIDEO && f.pts() != f.dts()))
        .isNotEmpty();

    // split at the second keyframe (1 s): video by position, audio by DTS
    List<Frame> video = media.stream().filter(f -> f.kind() == TrackKind.VIDEO).toList();
    List<Frame> audio = media.stream().filter(f -> f.kind() == TrackKind.AUDIO).toList();
    int split = 1;
    while (!video.get(split).isKeyframe()) {
      split++;
    }
    assertThat(split).isEqualTo(25);
    long splitDts = video.get(split).dts();
    List<Frame> first = new ArrayList<>(video.subList(0, split));
    List<Frame> second = new ArrayList<>(video.subList(split, video.size()));
    Long audioNext = null;
    for (Frame a : audio) {
      if (a.dts() < splitDts) {
        first.add(a);
      } else {
        second.add(a);
        audioNext = audioNext == null ? a.dts() : audioNext;
      }
    }
    Map<TrackKind, Long> next = new HashMap<>();
    next.put(TrackKind.VIDEO, splitDts);
    next.put(TrackKind.AUDIO, audioNext);

    Fmp4Muxer muxer = new Fmp4Muxer(videoConfig, audioConfig);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(muxer.init());
    file.write(muxer.fragment(1, first, next));
    file.write(muxer.fragment(2, second, Map.of()));
    Path mp4 = DIR.resolve("h264-aac.mp4");
    Files.write(mp4, file.toByteArray());

    Ffmpeg.Result probe =
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_streams",
            "-count_frames",
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames",
            "-of",
            "compact=p=0",
            mp4.toString());
    assertThat(probe.err()).isEmpty();
    assertThat(probe.exit()).isZero();
    // -show_streams adds the disposition and tags after the selected entries
    List<String> streams = probe.out().lines().toList();
    assertThat(streams).hasSize(2);
    assertThat(streams.get(0))
        .startsWith("codec_name=h264|width=320|height=240|nb_read_frames=50|");
    assertThat(streams.get(1)).startsWith("codec_name=aac|nb_read_frames=" + audio.size() + "|");

    Ffmpeg.Result decode = run("ffmpeg", "-v", "error", "-i", mp4.toString(), "-f", "null", "-");
    assertThat(decode.err()).isEmpty();
    assertThat(decode.exit()).isZero();

    List<String> source = videoHashes(flv);
    assertThat(source).hasSize(50);
    assertThat(videoHashes(mp4)).isEqualTo(source);
  }

  @Test
  void h265WithBFramesPlaysBackAsHvc1() throws Exception {
    Path ts = DIR.resolve("h265.ts");
    Ffmpeg.Result made =
        run(
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-t",
            "2",
            "-c:v",
            "libx265",
            "-x265-params",
            "log-level=error:keyint=25:min-keyint=25:scenecut=0:bframes=2:open-gop=0",
            "-f",
            "mpegts",
            ts.toString());
    assertThat(made.exit()).as(made.err()).isZero();

    List<Frame> frames = TsVideo.readH265(Files.readAllBytes(ts));
    Frame config = frames.get(0);
    List<Frame> video = frames.subList(1, frames.size());
    assertThat(video).hasSize(50);
    assertThat(video.stream().filter(f -> f.pts() != f.dts())).isNotEmpty();
    int split = 1;
    while (!video.get(split).isKeyframe()) {
      split++;
    }
    long firstPts = video.stream().mapToLong(Frame::pts).min().orElseThrow();
    assertThat(video.get(split).pts() - firstPts).isEqualTo(1_000_000);

    Fmp4Muxer muxer = new Fmp4Muxer(config, null);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(muxer.init());
    file.write(
        muxer.fragment(
            1, video.subList(0, split), Map.of(TrackKind.VIDEO, video.get(split).dts())));
    file.write(muxer.fragment(2, video.subList(split, video.size()), Map.of()));
    Path mp4 = DIR.resolve("h265.mp4");
    Files.write(mp4, file.toByteArray());

    Ffmpeg.Result probe =
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_streams",
            "-count_frames",
            "-show_entries",
            "stream=codec_name,codec_tag_string,width,height,nb_read_frames",
            "-of",
            "compact=p=0",
            mp4.toString());
    assertThat(probe.err()).isEmpty();
    assertThat(probe.out().lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "codec_name=hevc|codec_tag_string=hvc1|width=320|height=240|nb_read_frames=50|");
    Ffmpeg.Result decode = run("ffmpeg", "-v", "error", "-i", mp4.toString(), "-f", "null", "-");
    assertThat(decode.err()).isEmpty();
    assertThat(decode.exit()).isZero();

    List<String> source = videoHashes(ts);
    assertThat(source).hasSize(50);
    assertThat(videoHashes(mp4)).isEqualTo(source);
  }

  @Test
  void av1PlaysBackAsAv01() throws Exception {
    Assumptions.assumeTrue(
        run("ffmpeg", "-hide_banner", "-encoders").out().contains("libaom-av1"),
        "ffmpeg has no libaom-av1 encoder");
    Path ivf = DIR.resolve("av1.ivf");
    Ffmpeg.Result made =
        run(
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-t",
            "2",
            "-c:v",
            "libaom-av1",
            "-cpu-used",
            "8",
            "-g",
            "25",
            "-f",
            "ivf",
            ivf.toString());
    assertThat(made.exit()).as(made.err()).isZero();

    List<Frame> frames = IvfAv1.read(Files.readAllBytes(ivf));
    Frame config = frames.get(0);
    List<Frame> video = frames.subList(1, frames.size());
    assertThat(video).hasSize(50);
    assertThat(video.get(0).isKeyframe()).isTrue();
    int split = 25;
    assertThat(video.get(split).isKeyframe()).isTrue();

    Fmp4Muxer muxer = new Fmp4Muxer(config, null);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(muxer.init());
    file.write(
        muxer.fragment(
            1, video.subList(0, split), Map.of(TrackKind.VIDEO, video.get(split).dts())));
    file.write(muxer.fragment(2, video.subList(split, video.size()), Map.of()));
    Path mp4 = DIR.resolve("av1.mp4");
    Files.write(mp4, file.toByteArray());

    Ffmpeg.Result probe =
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_streams",
            "-count_frames",
            "-show_entries",
            "stream=codec_name,codec_tag_string,width,height,nb_read_frames",
            "-of",
            "compact=p=0",
            mp4.toString());
    assertThat(probe.err()).isEmpty();
    assertThat(probe.out().lines().toList())
        .singleElement()
        .asString()
        .startsWith("codec_name=av1|codec_tag_string=av01|width=320|height=240|nb_read_frames=50|");
    Ffmpeg.Result decode = run("ffmpeg", "-v", "error", "-i", mp4.toString(), "-f", "null", "-");
    assertThat(decode.err()).isEmpty();
    assertThat(decode.exit()).isZero();

    List<String> source = videoHashes(ivf);
    assertThat(source).hasSize(50);
    assertThat(videoHashes(mp4)).isEqualTo(source);
  }

  /** The MD5 of each decoded video frame, in output order. */
  private static List<String> videoHashes(Path file) throws Exception {
    Ffmpeg.Result r =
        run(
            "ffmpeg",
            "-v",
            "error",
            "-i",
            file.toString(),
            "-map",
            "0:v",
            "-fps_mode",
            "passthrough",
            "-f",
            "framemd5",
            "-");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    return r.out()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(l.lastIndexOf(',') + 1).trim())
        .toList();
  }
}
