package io.arcly.stream.format.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import org.junit.jupiter.api.Test;

class FlvTest {
  static final byte[] AVCC = {
    1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 2, 0x67, 0x64, 1, 0, 2, 0x68, (byte) 0xEE
  };

  static Payload bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return Payload.wrap(out);
  }

  static Payload concat(Payload a, byte[] b) {
    byte[] out = new byte[a.length() + b.length];
    a.copyTo(out, 0);
    System.arraycopy(b, 0, out, a.length(), b.length);
    return Payload.wrap(out);
  }

  @Test
  void avcSequenceHeaderAndFramesWithCompositionTime() {
    FlvDemuxer d = new FlvDemuxer();
    Frame cfg = d.video(1000, concat(bytes(0x17, 0, 0, 0, 0), AVCC));
    assertThat(cfg.isConfig()).isTrue();
    assertThat(cfg.codec()).isEqualTo(CodecId.H264);
    assertThat(cfg.payload()).isEqualTo(Payload.wrap(AVCC));
    // key frame, NALU, composition time 66 ms, one 2-byte NAL
    Frame f = d.video(1033, bytes(0x17, 1, 0, 0, 66, 0, 0, 0, 2, 0x65, 0x88));
    assertThat(f.isKeyframe()).isTrue();
    assertThat(f.dts()).isEqualTo(1_033_000);
    assertThat(f.pts()).isEqualTo(1_099_000);
    assertThat(f.payload()).isEqualTo(bytes(0, 0, 0, 2, 0x65, 0x88));
    // negative composition time (s24)
    Frame g = d.video(1066, bytes(0x27, 1, 0xFF, 0xFF, 0xDF, 0, 0, 0, 1, 0x41));
    assertThat(g.pts() - g.dts()).isEqualTo(-33_000);
    // round trip through the muxer
    FlvMuxer.Tag t = FlvMuxer.tag(f);
    assertThat(t.toPayload()).isEqualTo(bytes(0x17, 1, 0, 0, 66, 0, 0, 0, 2, 0x65, 0x88));
    assertThat(FlvMuxer.tag(cfg).toPayload()).isEqualTo(concat(bytes(0x17, 0, 0, 0, 0), AVCC));
  }

  @Test
  void twoByteNalLengthsAreRewrittenToFourAndTheRecordSaysSo() {
    FlvDemuxer d = new FlvDemuxer();
    byte[] rec = AVCC.clone();
    rec[4] = (byte) 0xFD; // lengthSizeMinusOne = 1
    Frame cfg = d.video(0, concat(bytes(0x17, 0, 0, 0, 0), rec));
    assertThat(cfg.payload().get(4) & 3).isEqualTo(3);
    Frame f = d.video(0, bytes(0x17, 1, 0, 0, 0, 0, 2, 0x65, 0x88));
    assertThat(f.payload()).isEqualTo(bytes(0, 0, 0, 2, 0x65, 0x88));
  }

  @Test
  void enhancedHevcAv1AndOpus() {
    FlvDemuxer d = new FlvDemuxer();
    byte[] hvcc = new byte[23];
    hvcc[0] = 1;
    hvcc[21] = 3;
    Frame cfg = d.video(0, concat(bytes(0x90, 'h', 'v', 'c', '1'), hvcc));
    assertThat(cfg.codec()).isEqualTo(CodecId.H265);
    assertThat(cfg.isConfig()).isTrue();
    Frame f = d.video(40, bytes(0x91, 'h', 'v', 'c', '1', 0, 0, 40, 0, 0, 0, 1, 0x26));
    assertThat(f.isKeyframe()).isTrue();
    assertThat(f.pts() - f.dts()).isEqualTo(40_000);
    Frame x = d.video(80, bytes(0xA3, 'h', 'v', 'c', '1', 0, 0, 0, 1, 0x02));
    assertThat(x.isKeyframe()).isFalse();
    assertThat(FlvMuxer.tag(f).toPayload())
        .isEqualTo(bytes(0x91, 'h', 'v', 'c', '1', 0, 0, 40, 0, 0, 0, 1, 0x26));

    FlvDemuxer a = new FlvDemuxer();
    a.video(0, bytes(0x90, 'a', 'v', '0', '1', 0x81, 0, 0x0C, 0));
    Frame av1 = a.video(0, bytes(0x91, 'a', 'v', '0', '1', 0x12, 0));
    assertThat(av1.codec()).isEqualTo(CodecId.AV1);
    assertThat(av1.payload()).isEqualTo(bytes(0x12, 0));
    assertThat(FlvMuxer.tag(av1).toPayload()).isEqualTo(bytes(0x93, 'a', 'v', '0', '1', 0x12, 0));

    Frame opus = new FlvDemuxer().audio(20, bytes(0x91, 'O', 'p', 'u', 's', 0xFC));
    assertThat(opus.codec()).isEqualTo(CodecId.OPUS);
    assertThat(FlvMuxer.tag(opus).toPayload()).isEqualTo(bytes(0x91, 'O', 'p', 'u', 's', 0xFC));
  }

  @Test
  void aacConfigAndRawFrames() {
    FlvDemuxer d = new FlvDemuxer();
    Frame cfg = d.audio(0, bytes(0xAF, 0, 0x12, 0x10));
    assertThat(cfg.isConfig()).isTrue();
    assertThat(cfg.payload()).isEqualTo(bytes(0x12, 0x10));
    Frame f = d.audio(23, bytes(0xAF, 1, 0x21, 0x00));
    assertThat(f.pts()).isEqualTo(23_000);
    assertThat(FlvMuxer.tag(f).toPayload()).isEqualTo(bytes(0xAF, 1, 0x21, 0x00));
  }

  @Test
  void timestampsUnwrapPast32Bits() {
    FlvDemuxer d = new FlvDemuxer();
    d.audio(0, bytes(0xAF, 0, 0x12, 0x10));
    assertThat(d.audio(0xFFFFFFF0L, bytes(0xAF, 1, 1)).pts()).isEqualTo(0xFFFFFFF0L * 1000);
    assertThat(d.audio(0x10, bytes(0xAF, 1, 1)).pts()).isEqualTo((0x1_0000_0000L + 0x10) * 1000);
  }

  @Test
  void malformedTagsAreTypedErrors() {
    FlvDemuxer d = new FlvDemuxer();
    assertThatThrownBy(() -> d.video(0, bytes(0x17, 1, 0, 0, 0, 0, 0, 0, 9, 0x65)))
        .isInstanceOf(FlvException.class)
        .hasMessage("h264 frames before its sequence header");
    d.video(0, concat(bytes(0x17, 0, 0, 0, 0), AVCC));
    assertThatThrownBy(() -> d.video(0, bytes(0x17, 1, 0, 0, 0, 0, 0, 0, 9, 0x65)))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("overrunning");
    assertThatThrownBy(() -> d.video(0, bytes(0x13)))
        .isInstanceOf(FlvException.class)
        .hasMessage("unsupported flv video codec id 3");
    assertThatThrownBy(() -> d.video(0, bytes(0x90, 'x', 'x', 'x', 'x')))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("fourcc");
    assertThatThrownBy(() -> d.audio(0, bytes(0xAF)))
        .isInstanceOf(FlvException.class)
        .hasMessage("aac tag without packet type");
  }
}
