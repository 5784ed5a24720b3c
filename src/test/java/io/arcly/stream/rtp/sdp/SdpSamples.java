package io.arcly.stream.rtp.sdp;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Session descriptions as real encoders, cameras and browsers write them. */
final class SdpSamples {
  private SdpSamples() {}

  /** ffmpeg 5.1 publishing H.264 and AAC (its ANNOUNCE body, captured). */
  static final String FFMPEG_ANNOUNCE =
      """
      v=0\r
      o=- 0 0 IN IP4 127.0.0.1\r
      s=No Name\r
      c=IN IP4 127.0.0.1\r
      t=0 0\r
      a=tool:libavformat LIBAVFORMAT_VERSION\r
      m=video 0 RTP/AVP 96\r
      b=AS:57\r
      a=rtpmap:96 H264/90000\r
      a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z2QADazZQUH7ARAAAAMAEAAAAwMg8UKZYA==,aOvjyyLA; profile-level-id=64000D\r
      a=control:streamid=0\r
      m=audio 0 RTP/AVP 97\r
      b=AS:127\r
      a=rtpmap:97 MPEG4-GENERIC/44100/2\r
      a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=121056E500\r
      a=control:streamid=1\r
      """;

  /** GStreamer 1.22 rtspclientsink publishing H.264 (its ANNOUNCE body, captured). */
  static final String GSTREAMER_ANNOUNCE =
      """
      v=0\r
      o=- 1643238855 1 IN IP4 127.0.0.1\r
      s=Session streamed with GStreamer\r
      i=rtspclientsink\r
      t=0 0\r
      a=tool:GStreamer\r
      m=video 0 RTP/AVP 96\r
      c=IN IP4 0.0.0.0\r
      b=AS:2097\r
      a=rtpmap:96 H264/90000\r
      a=framerate:30\r
      a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z/QADZGWQFB+wFqDAwMgAAADACAAAAeR4oVJ,aOvMRIRA;profile-level-id=f4000d;level-asymmetry-allowed=1\r
      a=control:stream=0\r
      a=ts-refclk:local\r
      a=mediaclk:sender\r
      a=ssrc:1761360574 cname:user3964956431@host-908c3889\r
      """;

  /**
   * A Hikvision camera's DESCRIBE answer (as such cameras write it): e=, absolute controls with a
   * query, an fmtp with spaces, an attribute ending in ";".
   */
  static final String HIKVISION =
      """
      v=0\r
      o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64\r
      s=Media Presentation\r
      e=NONE\r
      b=AS:5050\r
      t=0 0\r
      a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast\r
      m=video 0 RTP/AVP 96\r
      c=IN IP4 0.0.0.0\r
      b=AS:5000\r
      a=recvonly\r
      a=x-dimensions:1920,1080\r
      a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r
      a=rtpmap:96 H264/90000\r
      a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AKpWoHgCJ+WEAAAMD6AAAOpgh,aO48gA==\r
      a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000000000000000000000000000;\r
      a=appversion:1.0\r
      """;

  /** A Dahua camera's DESCRIBE answer: H.265 and static payload type 8 without an fmtp. */
  static final String DAHUA =
      """
      v=0\r
      o=- 2251938202 2251938202 IN IP4 0.0.0.0\r
      s=Media Server\r
      c=IN IP4 0.0.0.0\r
      t=0 0\r
      a=control:*\r
      a=packetization-supported:DH\r
      a=rtppayload-supported:DH\r
      a=range:npt=now-\r
      m=video 0 RTP/AVP 96\r
      a=control:trackID=0\r
      a=framerate:25.000000\r
      a=rtpmap:96 H265/90000\r
      a=fmtp:96 profile-id=1;sprop-sps=QgEBAWAAAAMAsAAAAwAAAwBdoAKAgC0WNrkky/AIAAADAAgAAAMAyEA=;sprop-pps=RAHA8vA8kAA=;sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwBdrAk=\r
      a=recvonly\r
      m=audio 0 RTP/AVP 8\r
      a=control:trackID=1\r
      a=rtpmap:8 PCMA/8000\r
      a=recvonly\r
      """;

  /**
   * A sloppy camera: LF line ends, trailing spaces, a blank line, no o= and no t=, an unknown line
   * type, an rtpmap with a trailing slash, upper-case attribute names.
   */
  static final String SLOPPY =
      "v=0\n"
          + "s=IP Camera \n"
          + "\n"
          + "y=something new\n"
          + "a=Control:*  \n"
          + "m=video 0 RTP/AVP 96\n"
          + "a=rtpmap:96 H264/90000/\n"
          + "a=FMTP:96 packetization-mode=1;profile-level-id=4D001F;;\n"
          + "a=control:track1 \n"
          + "a=SENDONLY\n";

  /** A Chrome WHIP offer, cut to the lines that matter: ICE, DTLS, BUNDLE, SSRCs, extensions. */
  static final String WEBRTC_OFFER =
      """
      v=0\r
      o=- 4215775240449105457 2 IN IP4 127.0.0.1\r
      s=-\r
      t=0 0\r
      a=group:BUNDLE 0 1\r
      a=extmap-allow-mixed\r
      a=msid-semantic: WMS stream\r
      m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r
      c=IN IP4 0.0.0.0\r
      a=rtcp:9 IN IP4 0.0.0.0\r
      a=ice-ufrag:EsAw\r
      a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r
      a=ice-options:trickle\r
      a=fingerprint:sha-256 DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09:DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF\r
      a=setup:actpass\r
      a=mid:0\r
      a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
      a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
      a=sendonly\r
      a=msid:stream audio\r
      a=rtcp-mux\r
      a=rtpmap:111 opus/48000/2\r
      a=rtcp-fb:111 transport-cc\r
      a=fmtp:111 minptime=10;useinbandfec=1\r
      a=ssrc:3232823383 cname:vRgAjzAmEKhVvRRU\r
      a=ssrc:3232823383 msid:stream audio\r
      m=video 9 UDP/TLS/RTP/SAVPF 96 97\r
      c=IN IP4 0.0.0.0\r
      a=ice-ufrag:EsAw\r
      a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r
      a=fingerprint:sha-256 DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09:DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF\r
      a=setup:actpass\r
      a=mid:1\r
      a=sendonly\r
      a=rtcp-mux\r
      a=rtcp-rsize\r
      a=rtpmap:96 H264/90000\r
      a=rtcp-fb:96 goog-remb\r
      a=rtcp-fb:96 nack\r
      a=rtcp-fb:96 nack pli\r
      a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r
      a=rtpmap:97 rtx/90000\r
      a=fmtp:97 apt=96\r
      a=ssrc-group:FID 1531262236 2871225553\r
      a=ssrc:1531262236 cname:vRgAjzAmEKhVvRRU\r
      a=ssrc:2871225553 cname:vRgAjzAmEKhVvRRU\r
      m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r
      c=IN IP4 0.0.0.0\r
      a=mid:2\r
      a=sctp-port:5000\r
      """;

  /** Every sample, named. */
  static Stream<Arguments> all() {
    return Stream.of(
        Arguments.of("ffmpeg 5.1 announce", FFMPEG_ANNOUNCE),
        Arguments.of("gstreamer 1.22 rtspclientsink announce", GSTREAMER_ANNOUNCE),
        Arguments.of("hikvision describe", HIKVISION),
        Arguments.of("dahua describe", DAHUA),
        Arguments.of("sloppy camera", SLOPPY),
        Arguments.of("chrome whip offer", WEBRTC_OFFER));
  }
}
