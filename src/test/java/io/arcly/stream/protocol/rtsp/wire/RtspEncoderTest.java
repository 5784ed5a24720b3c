package io.arcly.stream.protocol.rtsp.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtspEncoderTest {
  private static RtspMessage decodeOne(byte[] bytes) {
    List<RtspMessage> out = new ArrayList<>();
    new RtspDecoder().decode(ByteBuffer.wrap(bytes), out::add);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void requestWithBodyGetsItsContentLengthAndDropsTheCallers() {
    RtspRequest r =
        RtspRequest.of(
            "ANNOUNCE",
            "rtsp://h/live/cam",
            Headers.of("CSeq", "2", "Content-Type", "application/sdp", "Content-Length", "999"),
            Payload.wrap("v=0\r\n".getBytes(ISO_8859_1)));
    byte[] bytes = RtspEncoder.encode(r);
    assertThat(new String(bytes, ISO_8859_1))
        .isEqualTo(
            "ANNOUNCE rtsp://h/live/cam RTSP/1.0\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: 5\r\n\r\nv=0\r\n");
    RtspRequest back = (RtspRequest) decodeOne(bytes);
    assertThat(back.body()).isEqualTo(r.body());
    assertThat(back.headers().without("Content-Length"))
        .isEqualTo(r.headers().without("Content-Length"));
  }

  @Test
  void responseWithoutBodyHasNoContentLength() {
    RtspResponse r =
        RtspResponse.of(
            200,
            Headers.of(
                "CSeq",
                "4",
                "Transport",
                "RTP/AVP/TCP;unicast;interleaved=0-1",
                "Session",
                "abc;timeout=60"));
    byte[] bytes = RtspEncoder.encode(r);
    assertThat(new String(bytes, ISO_8859_1))
        .isEqualTo(
            "RTSP/1.0 200 OK\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"
                + "Session: abc;timeout=60\r\n\r\n");
    assertThat(decodeOne(bytes)).isEqualTo(r);
  }

  @Test
  void frameHeaderAndWholeFrame() {
    ByteBuffer out = ByteBuffer.allocate(4);
    RtspEncoder.writeFrameHeader(3, 1500, out);
    assertThat(out.array()).containsExactly('$', 3, 0x05, 0xDC);
    InterleavedFrame f = new InterleavedFrame(1, ByteBuffer.wrap(new byte[] {9, 8}));
    assertThat(RtspEncoder.encode(f)).containsExactly('$', 1, 0, 2, 9, 8);
    assertThat(decodeOne(RtspEncoder.encode(f))).isEqualTo(f);
    assertThatThrownBy(() -> RtspEncoder.writeFrameHeader(256, 1, ByteBuffer.allocate(4)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtspEncoder.writeFrameHeader(0, 65536, ByteBuffer.allocate(4)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersThatWouldBreakTheLineAreRefused() {
    assertThatThrownBy(() -> Headers.of("X", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header X holds character U+000D");
    assertThatThrownBy(() -> Headers.of("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtspRequest.of("OPTIONS", "rtsp://h/a b", Headers.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersKeepOrderAndRepeatsAndCompareNamesIgnoringCase() {
    Headers h = Headers.of("CSeq", "1", "User-Agent", "a", "user-agent", "b");
    assertThat(h.all("USER-AGENT")).containsExactly("a", "b");
    assertThat(h.with("User-Agent", "c").entries())
        .containsExactly(new Headers.Header("CSeq", "1"), new Headers.Header("User-Agent", "c"));
    assertThat(h.plus("Session", "x").get("session")).hasValue("x");
    assertThat(h.without("cseq").contains("CSeq")).isFalse();
    List<String> many = new ArrayList<>();
    for (int i = 0; i < Headers.MAX_HEADERS; i++) {
      many.add("X" + i);
      many.add("v");
    }
    Headers full = Headers.of(many.toArray(String[]::new));
    assertThatThrownBy(() -> full.plus("One", "more")).isInstanceOf(IllegalArgumentException.class);
  }
}
