package io.arcly.stream.format.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.FlvFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: media made by ffmpeg, muxed here, checked by ffprobe and ffmpeg's decoder. Skipped
 * without ffmpeg, unless {@code CI=true}.
 */
class TsMuxerFfmpegTest {
  static final Path DIR = Path.of("target", "mpegts-e2e");

  @BeforeAll
  static void needFfmpeg() throws IOException {
    Ffmpeg.require();
    Files.createDirectories(DIR);
  }

  static Ffmpeg.Result run(String... cmd) throws IOException {
    return Ffmpeg.run(cmd);
  }

  static byte[] mux(List<Frame> frames) {
    Frame video = null;
    Frame audio = null;
    List<Frame> rest = new ArrayList<>();
    for (Frame f : frames) {
      if (f.isConfig() && f.kind() == io.arcly.stream.media.TrackKind.VIDEO && video == null) {
        video = f;
      } else if (f.isConfig()
          && f.kind() == io.arcly.stream.media.TrackKind.AUDIO
          && audio == null) {
        audio = f;
      } else {
        rest.add(f);
      }
    }
    TsMuxer m = new TsMuxer(video, audio);
    // two segments, to cross a call boundary with the continuity counters
    int half = rest.size() / 2;
    byte[] a = m.segment(rest.subList(0, half));
    byte[] b = m.segment(rest.subList(half, rest.size()));
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String probe(Path ts) throws IOException {
    Ffmpeg.Result r =
        run("ffprobe", "-v", "error", "-show_streams", "-count_frames", ts.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).as("ffprobe errors").isBlank();
    return r.out();
  }

  static void decodesCleanly(Path ts) throws IOException {
    Ffmpeg.Result r = run("ffmpeg", "-v", "error", "-i", ts.toString(), "-f", "null", "-");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).as("ffmpeg errors").isBlank();
  }

  static List<Frame> flvSource() throws IOException {
    Path flv = DIR.resolve("h264-aac.flv");
    Ffmpeg.Result r =
        run(
            "ffmpeg",
            "-v",
            "error",
            "-y",
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
    assertThat(r.exit()).as(r.err()).isZero();
    return FlvFiles.frames(Files.readAllBytes(flv));
  }

  @Test
  void h264AndAacFromFlvPlayInFfmpeg() throws IOException {
    List<Frame> frames = flvSource();
    assertThat(frames.stream().filter(f -> f.codec() == CodecId.H264 && !f.isConfig())).hasSize(50);
    Path ts = DIR.resolve("h264-aac.ts");
    Files.write(ts, mux(frames));
    String out = probe(ts);
    assertThat(out)
        .contains("codec_name=h264", "width=320", "height=240", "codec_name=aac")
        .contains("nb_read_frames=50");
    decodesCleanly(ts);
  }

  @Test
  void h265AndAacPlayInFfmpeg() throws IOException {
    Path hevc = DIR.resolve("h265.hevc");
    Ffmpeg.Result r =
        run(
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-t",
            "2",
            "-c:v",
            "libx265",
            "-x265-params",
            "aud=1:bframes=0:keyint=25:log-level=error",
            "-f",
            "hevc",
            hevc.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<Frame> frames = new ArrayList<>(hevcFrames(Files.readAllBytes(hevc)));
    assertThat(frames.stream().filter(f -> !f.isConfig())).hasSize(50);
    flvSource().stream()
        .filter(f -> f.kind() != io.arcly.stream.media.TrackKind.VIDEO)
        .forEach(frames::add);
    frames.sort(Comparator.comparingLong(Frame::dts)); // stable: configs stay first
    Path ts = DIR.resolve("h265-aac.ts");
    Files.write(ts, mux(frames));
    String out = probe(ts);
    assertThat(out)
        .contains("codec_name=hevc", "width=320", "height=240", "codec_name=aac")
        .contains("nb_read_frames=50");
    decodesCleanly(ts);
  }

  /**
   * Splits a raw H.265 stream written with access unit delimiters and without B-frames into 25 fps
   * frames, preceded by a configuration frame built from its parameter sets.
   */
  static List<Frame> hevcFrames(byte[] annexB) {
    Payload all = NalUnits.annexBToLengthPrefixed(Payload.wrap(annexB));
    List<byte[]> vps = new ArrayList<>();
    List<byte[]> sps = new ArrayList<>();
    List<byte[]> pps = new ArrayList<>();
    List<Frame> frames = new ArrayList<>();
    NalWalker w = new NalWalker(all);
    int auStart = -1;
    boolean key = false;
    int prefixStart = 0;
    while (true) {
      boolean more = w.next();
      int type = more ? H265.nalType(w.firstByte()) : -1;
      if (!more || type == H265.AUD) {
        if (auStart >= 0) {
          long t = frames.size() * 40_000L;
          frames.add(Frame.video(CodecId.H265, t, t, key, all.slice(auStart, prefixStart)));
        }
        if (!more) {
          break;
        }
        auStart = w.offset() - 4;
        key = false;
      }
      prefixStart = w.offset() + w.length();
      byte[] nal = w.slice().toByteArray();
      switch (type) {
        case H265.VPS -> add(vps, nal);
        case H265.SPS -> add(sps, nal);
        case H265.PPS -> add(pps, nal);
        default -> key |= H265.isIrap(type);
      }
    }
    byte[] record = H265.fromParameterSets(vps, sps, pps).toRecord();
    frames.add(0, Frame.config(CodecId.H265, 0, Payload.wrap(record)));
    return frames;
  }

  private static void add(List<byte[]> list, byte[] nal) {
    if (list.stream().noneMatch(n -> java.util.Arrays.equals(n, nal))) {
      list.add(nal);
    }
  }
}
