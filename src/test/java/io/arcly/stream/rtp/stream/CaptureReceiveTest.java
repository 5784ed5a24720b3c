package io.arcly.stream.rtp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.Captures;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.format.Depacketizer;
import io.arcly.stream.rtp.format.Mp2tFormat;
import io.arcly.stream.rtp.format.PayloadFormats;
import io.arcly.stream.testing.Ffmpeg;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real senders' RTP turns into: the captures of ffmpeg and GStreamer depacketized through a
 * receiver, checked against what their encoders wrote.
 */
class CaptureReceiveTest {
  /** Frames received from a capture, one packet every 10 ms of arrival. */
  static List<Frame> receive(String name) {
    Captures.Capture c = Captures.load(name);
    Depacketizer d =
        PayloadFormats.depacketizer(c.encoding(), c.clockRate(), c.channels(), c.fmtp());
    List<Frame> frames = new ArrayList<>();
    RtpReceiver r = new RtpReceiver(d, new LipSync().track(d.clockRate()), frames::add);
    long t = 0;
    for (RtpPacket p : c.packets()) {
      r.receive(p, t);
      t += 10_000_000L;
    }
    assertThat(r.malformed()).isZero();
    assertThat(r.droppedUnits()).isZero();
    return frames;
  }

  static List<Frame> media(List<Frame> frames) {
    return frames.stream().filter(f -> !f.isConfig()).toList();
  }

  static List<Integer> nalTypes(Frame f) {
    List<Integer> out = new ArrayList<>();
    NalWalker w = new NalWalker(f.payload());
    while (w.next()) {
      out.add(
          f.codec() == CodecId.H264 ? H264.nalType(w.firstByte()) : H265.nalType(w.firstByte()));
    }
    return out;
  }

  static void assertDtsSane(List<Frame> media, long frameMicros) {
    for (int i = 0; i < media.size(); i++) {
      Frame f = media.get(i);
      assertThat(f.dts()).as("dts of frame %d", i).isLessThanOrEqualTo(f.pts());
      if (i > 0) {
        assertThat(f.dts()).as("dts of frame %d", i).isGreaterThan(media.get(i - 1).dts());
      }
      assertThat(f.pts() - f.dts())
          .as("reorder of frame %d", i)
          .isLessThanOrEqualTo(8 * frameMicros);
    }
    // past the first frames the decoding times are one frame apart, as the encoder wrote them
    for (int i = 2; i < media.size(); i++) {
      assertThat(media.get(i).dts() - media.get(i - 1).dts())
          .as("dts step before frame %d", i)
          .isBetween(frameMicros - 1, frameMicros + 1);
    }
  }

  @Test
  void ffmpegLibx264WithBFramesAndInBandParameterSets() {
    List<Frame> frames = receive("ffmpeg-h264");
    assertThat(frames.get(0).isConfig()).isTrue();
    List<Frame> media = media(frames);
    assertThat(media).hasSize(50);
    assertThat(media.stream().filter(Frame::isKeyframe).count()).isEqualTo(2);
    assertThat(media.get(0).isKeyframe()).isTrue();
    assertThat(nalTypes(media.get(0))).contains(H264.SPS, H264.PPS, H264.IDR);
    assertThat(H264.parseAvcC(frames.get(0).payload()).toTrackInfo().width()).isEqualTo(320);
    // libx264's default (3 B-frames, b-pyramid): presentation order differs from decoding order
    assertThat(media.stream().anyMatch(f -> f.pts() != f.dts())).isTrue();
    assertDtsSane(media, 40_000);
  }

  @Test
  void gstreamerX264WithSpropParameterSetsAndFuA() {
    List<Frame> frames = receive("gst-h264");
    assertThat(frames.get(0).isConfig()).isTrue();
    List<Frame> media = media(frames);
    assertThat(media).hasSize(30);
    assertThat(media.stream().filter(Frame::isKeyframe).count()).isEqualTo(2);
    assertThat(H264.parseAvcC(frames.get(0).payload()).codecString()).isEqualTo("avc1.640014");
    assertDtsSane(media, 40_000);
  }

  @Test
  void ffmpegAndGstreamerH265() {
    for (String name : List.of("ffmpeg-h265", "gst-h265")) {
      List<Frame> frames = receive(name);
      assertThat(frames.get(0).isConfig()).as(name).isTrue();
      List<Frame> media = media(frames);
      assertThat(media).as(name).hasSize(name.startsWith("ffmpeg") ? 50 : 30);
      assertThat(media.get(0).isKeyframe()).isTrue();
      assertThat(H265.parseHvcC(frames.get(0).payload()).toTrackInfo().width()).isEqualTo(320);
      assertDtsSane(media, 40_000);
    }
  }

  @Test
  void aacAsMpeg4GenericFromFfmpegAndGstreamer() {
    List<Frame> ff = receive("ffmpeg-aac");
    assertThat(ff.get(0).isConfig()).isTrue();
    assertThat(media(ff)).hasSizeGreaterThanOrEqualTo(40);
    assertFramesApart(media(ff), 1024 * 1_000_000.0 / 44_100);
    List<Frame> gst = receive("gst-mp4g");
    assertThat(media(gst)).hasSize(gst.size() - 1).hasSizeGreaterThan(30);
    assertFramesApart(media(gst), 1024 * 1_000_000.0 / 48_000);
  }

  @Test
  void aacAsLatmFromGstreamer() {
    List<Frame> frames = receive("gst-latm");
    assertThat(frames.get(0).isConfig()).isTrue();
    // AAC LC, 48 kHz, stereo, with the sync extension saying "no SBR" that ffmpeg's encoder writes
    assertThat(frames.get(0).payload())
        .isEqualTo(Payload.wrap(new byte[] {0x11, (byte) 0x90, 0x56, (byte) 0xE5, 0x00}));
    assertThat(media(frames)).hasSizeGreaterThan(30);
    assertFramesApart(media(frames), 1024 * 1_000_000.0 / 48_000);
  }

  @Test
  void opusAndPcma() {
    List<Frame> opus = receive("gst-opus");
    assertThat(opus.get(0).isConfig()).isTrue();
    assertThat(opus.get(0).payload().get(9)).isEqualTo(2);
    // GStreamer's first Opus packet is shorter (the encoder's lookahead), then 20 ms each
    assertFramesApart(media(opus).subList(1, media(opus).size()), 20_000);
    List<Frame> pcma = receive("gst-pcma");
    assertThat(pcma).allMatch(f -> f.codec() == CodecId.PCMA && !f.isConfig());
    long samples = pcma.stream().mapToLong(Frame::size).sum();
    assertThat(samples).isEqualTo(20 * 1024);
    assertThat(pcma.get(1).pts() - pcma.get(0).pts())
        .isEqualTo(pcma.get(0).size() * 1_000_000L / 8000);
  }

  @Test
  void mp2tFromGstreamer() {
    Captures.Capture c = Captures.load("gst-mp2t");
    Mp2tFormat f = new Mp2tFormat();
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    for (RtpPacket p : c.packets()) {
      f.push(p, payload -> ts.write(payload.toByteArray(), 0, payload.length()));
    }
    assertThat(ts.size() % Mp2tFormat.TS_PACKET).isZero();
    assertThat(ts.size()).isGreaterThan(100 * Mp2tFormat.TS_PACKET);
  }

  /** Frames {@code micros} apart, give or take the sample a sender's rounding may add. */
  static void assertFramesApart(List<Frame> media, double micros) {
    for (int i = 1; i < media.size(); i++) {
      assertThat((double) (media.get(i).pts() - media.get(i - 1).pts()))
          .as("pts step before frame %d", i)
          .isCloseTo(micros, org.assertj.core.data.Offset.offset(22.0));
    }
  }

  @Test
  void reassembledVideoDecodesWithoutErrors(@TempDir Path dir) throws Exception {
    Ffmpeg.require();
    for (String name : List.of("ffmpeg-h264", "gst-h264", "ffmpeg-h265", "gst-h265")) {
      List<Frame> frames = receive(name);
      ByteArrayOutputStream annexB = new ByteArrayOutputStream();
      for (Frame f : frames) {
        if (f.isConfig()) {
          continue;
        }
        annexB.writeBytes(NalUnits.lengthPrefixedToAnnexB(f.payload()));
      }
      Path file = dir.resolve(name + (name.endsWith("h264") ? ".h264" : ".h265"));
      Files.write(file, annexB.toByteArray());
      Ffmpeg.Result r =
          Ffmpeg.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framemd5", "-");
      assertThat(r.err()).as(name).isEmpty();
      long decoded = r.out().lines().filter(l -> !l.startsWith("#")).count();
      assertThat(decoded).as(name).isEqualTo(media(frames).size());
    }
  }
}
