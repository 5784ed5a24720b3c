package io.arcly.stream.protocol.srt.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SRT packets: the handshake of libsrt 1.5.1 (ffmpeg calling srt-live-transmit), control packets.
 */
class SrtPacketTest {
  /** ffmpeg 5.1 (libsrt 1.5.1) induction: version 4, extension field 2 (UDT_DGRAM), cookie 0. */
  static final String FFMPEG_INDUCTION =
      "80000000000000000000011300000000"
          + "0000000400000002" // version 4; encryption 0, extension field 2
          + "5facde15000005dc00002000" // ISN, MTU 1500, flow window 8192
          + "00000001" // induction
          + "2980acc600000000" // socket id, cookie 0
          + "0100007f000000000000000000000000"; // peer IP 127.0.0.1 as a little-endian word

  /** srt-live-transmit (listener) answering: version 5, the SRT magic, a cookie. */
  static final String LISTENER_INDUCTION =
      "800000000000000000097bff2980acc6"
          + "0000000500004a175facde15000005dc00002000000000012980acc653ae0fab"
          + "0100007f000000000000000000000000";

  /** ffmpeg's conclusion: HSREQ (1.5.1, flags 0xbf, 200/200 ms) and the stream id, word-swapped. */
  static final String FFMPEG_CONCLUSION =
      "80000000000000000000023700000000"
          + "0000000500000005" // version 5; encryption 0, extensions HSREQ | CONFIG
          + "5facde15000005dc00002000ffffffff2980acc653ae0fab"
          + "0100007f000000000000000000000000"
          + "0001000300010501000000bf00c800c8" // HSREQ
          + "000500063a3a2123696c3d72632f65766d2c6d616275703d6873696c"; // SID

  // "#!::r=live/cam,m=publish"

  /** The listener's answer: its socket id, the cookie kept, HSRSP. */
  static final String LISTENER_CONCLUSION =
      "8000000000000000000002042980acc6"
          + "00000005000000015facde15000005dc00002000ffffffff1aa3d78953ae0fab"
          + "0100007f000000000000000000000000"
          + "0002000300010501000000bf00c800c8";

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static Handshake handshake(String s) {
    byte[] b = hex(s);
    ControlPacket p = (ControlPacket) SrtPacket.decode(b, 0, b.length);
    return (Handshake) p.body();
  }

  @Test
  void libsrtInductionAndAnswer() {
    Handshake in = handshake(FFMPEG_INDUCTION);
    assertThat(in.version()).isEqualTo(4);
    assertThat(in.extensionField()).isEqualTo(2);
    assertThat(in.type()).isEqualTo(Handshake.INDUCTION);
    assertThat(in.initialSeq()).isEqualTo(0x5facde15);
    assertThat(in.mtu()).isEqualTo(1500);
    assertThat(in.socketId()).isEqualTo(0x2980acc6);
    Handshake out = handshake(LISTENER_INDUCTION);
    assertThat(out.version()).isEqualTo(5);
    assertThat(out.extensionField()).isEqualTo(Handshake.SRT_MAGIC);
    assertThat(out.cookie()).isEqualTo(0x53ae0fab);
  }

  @Test
  void libsrtConclusionHasItsExtensionsAndStreamId() {
    Handshake hs = handshake(FFMPEG_CONCLUSION);
    assertThat(hs.type()).isEqualTo(Handshake.CONCLUSION);
    assertThat(hs.extensionField()).isEqualTo(Handshake.EXT_HSREQ | Handshake.EXT_CONFIG);
    assertThat(hs.srt()).isEqualTo(new Handshake.SrtExtension(false, 0x010501, 0xbf, 200, 200));
    assertThat(hs.streamId()).isEqualTo("#!::r=live/cam,m=publish");
    assertThat(hs.km()).isNull();
    Handshake answer = handshake(LISTENER_CONCLUSION);
    assertThat(answer.srt().response()).isTrue();
    assertThat(answer.socketId()).isEqualTo(0x1aa3d789);
  }

  @Test
  void encodingGivesLibsrtsBytes() {
    for (String s : List.of(FFMPEG_CONCLUSION, LISTENER_CONCLUSION, LISTENER_INDUCTION)) {
      byte[] b = hex(s);
      ControlPacket p = (ControlPacket) SrtPacket.decode(b, 0, b.length);
      assertThat(HexFormat.of().formatHex(p.encode())).isEqualTo(s);
    }
  }

  static Stream<Control> controls() {
    return Stream.of(
        new Control.KeepAlive(),
        new Control.Shutdown(),
        new Control.AckAck(77),
        Control.Ack.light(12345),
        new Control.Ack(9, 100, 20_000, 5_000, 8000, 1000, 2000, 1_300_000, 7),
        new Control.Nak(List.of(new Control.Range(5, 5), new Control.Range(SeqNo.MAX - 1, 3))),
        new Control.DropRequest(17, 40, 44),
        new Control.KeyMaterial(true, Payload.wrap(new byte[] {0x12, 0x20, 0x29, 1})),
        new Control.Unknown(4, 0));
  }

  @ParameterizedTest
  @MethodSource("controls")
  void controlRoundTrip(Control c) {
    byte[] b = new ControlPacket(123, 456, c).encode();
    ControlPacket back = (ControlPacket) SrtPacket.decode(b, 0, b.length);
    assertThat(back.timestamp()).isEqualTo(123);
    assertThat(back.destination()).isEqualTo(456);
    assertThat(back.body()).isEqualTo(c);
  }

  @Test
  void dataPacketHeader() {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(20);
    DataPacket.writeHeader(buf, SeqNo.MAX, DataPacket.SOLO, false, 2, true, 99, -5, 7);
    buf.put(new byte[] {1, 2, 3, 4});
    DataPacket p = (DataPacket) SrtPacket.decode(buf.array(), 0, 20);
    assertThat(p.seq()).isEqualTo(SeqNo.MAX);
    assertThat(p.position()).isEqualTo(3);
    assertThat(p.keyFlags()).isEqualTo(2);
    assertThat(p.retransmitted()).isTrue();
    assertThat(p.messageNumber()).isEqualTo(99);
    assertThat(p.timestamp()).isEqualTo(-5);
    assertThat(p.destination()).isEqualTo(7);
    assertThat(p.payload().toByteArray()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void sequenceNumbersWrap() {
    assertThat(SeqNo.next(SeqNo.MAX)).isZero();
    assertThat(SeqNo.diff(SeqNo.MAX, 2)).isEqualTo(3);
    assertThat(SeqNo.diff(2, SeqNo.MAX)).isEqualTo(-3);
    assertThat(SeqNo.before(SeqNo.MAX - 10, 5)).isTrue();
  }

  static Stream<String> malformed() {
    return Stream.of(
        "80000000", // shorter than a header
        "80020000000000010000000000000000", // ack without its information
        "800200000000000100000000000000000000000100000002", // ack of two words
        "80030000000000000000000000000000", // nak without a loss list
        "8003000000000000000000000000000080000005", // nak range without its end
        "800300000000000000000000000000008000000500000001", // nak range ending before it starts
        "80000000000000000000000000000000000000050000", // short handshake
        "80070000000000000000000000000000", // drop request without its range
        FFMPEG_CONCLUSION.substring(0, FFMPEG_CONCLUSION.length() - 8)); // extension overruns
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedPacketsAreTypedErrors(String s) {
    byte[] b = hex(s);
    assertThatThrownBy(() -> SrtPacket.decode(b, 0, b.length)).isInstanceOf(SrtWireException.class);
  }
}
