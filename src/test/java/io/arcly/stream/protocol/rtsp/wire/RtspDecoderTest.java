package io.arcly.stream.protocol.rtsp.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.rtp.sdp.SessionDescription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RtspDecoderTest {
  static final List<String> NAMES = Captures.NAMES;

  private static List<RtspMessage> decodeAll(byte[] bytes) {
    List<RtspMessage> out = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    new RtspDecoder().decode(in, m -> out.add(m));
    assertThat(in.remaining()).as("bytes left").isZero();
    return out;
  }

  private static List<RtspMessage> decodeAll(String text) {
    return decodeAll(text.getBytes(ISO_8859_1));
  }

  private static RtspException refusal(String text) {
    return refusal(text.getBytes(ISO_8859_1));
  }

  private static RtspException refusal(byte[] bytes) {
    RtspDecoder d = new RtspDecoder();
    try {
      d.decode(ByteBuffer.wrap(bytes), m -> {});
    } catch (RtspException e) {
      assertThat(d.failed()).isTrue();
      assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(new byte[] {'$'}), m -> {})).isSameAs(e);
      return e;
    }
    throw new AssertionError("not refused");
  }

  private static List<RtspRequest> requests(List<RtspMessage> ms) {
    return ms.stream().filter(RtspRequest.class::isInstance).map(RtspRequest.class::cast).toList();
  }

  @Test
  void ffmpeg51PlayWithDigestAndQueryToken() {
    List<RtspRequest> r = requests(decodeAll(Captures.read("ffmpeg-play.client")));
    assertThat(r)
        .extracting(RtspRequest::method)
        .containsExactly("OPTIONS", "DESCRIBE", "DESCRIBE", "SETUP", "SETUP", "PLAY");
    assertThat(r).extracting(RtspRequest::cseq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(r.get(3).uri()).isEqualTo("rtsp://127.0.0.1:18554/live/cam?token=abc/trackID=0");
    assertThat(r.get(3).headers().get("transport")).hasValue("RTP/AVP/TCP;unicast;interleaved=0-1");
    assertThat(r.get(2).headers().get(RtspHeaders.AUTHORIZATION))
        .hasValueSatisfying(a -> assertThat(a).startsWith("Digest username=\"alice\""));
    assertThat(r.get(5).headers().get("Range")).hasValue("npt=0.000-");
    assertThat(r.get(0).version()).isEqualTo("RTSP/1.0");
    assertThat(r.get(0).headers().get("User-Agent")).hasValue("Lavf59.27.100");
  }

  @Test
  void vlcLive555StylePlayOverUdp() {
    // Written by hand after live555's RTSPClient (VLC 3.0 of Debian 12 lacks its live555 module):
    // a User-Agent naming both, a SETUP per track with client ports, PLAY on the Content-Base.
    String ua = "User-Agent: LibVLC/3.0.18 (LIVE555 Streaming Media v2021.08.24)\r\n";
    String text =
        "OPTIONS rtsp://h:8554/live/cam RTSP/1.0\r\nCSeq: 2\r\n"
            + ua
            + "\r\nDESCRIBE rtsp://h:8554/live/cam RTSP/1.0\r\nCSeq: 3\r\n"
            + ua
            + "Accept: application/sdp\r\n\r\n"
            + "SETUP rtsp://h:8554/live/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\n"
            + ua
            + "Transport: RTP/AVP;unicast;client_port=50000-50001\r\n\r\n"
            + "PLAY rtsp://h:8554/live/cam/ RTSP/1.0\r\nCSeq: 5\r\n"
            + ua
            + "Session: 12345678\r\nRange: npt=0.000-\r\n\r\n"
            + "GET_PARAMETER rtsp://h:8554/live/cam/ RTSP/1.0\r\nCSeq: 6\r\n"
            + ua
            + "Session: 12345678\r\n\r\n";
    List<RtspRequest> r = requests(decodeAll(text));
    assertThat(r)
        .extracting(RtspRequest::method)
        .containsExactly("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "GET_PARAMETER");
    assertThat(Transport.parse(r.get(2).headers().get("Transport").orElseThrow()).clientPort())
        .isEqualTo(PortRange.pair(50000));
    assertThat(RtspUrl.parse(r.get(3).uri()).streamPath())
        .isEqualTo(new StreamPath("live/cam", null, null));
    assertThat(RangeHeader.parse(r.get(3).headers().get("Range").orElseThrow()).start())
        .hasValue(0.0);
  }

  @Test
  void gstreamer122SendsTwoUserAgentHeaders() {
    RtspRequest options = requests(decodeAll(Captures.read("gst-play.client"))).get(0);
    assertThat(options.headers().all("user-agent"))
        .containsExactly(
            "GStreamer/1.22.0",
            "RealMedia Player Version 6.0.9.1235 (linux-2.0-libc6-i386-gcc2.95)");
    assertThat(options.headers().size()).isEqualTo(10);
  }

  @Test
  void ffmpeg51PublishAnnouncesSdpThenSendsInterleavedFrames() {
    List<RtspMessage> all = decodeAll(Captures.read("ffmpeg-publish.client"));
    List<RtspRequest> r = requests(all);
    assertThat(r)
        .extracting(RtspRequest::method)
        .containsExactly("OPTIONS", "ANNOUNCE", "ANNOUNCE", "SETUP", "SETUP", "RECORD");
    RtspRequest announce = r.get(2);
    assertThat(announce.body().length()).isEqualTo(509);
    SessionDescription sdp = SessionDescription.parse(announce.body().toByteArray());
    assertThat(sdp.media())
        .extracting(m -> m.control().orElseThrow())
        .containsExactly("streamid=0", "streamid=1");
    Transport t = Transport.parse(r.get(4).headers().get("Transport").orElseThrow());
    assertThat(t.interleaved()).isEqualTo(new PortRange(2, 3));
    assertThat(t.mode()).isEqualTo(Transport.Mode.RECORD);
    List<InterleavedFrame> frames =
        all.stream()
            .filter(InterleavedFrame.class::isInstance)
            .map(InterleavedFrame.class::cast)
            .toList();
    assertThat(frames).isNotEmpty();
    assertThat(frames).extracting(InterleavedFrame::channel).allMatch(c -> c >= 0 && c <= 3);
    // RTP version 2 in every packet on the even (RTP) channels
    assertThat(frames)
        .filteredOn(f -> f.channel() % 2 == 0)
        .allMatch(f -> (f.data().get(0) & 0xC0) == 0x80);
  }

  @Test
  void ffmpegAsServerAnswersIncludingA501WithoutCseq() {
    List<RtspMessage> all = decodeAll(Captures.read("ffmpeg-listen.server"));
    List<RtspResponse> rs = all.stream().map(RtspResponse.class::cast).toList();
    assertThat(rs).extracting(RtspResponse::status).containsExactly(200, 200, 200, 200, 200, 501);
    assertThat(rs.get(0).headers().get("Public"))
        .hasValue("ANNOUNCE, PAUSE, SETUP, TEARDOWN, RECORD");
    Transport t = Transport.parse(rs.get(2).headers().get("Transport").orElseThrow());
    assertThat(t.mode()).as("ffmpeg's mode=receive").isEqualTo(Transport.Mode.RECORD);
    assertThat(SessionHeader.parse(rs.get(2).headers().get("Session").orElseThrow()).id())
        .isEqualTo("2699081550");
    assertThat(rs.get(5).reason()).isEqualTo("Not Implemented");
    assertThat(rs.get(5).cseq()).isEqualTo(-1);
  }

  @Test
  void captureCutInTheMiddleOfAFrameLeavesTheDecoderMidMessage() {
    byte[] bytes = Captures.read("ffmpeg-listen.client");
    RtspDecoder d = new RtspDecoder();
    List<RtspMessage> out = Captures.feed(d, bytes, 1000, 100);
    assertThat(requests(out)).extracting(RtspRequest::method).startsWith("OPTIONS", "ANNOUNCE");
    assertThat(d.midMessage()).isTrue();
  }

  @ParameterizedTest
  @FieldSource("NAMES")
  void everyCaptureDecodesTheSameInAnyPieces(String name) {
    byte[] bytes = Captures.read(name);
    List<RtspMessage> whole = Captures.feed(new RtspDecoder(), bytes, bytes.length, bytes.length);
    Random random = new Random(name.hashCode());
    for (int[] stepAndCapacity :
        new int[][] {{1, 70_000}, {7, 70_000}, {1500, 70_000}, {3, 16}, {100, 100}, {4096, 4096}}) {
      assertThat(Captures.feed(new RtspDecoder(), bytes, stepAndCapacity[0], stepAndCapacity[1]))
          .as("step %d, buffer %d", stepAndCapacity[0], stepAndCapacity[1])
          .isEqualTo(whole);
    }
    for (int i = 0; i < 20; i++) {
      int step = 1 + random.nextInt(600);
      int capacity = step + random.nextInt(2000);
      assertThat(Captures.feed(new RtspDecoder(), bytes, step, capacity)).isEqualTo(whole);
    }
  }

  @Test
  void wholeFrameIsAViewOfTheInputWithoutCopy() {
    byte[] bytes = {'$', 1, 0, 3, 10, 20, 30};
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<InterleavedFrame> out = new ArrayList<>();
    new RtspDecoder().decode(in, m -> out.add((InterleavedFrame) m));
    assertThat(out.get(0).channel()).isEqualTo(1);
    assertThat(out.get(0).length()).isEqualTo(3);
    bytes[5] = 99; // the caller's next read overwrites its buffer
    assertThat(out.get(0).data().get(1)).as("a view, not a copy").isEqualTo((byte) 99);
    assertThat(out.get(0).data().isReadOnly()).isTrue();
  }

  @Test
  void partialFrameWaitsInTheCallersBufferWhenItFits() {
    ByteBuffer in = ByteBuffer.allocate(1024);
    in.put(new byte[] {'$', 0, 0, 10, 1, 2, 3}).flip();
    List<RtspMessage> out = new ArrayList<>();
    RtspDecoder d = new RtspDecoder();
    d.decode(in, out::add);
    assertThat(out).isEmpty();
    assertThat(in.position()).as("nothing consumed").isZero();
    in.compact().put(new byte[] {4, 5, 6, 7, 8, 9, 10}).flip();
    d.decode(in, out::add);
    assertThat(out).hasSize(1);
    assertThat(((InterleavedFrame) out.get(0)).data())
        .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  }

  @Test
  void framesFromZeroToTheLargestLengthPassThroughASmallBuffer() {
    byte[] big = new byte[4 + 65535];
    big[0] = '$';
    big[1] = 7;
    big[2] = (byte) 0xFF;
    big[3] = (byte) 0xFF;
    for (int i = 4; i < big.length; i++) {
      big[i] = (byte) i;
    }
    byte[] empty = {'$', 2, 0, 0};
    byte[] all = new byte[big.length + empty.length];
    System.arraycopy(big, 0, all, 0, big.length);
    System.arraycopy(empty, 0, all, big.length, empty.length);
    List<RtspMessage> out = Captures.feed(new RtspDecoder(), all, 1000, 1500);
    assertThat(out).hasSize(2);
    InterleavedFrame f = (InterleavedFrame) out.get(0);
    assertThat(f.channel()).isEqualTo(7);
    assertThat(f.data()).isEqualTo(ByteBuffer.wrap(big, 4, 65535));
    assertThat(((InterleavedFrame) out.get(1)).length()).isZero();
  }

  @Test
  void pipelinedRequestsKeepAlivesAndLfLineEnds() {
    String text =
        "OPTIONS rtsp://h/live/cam RTSP/1.0\nCSeq: 1\n\n"
            + "\r\n\r\n"
            + "GET_PARAMETER rtsp://h/live/cam RTSP/1.0\r\nCSeq: 2\r\nSession: 1\r\n\r\n"
            + "SET_PARAMETER rtsp://h/live/cam RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 4\r\n\r\nab\r\n"
            + "TEARDOWN rtsp://h/live/cam RTSP/1.0\r\nCSeq: 4\r\n\r\n";
    List<RtspRequest> r = requests(decodeAll(text));
    assertThat(r)
        .extracting(RtspRequest::method)
        .containsExactly("OPTIONS", "GET_PARAMETER", "SET_PARAMETER", "TEARDOWN");
    assertThat(r.get(2).body().toByteArray()).isEqualTo("ab\r\n".getBytes(ISO_8859_1));
  }

  @Test
  void foldedHeadersSpacesAroundColonsAndAResponseWithoutReason() {
    List<RtspMessage> ms =
        decodeAll("RTSP/1.0 200\r\nCSeq : 7\r\nPublic: OPTIONS,\r\n  DESCRIBE\r\nX-Empty:\r\n\r\n");
    RtspResponse r = (RtspResponse) ms.get(0);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.reason()).isEmpty();
    assertThat(r.cseq()).isEqualTo(7);
    assertThat(RtspHeaders.parsePublic(r.headers().get("public").orElseThrow()))
        .containsExactly("OPTIONS", "DESCRIBE");
    assertThat(r.headers().get("X-Empty")).hasValue("");
  }

  @Test
  void unknownMethodsAreDecodedForTheSessionToAnswer501() {
    RtspRequest r = requests(decodeAll("FOO * RTSP/1.0\r\nCSeq: 9\r\n\r\n")).get(0);
    assertThat(r.method()).isEqualTo("FOO");
    assertThat(r.uri()).isEqualTo("*");
  }

  @Test
  void headOfARequestLargerThanTheBufferIsGatheredByTheDecoder() {
    String ua = "x".repeat(5000);
    String text = "OPTIONS rtsp://h/a/b RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: " + ua + "\r\n\r\n";
    List<RtspMessage> out = Captures.feed(new RtspDecoder(), text.getBytes(ISO_8859_1), 64, 64);
    assertThat(requests(out).get(0).headers().get("user-agent")).hasValue(ua);
  }

  @Test
  void headsGatheredByTheDecoderCostAFewTimesTheirSize() {
    // A connection read into a buffer smaller than its heads (a fuzz finding: each head then cost
    // a 4 KiB buffer, however short).
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("GET_PARAMETER * RTSP/1.0\r\nCSeq: ").append(i).append("\r\n\r\n");
    }
    byte[] bytes = text.toString().getBytes(ISO_8859_1);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Captures.feed(new RtspDecoder(), bytes, 32, 32);
    long before = threads.getCurrentThreadAllocatedBytes();
    List<RtspMessage> out = Captures.feed(new RtspDecoder(), bytes, 32, 32);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(out).hasSize(200);
    assertThat(allocated)
        .as("bytes allocated for %d bytes", bytes.length)
        .isLessThan(48L * bytes.length);
  }

  @Test
  void limitsAndMalformedInputAreRefusedWithTheStatusToAnswer() {
    String ok = "OPTIONS rtsp://h/a/b RTSP/1.0\r\nCSeq: 3\r\n";
    assertThat(refusal("OPTIONS rtsp://h/a/b RTSP/1.0\r\nX: " + "y".repeat(70_000) + "\r\n\r\n"))
        .satisfies(e -> assertThat(e.status()).isEqualTo(431))
        .hasMessage("start line and headers longer than 65536 bytes");
    assertThat(refusal(ok + "X: y\r\n".repeat(100) + "\r\n"))
        .satisfies(e -> assertThat(e.status()).isEqualTo(431))
        .hasMessage("more than 100 headers");
    RtspDecoder d = new RtspDecoder();
    assertThatThrownBy(
            () ->
                d.decode(
                    ByteBuffer.wrap((ok + "Content-Length: 65537\r\n\r\n").getBytes(ISO_8859_1)),
                    m -> {}))
        .isInstanceOfSatisfying(RtspException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("body of 65537 bytes is longer than 65536");
    assertThat(d.lastCseq()).as("the cseq to answer with").isEqualTo(3);
    assertThat(refusal("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n"))
        .satisfies(e -> assertThat(e.status()).isEqualTo(505))
        .hasMessage("version \"RTSP/2.0\" is not RTSP/1.0");
    assertThat(refusal("GET / HTTP/1.1\r\nHost: h\r\n\r\n").status()).isEqualTo(505);
    assertThat(refusal("OPTIONS * FOO\r\n\r\n").status()).isEqualTo(400);
    assertThat(refusal("OPTIONS rtsp://h/" + "a".repeat(5000) + " RTSP/1.0\r\n\r\n").status())
        .isEqualTo(414);
    assertThat(refusal(new byte[] {0, 1, 2, 3}))
        .hasMessage(
            "a message starts with byte 0x00, neither a request, a response nor an interleaved frame");
    assertThat(refusal(ok + "no colon here\r\n\r\n"))
        .hasMessage("header line \"no colon here\" has no colon");
    assertThat(refusal(ok + "Content-Length: -1\r\n\r\n"))
        .hasMessage("content-length \"-1\" is not a number");
    assertThat(refusal(ok + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"))
        .hasMessage("two content-length headers disagree");
    assertThat(refusal(ok + "X: a\u0001b\r\n\r\n")).hasMessage("header X holds control byte 0x01");
    assertThat(refusal(" OPTIONS * RTSP/1.0\r\n\r\n").status()).isEqualTo(400);
    assertThat(refusal("OPTIONS  * RTSP/1.0 extra\r\n\r\n"))
        .hasMessage("request line \"OPTIONS  * RTSP/1.0 extra\" is not method, uri and version");
    assertThat(refusal("RTSP/1.0 abc OK\r\n\r\n"))
        .hasMessage("status line \"RTSP/1.0 abc OK\" has no status code");
    assertThat(refusal("OPTIONS * RTSP/1.0\r\n folded\r\n\r\n"))
        .hasMessage("folded header line without a header before it");
    assertThat(refusal("OPTI\u00e9NS * RTSP/1.0\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void aConfiguredBodyLimitHolds() {
    String head = "ANNOUNCE rtsp://h/a/b RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 11\r\n\r\n";
    assertThatThrownBy(
            () -> new RtspDecoder(10).decode(ByteBuffer.wrap(head.getBytes(ISO_8859_1)), m -> {}))
        .hasMessage("body of 11 bytes is longer than 10");
    assertThat(
            requests(
                Captures.feed(
                    new RtspDecoder(11), (head + "hello world").getBytes(ISO_8859_1), 5, 16)))
        .singleElement()
        .satisfies(
            r -> assertThat(r.body().toByteArray()).isEqualTo("hello world".getBytes(ISO_8859_1)));
  }

  @Test
  void refusedRequestIsAnsweredWithItsStatusAndCseq() {
    RtspException e = new RtspException(413, "body of 99999 bytes is longer than 65536");
    RtspResponse r = RtspResponse.of(e, 3);
    assertThat(new String(RtspEncoder.encode(r), ISO_8859_1))
        .isEqualTo("RTSP/1.0 413 Request Entity Too Large\r\nCSeq: 3\r\nConnection: close\r\n\r\n");
  }
}
