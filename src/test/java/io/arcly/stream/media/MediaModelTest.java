package io.arcly.stream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaModelTest {
  @ParameterizedTest(name = "rate {0}")
  @ValueSource(longs = {1000, 8000, 44_100, 48_000, 90_000, 96_000, 192_000, 1_000_000})
  void timestampsFromAnyProtocolClockRoundTrip(long rate) {
    for (long v :
        new long[] {0, 1, 2, 3, 1023, 1024, 90_000, 123_456_789L, (1L << 33) - 1, -1, -90_001}) {
      assertThat(MediaTime.toRate(MediaTime.fromRate(v, rate), rate))
          .as("%d at %d Hz", v, rate)
          .isEqualTo(v);
    }
  }

  @Test
  void millisecondsAndNinetyKilohertz() {
    assertThat(MediaTime.fromMillis(40)).isEqualTo(40_000);
    assertThat(MediaTime.toRate(40_000, 90_000)).isEqualTo(3600);
    assertThat(MediaTime.fromRate(1, 90_000)).isEqualTo(11); // 11.1 us
    assertThat(MediaTime.toMillis(1_499)).isEqualTo(1);
    assertThat(MediaTime.toMillis(1_500)).isEqualTo(2);
  }

  @Test
  void payloadSlicesShareBytesAndCompareByContent() throws Exception {
    byte[] raw = {1, 2, 3, 4, 5};
    Payload p = Payload.wrap(raw);
    Payload mid = p.slice(1, 4);
    assertThat(mid.length()).isEqualTo(3);
    assertThat(mid.get(0)).isEqualTo(2);
    assertThat(mid).isEqualTo(Payload.copyOf(new byte[] {2, 3, 4}));
    assertThat(mid.hashCode()).isEqualTo(Payload.copyOf(new byte[] {2, 3, 4}).hashCode());
    assertThat(mid.asReadOnlyBuffer().isReadOnly()).isTrue();
    assertThat(mid.asReadOnlyBuffer().remaining()).isEqualTo(3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    mid.writeTo(out);
    assertThat(out.toByteArray()).containsExactly(2, 3, 4);
    assertThat(Payload.wrap(new byte[] {(byte) 0xFF}).get(0)).isEqualTo(255);
    assertThatThrownBy(() -> p.slice(3, 6)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void framesRejectMismatchedCodecAndUnknownFlags() {
    assertThatThrownBy(() -> new Frame(TrackKind.AUDIO, CodecId.H264, 0, 0, 0, Payload.EMPTY))
        .hasMessage("codec h264 is not a audio codec");
    assertThatThrownBy(() -> new Frame(TrackKind.VIDEO, CodecId.H264, 0, 0, 1 << 7, Payload.EMPTY))
        .hasMessage("unknown frame flags: 128");
    Frame f = Frame.video(CodecId.H265, 3000, 1000, true, Payload.EMPTY);
    assertThat(f.isKeyframe()).isTrue();
    assertThat(f.isConfig()).isFalse();
    assertThat(f.compositionOffset()).isEqualTo(2000);
    assertThat(Frame.config(CodecId.AAC, 0, Payload.EMPTY).kind()).isEqualTo(TrackKind.AUDIO);
  }
}
