package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Playlist text against golden files in {@code src/test/resources/golden/hls}. */
class PlaylistsTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  record Case(String golden, PlaylistWindow window, boolean skip) {
    @Override
    public String toString() {
      return golden;
    }
  }

  static List<PlaylistWindow.Part> parts(long msn, int n, double each) {
    List<PlaylistWindow.Part> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new PlaylistWindow.Part(each, i == 0, "seg" + msn + "." + i + ".m4s"));
    }
    return out;
  }

  static List<PlaylistWindow.Segment> segments(
      long first, int n, String ext, boolean withParts, int discontinuityAt) {
    List<PlaylistWindow.Segment> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long msn = first + i;
      out.add(
          new PlaylistWindow.Segment(
              msn,
              2.0,
              T0.plusMillis(2000L * i),
              i == discontinuityAt,
              "seg" + msn + "." + ext,
              ext.equals("m4s") ? "init.mp4" : null,
              withParts && i >= n - 2 ? parts(msn, 10, 0.2) : List.of()));
    }
    return out;
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "mpegts.m3u8",
            new PlaylistWindow(
                Variant.MPEGTS,
                2,
                0,
                40,
                0,
                null,
                segments(40, 6, "ts", false, 3),
                List.of(),
                null,
                false),
            false),
        new Case(
            "mpegts-ended.m3u8",
            new PlaylistWindow(
                Variant.MPEGTS,
                3,
                0,
                7,
                1,
                null,
                segments(7, 2, "ts", false, -1),
                List.of(),
                null,
                true),
            false),
        new Case(
            "fmp4.m3u8",
            new PlaylistWindow(
                Variant.FMP4,
                2,
                0,
                0,
                0,
                "init.mp4",
                segments(0, 3, "m4s", false, -1),
                List.of(),
                null,
                false),
            false),
        new Case(
            "low-latency.m3u8",
            new PlaylistWindow(
                Variant.LOW_LATENCY,
                2,
                0.2,
                10,
                0,
                "init.mp4",
                segments(10, 4, "m4s", true, -1),
                parts(14, 3, 0.2),
                "seg14.3.m4s",
                false),
            false),
        new Case(
            "low-latency-skip.m3u8",
            new PlaylistWindow(
                Variant.LOW_LATENCY,
                2,
                0.2,
                10,
                0,
                "init.mp4",
                segments(10, 8, "m4s", true, -1),
                parts(18, 1, 0.2),
                "seg18.1.m4s",
                false),
            true));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void rendersTheGoldenText(Case c) throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/golden/hls/" + c.golden())) {
      assertThat(in).as("golden file " + c.golden()).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Playlists.media(c.window(), c.skip())).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void multivariantCarriesCodecsAndResolution() {
    assertThat(
            Playlists.multivariant(
                "avc1.64001f,mp4a.40.2", 1280, 720, 2_200_000, "index.m3u8?_v=1"))
        .isEqualTo(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=2200000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720
            index.m3u8?_v=1
            """);
  }
}
