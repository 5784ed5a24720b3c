package io.arcly.stream.rtp.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionDescriptionTest {
  @Test
  void ffmpegAnnounceReadsTracksRtpmapsFmtpsAndControls() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.FFMPEG_ANNOUNCE);
    assertThat(sd.origin()).isEqualTo(new Origin("-", "0", "0", "IN", "IP4", "127.0.0.1"));
    assertThat(sd.sessionName()).isEqualTo("No Name");
    assertThat(sd.connection()).isEqualTo(Connection.ip4("127.0.0.1"));
    assertThat(sd.timings()).containsExactly(Timing.UNBOUNDED);
    assertThat(sd.attribute("tool")).hasValue("libavformat LIBAVFORMAT_VERSION");
    assertThat(sd.media()).hasSize(2);
    MediaDescription video = sd.media().get(0);
    assertThat(video.media()).isEqualTo("video");
    assertThat(video.port()).isZero();
    assertThat(video.proto()).isEqualTo("RTP/AVP");
    assertThat(video.payloadTypes()).containsExactly(96);
    assertThat(video.bandwidths()).containsExactly(new Bandwidth("AS", 57));
    assertThat(video.rtpMap(96)).hasValue(new RtpMap(96, "H264", 90000, 0));
    assertThat(video.fmtp(96))
        .containsExactly(
            Map.entry("packetization-mode", "1"),
            Map.entry("sprop-parameter-sets", "Z2QADazZQUH7ARAAAAMAEAAAAwMg8UKZYA==,aOvjyyLA"),
            Map.entry("profile-level-id", "64000D"));
    assertThat(video.control()).hasValue("streamid=0");
    MediaDescription audio = sd.media().get(1);
    assertThat(audio.firstRtpMap()).hasValue(new RtpMap(97, "MPEG4-GENERIC", 44100, 2));
    assertThat(audio.fmtp(97))
        .containsEntry("config", "121056E500")
        .containsEntry("mode", "AAC-hbr");
    assertThat(sd.direction(audio)).isEqualTo(Direction.SENDRECV);
  }

  @Test
  void gstreamerAnnounceKeepsMediaConnectionAndSsrcAttribute() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.GSTREAMER_ANNOUNCE);
    MediaDescription video = sd.media().get(0);
    assertThat(sd.information()).isEqualTo("rtspclientsink");
    assertThat(sd.connection()).isNull();
    assertThat(sd.connection(video)).isEqualTo(Connection.ip4("0.0.0.0"));
    assertThat(video.control()).hasValue("stream=0");
    assertThat(video.attributeValues("ssrc"))
        .containsExactly("1761360574 cname:user3964956431@host-908c3889");
    assertThat(video.fmtp(96)).containsEntry("level-asymmetry-allowed", "1");
  }

  @Test
  void hikvisionKeepsAbsoluteControlsAndSkipsEmailLine() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.HIKVISION);
    assertThat(sd.control())
        .hasValue("rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast");
    assertThat(sd.bandwidths()).containsExactly(new Bandwidth("AS", 5050));
    MediaDescription v = sd.media().get(0);
    assertThat(v.control())
        .hasValue("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast");
    assertThat(sd.direction(v)).isEqualTo(Direction.RECVONLY);
    assertThat(v.fmtp(96)).containsEntry("profile-level-id", "420029").hasSize(3);
    assertThat(v.attribute("media_header")).hasValueSatisfying(s -> assertThat(s).endsWith(";"));
  }

  @Test
  void dahuaStaticPayloadTypeAndSessionRange() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.DAHUA);
    assertThat(sd.control()).hasValue("*");
    assertThat(sd.range()).hasValue("npt=now-");
    assertThat(sd.media().get(0).rtpMap(96)).hasValue(new RtpMap(96, "H265", 90000, 0));
    MediaDescription audio = sd.media().get(1);
    assertThat(audio.rtpMap(8)).hasValue(new RtpMap(8, "PCMA", 8000, 0));
    assertThat(audio.fmtp(8)).isEmpty();
  }

  @Test
  void staticPayloadTypeWithoutRtpmapComesFromRfc3551() {
    SessionDescription sd = SessionDescription.parse("v=0\r\nm=audio 0 RTP/AVP 0\r\n");
    assertThat(sd.media().get(0).firstRtpMap()).hasValue(new RtpMap(0, "PCMU", 8000, 1));
    assertThat(sd.media().get(0).rtpMap(96)).isEmpty();
  }

  @Test
  void sloppyCameraIsRead() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.SLOPPY);
    assertThat(sd.origin()).isNull();
    assertThat(sd.timings()).containsExactly(Timing.UNBOUNDED);
    assertThat(sd.sessionName()).isEqualTo("IP Camera");
    assertThat(sd.control()).hasValue("*");
    MediaDescription v = sd.media().get(0);
    assertThat(v.rtpMap(96)).hasValue(new RtpMap(96, "H264", 90000, 0));
    assertThat(v.fmtp(96))
        .containsExactly(
            Map.entry("packetization-mode", "1"), Map.entry("profile-level-id", "4D001F"));
    assertThat(v.control()).hasValue("track1");
    assertThat(sd.direction(v)).isEqualTo(Direction.SENDONLY);
    // Written back, it has the t= line RFC 8866 requires.
    assertThat(sd.toString()).contains("t=0 0\r\n").doesNotContain("\n\n");
  }

  @Test
  void webrtcOfferAttributesForIceDtlsAndBundle() {
    SessionDescription sd = SessionDescription.parse(SdpSamples.WEBRTC_OFFER);
    assertThat(sd.attribute("group")).hasValue("BUNDLE 0 1");
    assertThat(sd.hasAttribute("extmap-allow-mixed")).isTrue();
    MediaDescription audio = sd.media().get(0);
    assertThat(audio.port()).isEqualTo(9);
    assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
    assertThat(audio.attribute("ice-ufrag")).hasValue("EsAw");
    assertThat(audio.attribute("fingerprint"))
        .hasValueSatisfying(f -> assertThat(f).startsWith("sha-256 DA:39"));
    assertThat(audio.attribute("setup")).hasValue("actpass");
    assertThat(audio.attribute("mid")).hasValue("0");
    assertThat(audio.attribute("rtcp-mux")).hasValue("");
    assertThat(audio.attributeValues("extmap")).hasSize(2);
    assertThat(audio.rtpMap(111)).hasValue(new RtpMap(111, "opus", 48000, 2));
    assertThat(audio.fmtp(111)).containsEntry("useinbandfec", "1");
    assertThat(sd.direction(audio)).isEqualTo(Direction.SENDONLY);
    assertThat(Direction.SENDONLY.reversed()).isEqualTo(Direction.RECVONLY);
    MediaDescription video = sd.media().get(1);
    assertThat(video.attributeValues("rtcp-fb"))
        .containsExactly("96 goog-remb", "96 nack", "96 nack pli");
    assertThat(video.fmtp(97)).containsExactly(Map.entry("apt", "96"));
    assertThat(video.rtpMaps()).extracting(RtpMap::encoding).containsExactly("H264", "rtx");
    MediaDescription data = sd.media().get(2);
    assertThat(data.formats()).containsExactly("webrtc-datachannel");
    assertThat(data.payloadTypes()).isEmpty();
  }

  static Stream<Arguments> samples() {
    return SdpSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void writtenWithCrlfAndParsedBackEqual(String name, String text) {
    SessionDescription sd = SessionDescription.parse(text);
    String written = sd.toString();
    assertThat(written).startsWith("v=0\r\n").endsWith("\r\n");
    assertThat(written.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    assertThat(SessionDescription.parse(written)).isEqualTo(sd);
    assertThat(SessionDescription.parse(sd.toBytes())).isEqualTo(sd);
  }

  @Test
  void builtDescriptionWritesInRfcOrder() {
    MediaDescription video =
        MediaDescription.of(
            "video",
            "RTP/AVP",
            List.of("96"),
            List.of(
                Attribute.of("rtpmap", new RtpMap(96, "H264", 90000, 0).toString()),
                Attribute.of("fmtp", new Fmtp("96", Map.of("packetization-mode", "1")).toString()),
                Attribute.of("control", "trackID=0")));
    SessionDescription sd =
        SessionDescription.of(
            Origin.of("1", "1", "127.0.0.1"),
            "live/cam",
            Connection.ip4("0.0.0.0"),
            List.of(Attribute.of("control", "*"), Attribute.of("range", "npt=now-")),
            List.of(video, video.withPort(0).withAttribute(Attribute.property("recvonly"))));
    assertThat(sd.toString())
        .isEqualTo(
            """
            v=0\r
            o=- 1 1 IN IP4 127.0.0.1\r
            s=live/cam\r
            c=IN IP4 0.0.0.0\r
            t=0 0\r
            a=control:*\r
            a=range:npt=now-\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1\r
            a=control:trackID=0\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1\r
            a=control:trackID=0\r
            a=recvonly\r
            """);
  }

  @Test
  void fmtpToleratesSpacesTrailingSemicolonsAndKeysWithoutValue() {
    Fmtp f = Fmtp.parse("101  0-15 ; Profile-Level-Id = 42e01f;; sprop=a=b ;");
    assertThat(f.format()).isEqualTo("101");
    assertThat(f.parameters())
        .containsExactly(
            Map.entry("0-15", ""),
            Map.entry("profile-level-id", "42e01f"),
            Map.entry("sprop", "a=b"));
    assertThat(Fmtp.parse(f.toString())).isEqualTo(f);
  }

  @Test
  void rtpmapValuesParseAndFail() {
    assertThat(RtpMap.parse("97 MPEG4-GENERIC/44100/2"))
        .isEqualTo(new RtpMap(97, "MPEG4-GENERIC", 44100, 2));
    assertThat(RtpMap.parse("  0   PCMU/8000 ")).isEqualTo(new RtpMap(0, "PCMU", 8000, 0));
    assertThatThrownBy(() -> RtpMap.parse("96 H264")).hasMessage("rtpmap without a clock rate");
    assertThatThrownBy(() -> RtpMap.parse("128 H264/90000"))
        .hasMessage("rtpmap payload type \"128\" is larger than 127");
    assertThatThrownBy(() -> RtpMap.parse("96 H264/0")).hasMessage("rtpmap clock rate is 0");
    assertThatThrownBy(() -> RtpMap.parse("x H264/90000"))
        .hasMessage("rtpmap payload type \"x\" is not a number");
  }

  static Stream<Arguments> refused() {
    String v = "v=0\r\n";
    return Stream.of(
        Arguments.of("empty", "", "the description is empty"),
        Arguments.of("only blank lines", "\r\n\n", "the description is empty"),
        Arguments.of(
            "origin first",
            "o=- 0 0 IN IP4 h\r\nv=0\r\n",
            "line 1: the description does not start with v="),
        Arguments.of("version 1", "v=1\r\n", "line 1: version \"1\" is not 0"),
        Arguments.of("second version", v + "v=0\r\n", "line 2: a second v= line"),
        Arguments.of("no equals", v + "s=x\r\nhello\r\n", "line 3: not a type=value line"),
        Arguments.of("digit type", v + "1=x\r\n", "line 2: not a type=value line"),
        Arguments.of("space before equals", v + "a =x\r\n", "line 2: not a type=value line"),
        Arguments.of(
            "rtpmap without a clock rate on line 7",
            v
                + "o=- 0 0 IN IP4 h\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=control:trackID=0\r\na=rtpmap:96 H264\r\n",
            "line 7: rtpmap without a clock rate"),
        Arguments.of(
            "origin with 5 fields", v + "o=- 0 0 IN IP4\r\n", "line 2: origin has 5 fields, not 6"),
        Arguments.of(
            "connection with 2 fields",
            v + "c=IN IP4\r\n",
            "line 2: connection has 2 fields, not 3"),
        Arguments.of(
            "media port not a number",
            v + "m=video x RTP/AVP 96\r\n",
            "line 2: media port \"x\" is not a number"),
        Arguments.of(
            "media port too large",
            v + "m=video 70000 RTP/AVP 96\r\n",
            "line 2: media port \"70000\" is larger than 65535"),
        Arguments.of(
            "media port count 0",
            v + "m=video 0/0 RTP/AVP 96\r\n",
            "line 2: media port count is 0"),
        Arguments.of(
            "media without protocol",
            v + "m=video 0\r\n",
            "line 2: media line needs a type, a port and a protocol"),
        Arguments.of("bandwidth without type", v + "b=57\r\n", "line 2: bandwidth without a type"),
        Arguments.of(
            "timing not numbers",
            v + "t=now later\r\n",
            "line 2: timing start \"now\" is not a number"),
        Arguments.of(
            "attribute name not a token",
            v + "a=con trol:x\r\n",
            "line 2: attribute name \"con trol\" is not a token"),
        Arguments.of("empty attribute", v + "a=\r\n", "line 2: attribute name \"\" is not a token"),
        Arguments.of(
            "nul in a line",
            v + "s=a\0b\r\n",
            "line 2: line holds a nul or a lone carriage return"),
        Arguments.of(
            "fmtp without format",
            v + "m=video 0 RTP/AVP 96\r\na=fmtp:\r\n",
            "line 3: fmtp without a format"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void malformedDescriptionsAreRefusedNamingTheLine(String name, String text, String message) {
    assertThatThrownBy(() -> SessionDescription.parse(text))
        .isInstanceOf(SdpException.class)
        .hasMessage(message);
  }

  @Test
  void limitsHold() {
    StringBuilder media = new StringBuilder("v=0\r\n");
    for (int i = 0; i < SessionDescription.MAX_MEDIA; i++) {
      media.append("m=video 0 RTP/AVP 96\r\n");
    }
    assertThat(SessionDescription.parse(media.toString()).media()).hasSize(64);
    media.append("m=video 0 RTP/AVP 96\r\n");
    assertThatThrownBy(() -> SessionDescription.parse(media.toString()))
        .hasMessage("line 66: more than 64 media sections");

    StringBuilder attrs = new StringBuilder("v=0\r\nm=video 0 RTP/AVP 96\r\n");
    for (int i = 0; i < SessionDescription.MAX_ATTRIBUTES; i++) {
      attrs.append("a=x-").append(i).append("\r\n");
    }
    assertThat(SessionDescription.parse(attrs.toString()).media().get(0).attributes()).hasSize(256);
    attrs.append("a=one-more\r\n");
    assertThatThrownBy(() -> SessionDescription.parse(attrs.toString()))
        .hasMessage("line 259: media section has more than 256 attributes");

    String longLine = "v=0\r\na=x:" + "y".repeat(SessionDescription.MAX_LINE) + "\r\n";
    assertThatThrownBy(() -> SessionDescription.parse(longLine))
        .hasMessage("line 2: line is longer than 4096 bytes");

    byte[] big = ("v=0\r\n" + "a=x\r\n".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SessionDescription.parse(big))
        .hasMessage("description of 100005 bytes is longer than 65536");
  }

  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    r.run(); // classes loaded and code warmed once
    long before = threads.getCurrentThreadAllocatedBytes();
    r.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void lookingUpEveryPayloadTypeCostsLinearNotQuadratic() {
    // A WebRTC offer lists dozens of payload types, each with rtpmap, fmtp and rtcp-fb lines.
    StringBuilder text = new StringBuilder("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF");
    for (int pt = 0; pt < 120; pt++) {
      text.append(' ').append(pt);
    }
    text.append("\r\n");
    for (int pt = 0; pt < 120; pt++) {
      text.append("a=rtpmap:").append(pt).append(" H264/90000\r\n");
      text.append("a=fmtp:").append(pt).append(" packetization-mode=1;profile-level-id=42e01f\r\n");
    }
    MediaDescription m = SessionDescription.parse(text.toString()).media().get(0);
    long bytes =
        allocatedBy(
            () -> {
              for (int pt : m.payloadTypes()) {
                m.rtpMap(pt).orElseThrow();
                m.fmtp(pt);
              }
            });
    assertThat(bytes).as("bytes allocated for 120 lookups of each").isLessThan(1_000_000);
  }

  @Test
  void parsingAllocatesAFewTimesTheDescription() {
    byte[] text = SdpSamples.WEBRTC_OFFER.getBytes(StandardCharsets.UTF_8);
    long bytes = allocatedBy(() -> SessionDescription.parse(text));
    assertThat(bytes).as("bytes allocated for %d bytes", text.length).isLessThan(32L * text.length);
  }

  @Test
  void attributesBeforeAnyMediaAreSessionLevelAndLookupIgnoresCase() {
    SessionDescription sd =
        SessionDescription.parse("v=0\r\na=Range:npt=0-\r\na=recvonly\r\nm=audio 0 RTP/AVP 0\r\n");
    assertThat(sd.range()).hasValue("npt=0-");
    assertThat(sd.direction(sd.media().get(0))).isEqualTo(Direction.RECVONLY);
    assertThat(sd.media().get(0).range()).isEmpty();
  }
}
