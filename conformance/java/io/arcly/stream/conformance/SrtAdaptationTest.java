package io.arcly.stream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtAdaptationTest {
  private static final int CALLER = 0x0BAD_CAFE;
  private static final int CAPTURED_COOKIE = 0x1111_2222;
  private static final int CAPTURED_LISTENER = 0x3333_4444;
  private static final int OUR_COOKIE = 0x5555_6666;
  private static final int OUR_LISTENER = 0x0777_8888;

  private final SrtAdaptation captured = new SrtAdaptation(CAPTURED_COOKIE, CAPTURED_LISTENER);

  private static byte[] handshake(int type, int cookie, int destination) {
    Handshake h =
        new Handshake(
            5,
            0,
            Handshake.EXT_HSREQ | Handshake.EXT_CONFIG,
            123_456,
            1500,
            8192,
            type,
            CALLER,
            cookie,
            Payload.copyOf(new byte[16]),
            new Handshake.SrtExtension(false, 0x010501, 0x3F, 120, 120),
            null,
            "publish:live/cam",
            null);
    return new ControlPacket(42, destination, h).encode();
  }

  private static byte[] data(int seq, int destination) {
    ByteBuffer b = ByteBuffer.allocate(DataPacket.HEADER + 188);
    DataPacket.writeHeader(b, seq, DataPacket.SOLO, false, 0, false, 1, 1000, destination);
    b.put((byte) 0x47);
    return b.array();
  }

  private static Handshake decoded(byte[] d) {
    return (Handshake) ((ControlPacket) SrtPacket.decode(d, 0, d.length)).body();
  }

  @Test
  void theConclusionCarriesTheCookieThisServerAnsweredAndNothingElseChanges() {
    byte[] conclusion = handshake(Handshake.CONCLUSION, CAPTURED_COOKIE, 0);
    assertThat(captured.needs(conclusion)).isEqualTo(SrtAdaptation.Needs.COOKIE);
    byte[] before = conclusion.clone();
    byte[] sent = captured.adapt(conclusion, OUR_COOKIE, null);
    assertThat(conclusion).as("the capture is not changed").isEqualTo(before);
    Handshake h = decoded(sent);
    assertThat(h.cookie()).isEqualTo(OUR_COOKIE);
    assertThat(h.socketId()).as("the caller's socket id as captured").isEqualTo(CALLER);
    assertThat(h.initialSeq()).as("the caller picks the initial sequence").isEqualTo(123_456);
    assertThat(h.streamId()).isEqualTo("publish:live/cam");
  }

  @Test
  void theInductionGoesAsCaptured() {
    byte[] induction = handshake(Handshake.INDUCTION, 0, 0);
    assertThat(captured.needs(induction)).isEqualTo(SrtAdaptation.Needs.NOTHING);
    assertThat(captured.adapt(induction, OUR_COOKIE, OUR_LISTENER)).isSameAs(induction);
  }

  @Test
  void aCookieTheCapturedListenerNeverGaveGoesAsCaptured() {
    byte[] forged = handshake(Handshake.CONCLUSION, CAPTURED_COOKIE ^ 0x5A5A_5A5A, 0);
    assertThat(captured.needs(forged)).isEqualTo(SrtAdaptation.Needs.NOTHING);
    assertThat(decoded(captured.adapt(forged, OUR_COOKIE, OUR_LISTENER)).cookie())
        .isEqualTo(CAPTURED_COOKIE ^ 0x5A5A_5A5A);
  }

  @Test
  void laterPacketsGoToTheSocketIdThisServerGave() {
    byte[] d = data(123_460, CAPTURED_LISTENER);
    assertThat(captured.needs(d)).isEqualTo(SrtAdaptation.Needs.SOCKET_ID);
    byte[] sent = captured.adapt(d, OUR_COOKIE, OUR_LISTENER);
    DataPacket p = (DataPacket) SrtPacket.decode(sent, 0, sent.length);
    assertThat(p.destination()).isEqualTo(OUR_LISTENER);
    assertThat(p.seq()).isEqualTo(123_460);
    assertThat(Arrays.copyOfRange(sent, 16, sent.length))
        .isEqualTo(Arrays.copyOfRange(d, 16, d.length));

    byte[] ackAck = new ControlPacket(7, CAPTURED_LISTENER, new Control.AckAck(3)).encode();
    ControlPacket c =
        (ControlPacket)
            SrtPacket.decode(captured.adapt(ackAck, null, OUR_LISTENER), 0, ackAck.length);
    assertThat(c.destination()).isEqualTo(OUR_LISTENER);
    assertThat(c.body()).isEqualTo(new Control.AckAck(3));
    assertThat(c.timestamp()).isEqualTo(7);
  }

  @Test
  void aDestinationOtherThanTheCapturedListenersGoesAsCaptured() {
    byte[] d = data(1, 0x0101_0101);
    assertThat(captured.needs(d)).isEqualTo(SrtAdaptation.Needs.NOTHING);
    assertThat(captured.adapt(d, OUR_COOKIE, OUR_LISTENER)).isSameAs(d);
  }

  @Test
  void aRepeatedConclusionToTheConnectionNeedsBoth() {
    byte[] again = handshake(Handshake.CONCLUSION, CAPTURED_COOKIE, CAPTURED_LISTENER);
    assertThat(captured.needs(again)).isEqualTo(SrtAdaptation.Needs.BOTH);
    byte[] sent = captured.adapt(again, OUR_COOKIE, OUR_LISTENER);
    assertThat(decoded(sent).cookie()).isEqualTo(OUR_COOKIE);
    assertThat(((ControlPacket) SrtPacket.decode(sent, 0, sent.length)).destination())
        .isEqualTo(OUR_LISTENER);
  }

  @Test
  void withoutTheListenersHalfEveryConclusionAndEveryNonZeroDestinationIsAdapted() {
    SrtAdaptation clientOnly = new SrtAdaptation(null, null);
    assertThat(clientOnly.needs(handshake(Handshake.CONCLUSION, 99, 0)))
        .isEqualTo(SrtAdaptation.Needs.COOKIE);
    assertThat(clientOnly.needs(data(5, 77))).isEqualTo(SrtAdaptation.Needs.SOCKET_ID);
    assertThat(clientOnly.needs(handshake(Handshake.INDUCTION, 0, 0)))
        .isEqualTo(SrtAdaptation.Needs.NOTHING);
  }

  @Test
  void aTruncatedHandshakeIsSentAsFarAsItsBytesReach() {
    byte[] conclusion = handshake(Handshake.CONCLUSION, CAPTURED_COOKIE, 0);
    byte[] cut = Arrays.copyOf(conclusion, SrtAdaptation.COOKIE + 4);
    assertThat(captured.needs(cut)).isEqualTo(SrtAdaptation.Needs.COOKIE);
    assertThat(SrtAdaptation.getInt(captured.adapt(cut, OUR_COOKIE, null), SrtAdaptation.COOKIE))
        .isEqualTo(OUR_COOKIE);
    byte[] tooShort = Arrays.copyOf(conclusion, SrtAdaptation.COOKIE + 3);
    assertThat(captured.needs(tooShort)).isEqualTo(SrtAdaptation.Needs.NOTHING);
    byte[] headerOnly = Arrays.copyOf(conclusion, 10);
    assertThat(captured.adapt(headerOnly, OUR_COOKIE, OUR_LISTENER)).isSameAs(headerOnly);
  }
}
