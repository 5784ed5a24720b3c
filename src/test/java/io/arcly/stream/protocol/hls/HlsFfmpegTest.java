package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.testing.Ffmpeg;
import io.arcly.stream.testing.FlvFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end without a server: ffmpeg-made media through the kernel and the packager, the HLS
 * written to files and read back by ffmpeg. Skipped without ffmpeg, unless {@code CI=true}.
 */
class HlsFfmpegTest {
  static final Path DIR = Path.of("target", "hls-e2e");

  @BeforeAll
  static void media() throws IOException {
    Ffmpeg.require();
    Files.createDirectories(DIR);
    for (String size : List.of("640x360", "1280x720")) {
      Path file = DIR.resolve(size + ".flv");
      if (Files.exists(file)) {
        continue;
      }
      Ffmpeg.testClip(file, size, 3);
    }
  }

  /** The frames of {@code file}, moved {@code offsetMs} later. */
  static List<Frame> frames(String file, long offsetMs) throws IOException {
    List<Frame> out = new ArrayList<>();
    for (Frame f : FlvFiles.frames(Files.readAllBytes(DIR.resolve(file)))) {
      long by = offsetMs * 1000;
      out.add(f.withTiming(f.pts() + by, f.dts() + by, f.flags()));
    }
    return out;
  }

  /** Packages {@code frames} as one publish and writes the ended playlist and its files. */
  static Path packageToFiles(Variant variant, List<Frame> frames, String name) throws Exception {
    HlsSettings d = HlsSettings.defaults();
    HlsSettings settings =
        new HlsSettings(
            true,
            variant,
            Map.of(),
            d.segmentDuration(),
            d.partDuration(),
            20,
            true,
            d.retention(),
            "*",
            d.maxBlocking(),
            d.maxBlockingPerClient(),
            d.viewerTimeout(),
            "");
    BiFunction<Frame, Frame, MediaFormat> formats =
        variant.fmp4() ? Fmp4Format::new : TsFormat::new;
    StreamKey key = new StreamKey("live", name);
    HlsStream hls = new HlsStream(key, variant, settings, Clock.systemUTC(), formats);
    Engine engine = Engine.builder().application(AppSpec.defaults("live")).build();
    IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
    PublishSession pub = ctx.openPublish(key, new ClientInfo("test", "", ""), Credentials.NONE);
    Subscription sub = pub.handle().subscribe(new ClientInfo("hls-packager", "internal", ""));
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    hls.publish(sub);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(frames.size()).as("the ring holds them all").isLessThan(pub.handle().capacity());
    frames.forEach(pub::publish);
    pub.close();
    assertThat(t.join(Duration.ofSeconds(30))).isTrue();
    Snapshot s = hls.snapshot();
    assertThat(s.ended()).isTrue();
    Path dir = Files.createDirectories(DIR.resolve(name + "-" + variant.name().toLowerCase()));
    for (var init : s.inits().entrySet()) {
      Files.write(dir.resolve(Snapshot.initUri(init.getKey())), init.getValue());
    }
    for (Snapshot.Seg seg : s.segments()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      seg.chunks().forEach(c -> bytes.writeBytes(c.data()));
      Files.write(dir.resolve(Snapshot.segmentUri(variant, seg.msn())), bytes.toByteArray());
    }
    Path playlist = dir.resolve("stream.m3u8");
    Files.writeString(playlist, Playlists.media(s.window(0.2), false));
    return playlist;
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aResolutionChangeDecodesWithoutErrorsAndShowsBothSizes(Variant variant) throws Exception {
    List<Frame> frames = new ArrayList<>(frames("640x360.flv", 0));
    frames.addAll(frames("1280x720.flv", 3_100)); // a second file on the same connection
    Path playlist = packageToFiles(variant, frames, "resize");
    assertThat(Files.readString(playlist)).containsOnlyOnce("#EXT-X-DISCONTINUITY");

    Ffmpeg.Result decode =
        Ffmpeg.run("ffmpeg", "-v", "warning", "-i", playlist.toString(), "-f", "null", "-");
    assertThat(decode.exit()).as(decode.err()).isZero();
    // ffmpeg's HLS reader keeps its first init segment and says so; the new keyframe's
    // parameter sets carry it on
    assertThat(decode.err().lines().filter(l -> !l.contains("Found duplicated MOOV Atom")))
        .as("decode errors and warnings")
        .isEmpty();

    Ffmpeg.Result sizes =
        Ffmpeg.run(
            "ffmpeg",
            "-hide_banner",
            "-nostats",
            "-i",
            playlist.toString(),
            "-map",
            "0:v",
            "-vf",
            "showinfo",
            "-f",
            "null",
            "-");
    assertThat(count(sizes.err(), " s:640x360 ")).as(sizes.err()).isGreaterThan(60);
    assertThat(count(sizes.err(), " s:1280x720 ")).as(sizes.err()).isGreaterThan(60);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aClockThatRestartsPlaysOnWithRisingTimestamps(Variant variant) throws Exception {
    List<Frame> frames = new ArrayList<>(frames("640x360.flv", 3_600_000));
    frames.addAll(frames("640x360.flv", 0)); // the encoder restarted its clock
    Path playlist = packageToFiles(variant, frames, "restart");
    assertThat(Files.readString(playlist))
        .containsOnlyOnce("#EXT-X-DISCONTINUITY")
        .contains("#EXT-X-TARGETDURATION:2\n");
    Ffmpeg.Result probe =
        Ffmpeg.run(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v",
            "-show_entries",
            "packet=dts_time",
            "-of",
            "csv=p=0",
            playlist.toString());
    assertThat(probe.exit()).as(probe.err()).isZero();
    List<Double> dts =
        probe
            .out()
            .lines()
            .filter(l -> !l.isBlank())
            .map(l -> Double.valueOf(l.replace(",", "")))
            .toList();
    assertThat(dts).hasSizeGreaterThan(170);
    for (int i = 1; i < dts.size(); i++) {
      assertThat(dts.get(i) - dts.get(i - 1)).as("step at %d", i).isBetween(0.0, 0.1);
    }
    assertThat(dts.getLast() - dts.getFirst()).isBetween(5.8, 6.1);
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
