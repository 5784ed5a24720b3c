package io.arcly.stream.protocol.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderValuesTest {
  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(
            "ffmpeg 5.1 play over tcp",
            "RTP/AVP/TCP;unicast;interleaved=0-1",
            Transport.tcp(new PortRange(0, 1))),
        Arguments.of(
            "ffmpeg 5.1 publish over tcp",
            "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record",
            Transport.tcp(new PortRange(2, 3)).withMode(Transport.Mode.RECORD)),
        Arguments.of(
            "gstreamer 1.22 rtspclientsink, mode in capitals",
            "RTP/AVP/TCP;unicast;interleaved=0-1;mode=RECORD",
            Transport.tcp(new PortRange(0, 1)).withMode(Transport.Mode.RECORD)),
        Arguments.of(
            "ffmpeg 5.1 as a server, mode=receive",
            "RTP/AVP/TCP;unicast;mode=receive;interleaved=0-1",
            Transport.tcp(new PortRange(0, 1)).withMode(Transport.Mode.RECORD)),
        Arguments.of(
            "rfc2326 12.39 quoted mode",
            "RTP/AVP;unicast;client_port=3456-3457;mode=\"PLAY\"",
            Transport.udp(new PortRange(3456, 3457)).withMode(Transport.Mode.PLAY)),
        Arguments.of(
            "gstreamer 1.22 play over udp",
            "RTP/AVP;unicast;client_port=59936-59937",
            Transport.udp(new PortRange(59936, 59937))),
        Arguments.of(
            "server answer with server_port and ssrc",
            "RTP/AVP/UDP;unicast;client_port=31676-31677;server_port=8000-8001;ssrc=1A2B3C4D",
            new Transport(
                "RTP/AVP/UDP",
                Transport.Delivery.UNICAST,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                new PortRange(31676, 31677),
                new PortRange(8000, 8001),
                0x1A2B3C4DL,
                null,
                List.of())),
        Arguments.of(
            "multicast with destination, port and ttl, names in any case",
            "rtp/avp;Multicast;destination=224.2.0.1;PORT=3456-3457;ttl=16;append;layers=2;x-foo=\"a,b\"",
            new Transport(
                "RTP/AVP",
                Transport.Delivery.MULTICAST,
                "224.2.0.1",
                null,
                null,
                true,
                16,
                2,
                new PortRange(3456, 3457),
                null,
                null,
                null,
                null,
                List.of("x-foo=\"a,b\""))),
        Arguments.of(
            "live555 style, one port, trailing semicolon",
            "RTP/AVP;unicast;client_port=6970;",
            Transport.udp(new PortRange(6970, 6970))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void transportParsesAndFormatsBack(String name, String text, Transport expected) {
    Transport t = Transport.parse(text);
    assertThat(t).isEqualTo(expected);
    assertThat(Transport.parse(t.toString())).isEqualTo(t);
  }

  @Test
  void rfc2326Section1239MultipleTransports() {
    // A client offering TCP first, then UDP (RFC 2326 12.39: the server picks one).
    List<Transport> list =
        Transport.parseList(
            "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001 ,"
                + "RTP/AVP;multicast;ttl=127");
    assertThat(list).hasSize(3);
    assertThat(list.get(0).isTcp()).isTrue();
    assertThat(list.get(1).isUdp()).isTrue();
    assertThat(list.get(1).clientPort()).isEqualTo(PortRange.pair(5000));
    assertThat(list.get(2).isMulticast()).isTrue();
    assertThat(Transport.parseList(Transport.formatList(list))).isEqualTo(list);
    assertThat(list.get(1).modeOrPlay()).isEqualTo(Transport.Mode.PLAY);
  }

  @Test
  void transportsAreRefusedWhenMalformed() {
    for (String[] c :
        new String[][] {
          {"", "transport is empty"},
          {"RTP", "transport protocol \"RTP\" is not protocol/profile[/UDP|TCP]"},
          {"RTP/AVP/SCTP", "transport protocol \"RTP/AVP/SCTP\" is not protocol/profile[/UDP|TCP]"},
          {
            "RTP/AVP;interleaved=300-301",
            "transport interleaved \"300-301\" is not a range from 0 to 255"
          },
          {
            "RTP/AVP;client_port=5001-5000",
            "transport client_port \"5001-5000\" is not a range from 0 to 65535"
          },
          {"RTP/AVP;client_port", "transport client_port without a value"},
          {"RTP/AVP;ssrc=123456789", "transport ssrc \"123456789\" is not 1 to 8 hex digits"},
          {"RTP/AVP;mode=pause", "transport mode \"pause\" is unknown"},
          {"RTP/AVP;unicast;multicast", "transport names multicast twice"},
          {"RTP/AVP;x=\"open", "transport has an unbalanced quote"},
          {"RTP/AVP;ttl=256", "transport ttl \"256\" is not a number from 0 to 255"},
        }) {
      assertThatThrownBy(() -> Transport.parseList(c[0]))
          .as(c[0])
          .isInstanceOfSatisfying(RtspException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessage(c[1]);
    }
    assertThatThrownBy(
            () -> Transport.parse("RTP/AVP;unicast;client_port=1-2,RTP/AVP/TCP;interleaved=0-1"))
        .hasMessage("transport lists 2 alternatives, not one");
  }

  @Test
  void sessionHeader() {
    assertThat(SessionHeader.parse("12345678;timeout=60"))
        .isEqualTo(new SessionHeader("12345678", 60));
    assertThat(SessionHeader.parse(" 2699081550 ")).isEqualTo(SessionHeader.of("2699081550"));
    assertThat(SessionHeader.parse("abc.DEF-1_2+$; Timeout = 30 ;x=y").timeout()).isEqualTo(30);
    assertThat(SessionHeader.of("x").timeoutOrDefault()).isEqualTo(60);
    assertThat(new SessionHeader("a1", 45).toString()).isEqualTo("a1;timeout=45");
    assertThatThrownBy(() -> SessionHeader.parse(";timeout=60"))
        .isInstanceOf(RtspException.class)
        .hasMessage("session id must be 1 to 256 characters");
    assertThatThrownBy(() -> SessionHeader.parse("a;timeout=soon"))
        .hasMessage("session timeout \"soon\" is not a number");
    assertThatThrownBy(() -> SessionHeader.parse("a b")).isInstanceOf(RtspException.class);
  }

  @Test
  void rangeHeader() {
    assertThat(RangeHeader.parse("npt=0-")).isEqualTo(RangeHeader.NPT_FROM_ZERO);
    assertThat(RangeHeader.parse("npt=0.000-").start()).hasValue(0.0);
    assertThat(RangeHeader.parse("npt=now-"))
        .satisfies(
            r -> {
              assertThat(r.startsNow()).isTrue();
              assertThat(r.start()).isEmpty();
            });
    RangeHeader r = RangeHeader.parse("NPT = 00:01:02.5-3723.25");
    assertThat(r.start()).hasValue(62.5);
    assertThat(r.end()).hasValue(3723.25);
    assertThat(RangeHeader.parse("npt=-20").end()).hasValue(20.0);
    RangeHeader clock =
        RangeHeader.parse("clock=19961108T142300Z-19961108T143520Z;time=19970123T143720Z");
    assertThat(clock.unit()).isEqualTo("clock");
    assertThat(clock.start()).isEmpty();
    assertThat(clock.toString())
        .isEqualTo("clock=19961108T142300Z-19961108T143520Z;time=19970123T143720Z");
    assertThat(RangeHeader.parse("smpte=10:07:00-10:07:33:05.01").range())
        .isEqualTo("10:07:00-10:07:33:05.01");
    assertThat(RangeHeader.nptFrom(12.5).toString()).isEqualTo("npt=12.500-");
    for (String bad :
        new String[] {
          "npt", "npt=-", "npt=1:2-", "npt=abc-", "npt=1:60:00-", "=0-", "npt=1.2.3-"
        }) {
      assertThatThrownBy(() -> RangeHeader.parse(bad)).as(bad).isInstanceOf(RtspException.class);
    }
  }

  @Test
  void rtpInfoFormatsAndParsesUrlsWithSemicolonsAndCommas() {
    List<RtpInfo> info =
        List.of(
            new RtpInfo("rtsp://h/live/cam/trackID=0", 4541, 2973654829L),
            new RtpInfo("rtsp://h/live/cam?token=a;b,c/trackID=1", 1, 0));
    String text = RtpInfo.formatList(info);
    assertThat(text)
        .isEqualTo(
            "url=rtsp://h/live/cam/trackID=0;seq=4541;rtptime=2973654829,"
                + "url=rtsp://h/live/cam?token=a;b,c/trackID=1;seq=1;rtptime=0");
    assertThat(RtpInfo.parseList(text)).isEqualTo(info);
    assertThat(RtpInfo.parseList("url=\"rtsp://h/a/b\";ssrc=0A;seq=7, url=rtsp://h/a/c"))
        .containsExactly(new RtpInfo("rtsp://h/a/b", 7, -1), new RtpInfo("rtsp://h/a/c", -1, -1));
    assertThatThrownBy(() -> RtpInfo.parseList("seq=1"))
        .hasMessage("rtp-info entry \"seq=1\" has no url");
    assertThatThrownBy(() -> RtpInfo.parseList("url=x;seq=70000"))
        .hasMessage("rtp-info seq \"70000\" is not a number from 0 to 65535");
  }

  @Test
  void cseqAndPublic() {
    assertThat(RtspHeaders.cseq(Headers.of("CSeq", " 42 "))).isEqualTo(42);
    assertThat(RtspHeaders.cseq(Headers.EMPTY)).isEqualTo(-1);
    assertThatThrownBy(() -> RtspHeaders.cseq(Headers.of("CSeq", "-1")))
        .hasMessage("cseq \"-1\" is not a number");
    assertThat(RtspHeaders.parsePublic("OPTIONS, DESCRIBE,SETUP,, PLAY "))
        .containsExactly("OPTIONS", "DESCRIBE", "SETUP", "PLAY");
    assertThat(RtspHeaders.formatPublic(List.of("OPTIONS", "DESCRIBE")))
        .isEqualTo("OPTIONS, DESCRIBE");
    assertThatThrownBy(() -> RtspHeaders.parsePublic("OPTIONS, DE SCRIBE"))
        .isInstanceOf(RtspException.class);
  }
}
