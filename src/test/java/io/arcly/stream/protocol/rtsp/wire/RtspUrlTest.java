package io.arcly.stream.protocol.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtspUrlTest {
  @Test
  void partsOfAUrlWithCredentialsPortPathAndQuery() {
    RtspUrl u = RtspUrl.parse("RTSP://alice:s%40cr%3At@Cam.example:8554/live/cam?token=abc&x=1");
    assertThat(u)
        .isEqualTo(
            new RtspUrl(
                "rtsp", "alice", "s@cr:t", "Cam.example", 8554, "/live/cam", "token=abc&x=1"));
    assertThat(u.toString())
        .isEqualTo("rtsp://alice:s%40cr:t@Cam.example:8554/live/cam?token=abc&x=1");
    assertThat(RtspUrl.parse(u.toString())).isEqualTo(u);
    assertThat(u.toStringWithoutCredentials())
        .isEqualTo("rtsp://Cam.example:8554/live/cam?token=abc&x=1");
    assertThat(u.hasCredentials()).isTrue();
  }

  @Test
  void camerasPasswordsWithRawAtSignsAndIpv6Hosts() {
    RtspUrl u = RtspUrl.parse("rtsp://admin:p@ss@192.168.1.10/Streaming/Channels/101");
    assertThat(u.user()).isEqualTo("admin");
    assertThat(u.password()).isEqualTo("p@ss");
    assertThat(u.host()).isEqualTo("192.168.1.10");
    assertThat(u.portOrDefault()).isEqualTo(554);
    RtspUrl v6 = RtspUrl.parse("rtsps://[::1]:8322/live/cam");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.toString()).isEqualTo("rtsps://[::1]:8322/live/cam");
    assertThat(RtspUrl.parse("rtsps://h").portOrDefault()).isEqualTo(322);
    assertThat(RtspUrl.parse("rtsp://user@h/x").password()).isNull();
    assertThat(RtspUrl.parse("rtsp://h:/x").port()).isEqualTo(-1);
  }

  static Stream<Arguments> controls() {
    return Stream.of(
        Arguments.of(
            "relative, base without slash (ffmpeg)",
            "rtsp://h/live/cam",
            "trackID=1",
            "rtsp://h/live/cam/trackID=1"),
        Arguments.of(
            "relative, base with slash (Content-Base)",
            "rtsp://h/live/cam/",
            "trackID=1",
            "rtsp://h/live/cam/trackID=1"),
        Arguments.of(
            "ffmpeg streamid",
            "rtsp://h:8554/live/cam",
            "streamid=0",
            "rtsp://h:8554/live/cam/streamid=0"),
        Arguments.of("aggregate star", "rtsp://h/live/cam/", "*", "rtsp://h/live/cam/"),
        Arguments.of("no control", "rtsp://h/live/cam", "", "rtsp://h/live/cam"),
        Arguments.of(
            "absolute",
            "rtsp://h/live/cam/",
            "rtsp://other:554/x/trackID=5",
            "rtsp://other:554/x/trackID=5"),
        Arguments.of(
            "absolute path",
            "rtsp://u:p@h:8554/live/cam/",
            "/other/track1",
            "rtsp://u:p@h:8554/other/track1"),
        Arguments.of(
            "after a query (Dahua)",
            "rtsp://h/cam/realmonitor?channel=1&subtype=0/",
            "trackID=0",
            "rtsp://h/cam/realmonitor?channel=1&subtype=0/trackID=0"),
        Arguments.of(
            "after a query without slash (ffmpeg)",
            "rtsp://h/live/cam?token=abc",
            "trackID=0",
            "rtsp://h/live/cam?token=abc/trackID=0"),
        Arguments.of(
            "control as a query",
            "rtsp://h/live/cam",
            "?ctype=video",
            "rtsp://h/live/cam?ctype=video"),
        Arguments.of(
            "credentials kept",
            "rtsp://u:p@h/live/cam/",
            "track1",
            "rtsp://u:p@h/live/cam/track1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controls")
  void controlsResolveAgainstTheBase(String name, String base, String control, String expected) {
    assertThat(RtspUrl.parse(base).resolve(control).toString()).isEqualTo(expected);
  }

  static Stream<Arguments> streamPaths() {
    return Stream.of(
        Arguments.of("rtsp://h/live/cam", new StreamPath("live/cam", null, null)),
        Arguments.of("rtsp://h/live/cam/", new StreamPath("live/cam", null, null)),
        Arguments.of("rtsp://h/live/cam/trackID=1", new StreamPath("live/cam", "trackID=1", null)),
        Arguments.of(
            "rtsp://h/live/cam/streamid=0", new StreamPath("live/cam", "streamid=0", null)),
        Arguments.of("rtsp://h/live/cam/stream=0", new StreamPath("live/cam", "stream=0", null)),
        Arguments.of("rtsp://h/live/cam/track2", new StreamPath("live/cam", "track2", null)),
        Arguments.of(
            "rtsp://h/live/cam/trackID=1?token=a",
            new StreamPath("live/cam", "trackID=1", "token=a")),
        Arguments.of(
            "rtsp://h/live/cam?token=abc/trackID=0",
            new StreamPath("live/cam", "trackID=0", "token=abc")),
        Arguments.of("rtsp://h/live/cam?token=abc/", new StreamPath("live/cam", null, "token=abc")),
        Arguments.of(
            "rtsp://h/live/cam?token=ab/cd==", new StreamPath("live/cam", null, "token=ab/cd==")),
        Arguments.of("rtsp://h/live/tracking", new StreamPath("live/tracking", null, null)),
        Arguments.of("rtsp://h", new StreamPath("", null, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  void serverSplitsPathTrackAndQuery(String url, StreamPath expected) {
    assertThat(RtspUrl.parse(url).streamPath()).isEqualTo(expected);
  }

  @Test
  void capturedSetupUrlsSplitIntoTheirTracks() {
    // ffmpeg 5.1 and GStreamer 1.22, as captured in vectors/rtsp.
    assertThat(RtspUrl.parse("rtsp://127.0.0.1:18554/live/cam?token=abc/trackID=1").streamPath())
        .isEqualTo(new StreamPath("live/cam", "trackID=1", "token=abc"));
    assertThat(RtspUrl.parse("rtsp://127.0.0.1:18554/live/cam?token=abc/").streamPath())
        .isEqualTo(new StreamPath("live/cam", null, "token=abc"));
    assertThat(RtspUrl.parse("rtsp://127.0.0.1:18558/live/cam/stream=0").streamPath().track())
        .isEqualTo("stream=0");
  }

  @Test
  void sameResourceIgnoresCredentialsCaseDefaultPortAndTrailingSlash() {
    RtspUrl a = RtspUrl.parse("rtsp://u:p@HOST:554/live/cam/");
    assertThat(a.sameResource(RtspUrl.parse("RTSP://host/live/cam"))).isTrue();
    assertThat(a.sameResource(RtspUrl.parse("rtsp://host:8554/live/cam"))).isFalse();
    assertThat(a.sameResource(RtspUrl.parse("rtsp://host/live/Cam"))).isFalse();
    assertThat(RtspUrl.parse("rtsp://h/a/b?t=1/").sameResource(RtspUrl.parse("rtsp://h/a/b?t=1")))
        .isTrue();
  }

  @Test
  void contentBaseComesFromTheAnswerOrTheDescribedUrl() {
    RtspUrl described = RtspUrl.parse("rtsp://u:p@h/live/cam");
    assertThat(
            RtspUrl.contentBase(Headers.of("Content-Base", "rtsp://h/live/cam/"), described)
                .toString())
        .isEqualTo("rtsp://u:p@h/live/cam/");
    assertThat(RtspUrl.contentBase(Headers.of("Content-Location", "rtsp://h/x/"), described).path())
        .isEqualTo("/x/");
    assertThat(RtspUrl.contentBase(Headers.EMPTY, described)).isSameAs(described);
  }

  @Test
  void malformedUrlsAreRefused() {
    for (String[] c :
        new String[][] {
          {"http://h/a", "url scheme \"http\" is not rtsp or rtsps"},
          {"h/a/b", "url \"h/a/b\" has no scheme"},
          {"rtsp:///a/b", "url host is empty"},
          {"rtsp://h:0/a", "url port \"0\" is not a number from 1 to 65535"},
          {"rtsp://h:99999/a", "url port \"99999\" is not a number from 1 to 65535"},
          {"rtsp://h/a b", "url holds character U+0020 at 10"},
          {"rtsp://h/caméra", "url holds character U+00E9 at 12"},
          {"rtsp://[::1/a", "url host \"[::1\" lacks its ]"},
          {"rtsp://u:%zz@h/a", "url credentials hold a bad percent escape"},
          {"rtsp://u:%ff@h/a", "url credentials are not utf-8 once decoded"},
          {"rtsp://h$x/a", "url host \"h$x\" holds $"},
        }) {
      assertThatThrownBy(() -> RtspUrl.parse(c[0]))
          .as(c[0])
          .isInstanceOfSatisfying(RtspException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessage(c[1]);
    }
    String longUrl = "rtsp://h/" + "a".repeat(RtspUrl.MAX_LENGTH);
    assertThatThrownBy(() -> RtspUrl.parse(longUrl))
        .hasMessage("url of 4105 characters is longer than 4096");
  }
}
