package io.arcly.stream.rtp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.codec.Av1;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.format.AacPacketizer;
import io.arcly.stream.rtp.format.Av1Depacketizer;
import io.arcly.stream.rtp.format.Av1Packetizer;
import io.arcly.stream.rtp.format.Depacketizer;
import io.arcly.stream.rtp.format.H264Packetizer;
import io.arcly.stream.rtp.format.H265Packetizer;
import io.arcly.stream.rtp.format.Mp2tFormat;
import io.arcly.stream.rtp.format.Packetizer;
import io.arcly.stream.rtp.format.PayloadFormats;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Frames through a sender's packetizer and back through a receiver's depacketizer: what comes out
 * is what went in (payloads, keyframes, timestamps), including frames fragmented over packets.
 */
class RoundTripTest {
  record Result(List<Frame> frames, List<byte[]> packets, RtpReceiver receiver) {}

  static Result roundTrip(
      Packetizer packetizer, Depacketizer depacketizer, List<Frame> in, Predicate<Integer> lose) {
    RtpSender sender = new RtpSender(packetizer, 96, 0x1234, 65_000, 0xFFFF_0000L);
    List<byte[]> packets = new ArrayList<>();
    for (Frame f : in) {
      packets.addAll(sender.send(f));
    }
    List<Frame> out = new ArrayList<>();
    RtpReceiver r =
        new RtpReceiver(depacketizer, new LipSync().track(depacketizer.clockRate()), out::add);
    for (int i = 0; i < packets.size(); i++) {
      if (!lose.test(i)) {
        byte[] b = packets.get(i);
        r.receive(RtpPacket.parse(b, 0, b.length), 0);
      }
    }
    return new Result(out, packets, r);
  }

  static List<Frame> videoFrames(String capture) {
    return CaptureReceiveTest.receive(capture);
  }

  @Test
  void h264ThroughFuAWithASmallPayloadSize() {
    List<Frame> in = videoFrames("gst-h264");
    H264Packetizer p = new H264Packetizer(300);
    p.config(in.get(0).payload());
    Depacketizer d = PayloadFormats.depacketizer("H264", 90_000, 0, p.fmtp());
    assertThat(d.initialConfig()).isEqualTo(in.get(0).payload());
    Result r = roundTrip(p, d, in, i -> false);
    assertThat(r.packets()).allMatch(b -> b.length <= 12 + 300);
    List<Frame> out = CaptureReceiveTest.media(r.frames());
    List<Frame> media = CaptureReceiveTest.media(in);
    assertThat(out).hasSameSizeAs(media);
    for (int i = 0; i < media.size(); i++) {
      assertThat(out.get(i).payload()).as("frame %d", i).isEqualTo(media.get(i).payload());
      assertThat(out.get(i).isKeyframe()).isEqualTo(media.get(i).isKeyframe());
      assertThat(out.get(i).pts() - out.get(0).pts())
          .isEqualTo(media.get(i).pts() - media.get(0).pts());
    }
    assertThat(p.fmtp()).containsEntry("packetization-mode", "1").containsKey("profile-level-id");
  }

  @Test
  void aLostFragmentDropsItsAccessUnitOnly() {
    List<Frame> in = videoFrames("gst-h264");
    H264Packetizer p = new H264Packetizer(300);
    p.config(in.get(0).payload());
    Depacketizer d = PayloadFormats.depacketizer("H264", 90_000, 0, p.fmtp());
    Result r = roundTrip(p, d, in, i -> i == 5);
    assertThat(r.receiver().droppedUnits()).isEqualTo(1);
    assertThat(CaptureReceiveTest.media(r.frames()))
        .hasSize(CaptureReceiveTest.media(in).size() - 1);
  }

  @Test
  void h265ThroughFragmentationUnits() {
    List<Frame> in = videoFrames("ffmpeg-h265");
    H265Packetizer p = new H265Packetizer(200);
    p.config(in.get(0).payload());
    Depacketizer d = PayloadFormats.depacketizer("H265", 90_000, 0, p.fmtp());
    Result r = roundTrip(p, d, in, i -> false);
    List<Frame> out = CaptureReceiveTest.media(r.frames());
    List<Frame> media = CaptureReceiveTest.media(in);
    assertThat(out).hasSameSizeAs(media);
    for (int i = 0; i < media.size(); i++) {
      assertThat(out.get(i).payload()).as("frame %d", i).isEqualTo(media.get(i).payload());
    }
  }

  @Test
  void aacOneFramePerPacketAndFragmented() {
    List<Frame> in = new ArrayList<>(CaptureReceiveTest.receive("gst-mp4g"));
    byte[] big = new byte[3000]; // larger than a payload: fragmented, RFC 3640 3.2.3
    big[0] = 0x21;
    in.add(Frame.audio(CodecId.AAC, in.get(in.size() - 1).pts() + 21_333, Payload.wrap(big)));
    AacPacketizer p = new AacPacketizer();
    p.config(in.get(0).payload());
    Depacketizer d =
        PayloadFormats.depacketizer(p.encodingName(), p.clockRate(), p.channels(), p.fmtp());
    Result r = roundTrip(p, d, in, i -> false);
    List<Frame> out = CaptureReceiveTest.media(r.frames());
    List<Frame> media = CaptureReceiveTest.media(in);
    assertThat(out).hasSameSizeAs(media);
    for (int i = 0; i < media.size(); i++) {
      assertThat(out.get(i).payload()).isEqualTo(media.get(i).payload());
      assertThat(out.get(i).pts() - out.get(0).pts())
          .isCloseTo(
              media.get(i).pts() - media.get(0).pts(), org.assertj.core.data.Offset.offset(21L));
    }
  }

  @Test
  void opusAndG711AsTheyCome() {
    for (String capture : List.of("gst-opus", "gst-pcma")) {
      List<Frame> in = CaptureReceiveTest.receive(capture);
      CodecId codec = in.get(in.size() - 1).codec();
      Packetizer p = PayloadFormats.packetizer(codec, 1200);
      Depacketizer d =
          PayloadFormats.depacketizer(p.encodingName(), p.clockRate(), p.channels(), p.fmtp());
      Result r = roundTrip(p, d, in, i -> false);
      assertThat(CaptureReceiveTest.media(r.frames()).stream().map(Frame::payload).toList())
          .isEqualTo(CaptureReceiveTest.media(in).stream().map(Frame::payload).toList());
    }
  }

  static byte[] resource(String path) throws Exception {
    try (InputStream in = RoundTripTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void av1TemporalUnitsWithASequenceHeader() throws Exception {
    Av1.Av1Config c =
        Av1.parseAv1C(Payload.wrap(resource("/vectors/codec/av1/av1_main_640x360.av1c")));
    byte[] sh = c.configObus(); // a sequence header OBU with its size field
    byte[] frame = new byte[2 + 2 + 2500];
    frame[0] = (byte) ((Av1.OBU_FRAME << 3) | 0x02);
    frame[1] = (byte) (0x80 | (2500 & 0x7F));
    frame[2] = (byte) (2500 >>> 7);
    frame[3] = 0x10;
    byte[] td = {0x12, 0x00}; // a temporal delimiter, left out on the wire
    byte[] key = concat(td, sh, java.util.Arrays.copyOf(frame, 3 + 2500));
    byte[] delta = concat(td, java.util.Arrays.copyOf(frame, 3 + 2500));
    List<Frame> in =
        List.of(
            Frame.video(CodecId.AV1, 0, 0, true, Payload.wrap(key)),
            Frame.video(CodecId.AV1, 33_333, 33_333, false, Payload.wrap(delta)));
    Result r = roundTrip(new Av1Packetizer(), new Av1Depacketizer(), in, i -> false);
    assertThat(r.frames()).hasSize(3);
    assertThat(r.frames().get(0).isConfig()).isTrue();
    assertThat(Av1.parseAv1C(r.frames().get(0).payload()).toTrackInfo().width()).isEqualTo(640);
    assertThat(r.frames().get(1).isKeyframe()).isTrue();
    assertThat(r.frames().get(1).payload())
        .isEqualTo(Payload.wrap(concat(sh, java.util.Arrays.copyOf(frame, 3 + 2500))));
    assertThat(r.frames().get(2).isKeyframe()).isFalse();
    assertThat(r.frames().get(2).pts()).isEqualTo(33_333);
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void mp2tInSevens() {
    byte[] ts = new byte[188 * 10];
    for (int i = 0; i < 10; i++) {
      ts[188 * i] = 0x47;
    }
    List<Payload> payloads = new ArrayList<>();
    Mp2tFormat.packetize(Payload.wrap(ts), payloads::add);
    assertThat(payloads).extracting(Payload::length).containsExactly(188 * 7, 188 * 3);
    Mp2tFormat f = new Mp2tFormat();
    List<Payload> back = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      f.push(RtpPacket.of(false, 33, i, 0, 1, payloads.get(i)), back::add);
    }
    assertThat(back).isEqualTo(payloads);
  }

  @Test
  void senderTimestampsAreTheMediaClockInTheRtpClock() {
    RtpSender s = new RtpSender(new H264Packetizer(), 96, 1, 0, 0xFFFF_FFFFL);
    assertThat(s.rtpTimestamp(0)).isEqualTo(0xFFFF_FFFFL);
    assertThat(s.rtpTimestamp(1_000_000)).isEqualTo(89_999);
  }
}
