package io.arcly.stream.rtp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LipSyncTest {
  static final long NTP_SECOND = 1L << 32;

  @Test
  void tracksStartTogetherThenLineUpOnTheirSenderReports() {
    LipSync sync = new LipSync();
    LipSync.Track video = sync.track(90_000);
    LipSync.Track audio = sync.track(48_000);
    // both start at once by arrival, from unrelated random RTP timestamps
    assertThat(video.toMedia(1_000_000, 0)).isZero();
    assertThat(audio.toMedia(7_000, 5_000_000)).isEqualTo(5_000);
    assertThat(video.toMedia(1_090_000, 0)).isEqualTo(1_000_000);
    // the sender says: video ts 1_090_000 and audio ts 55_000 were both at NTP 100 s
    video.senderReport(100 * NTP_SECOND, 1_090_000);
    audio.senderReport(100 * NTP_SECOND, 55_000);
    // so audio ts 55_000 is media time 1 s, as video's 1_090_000 is
    assertThat(audio.toMedia(55_000, 0)).isEqualTo(1_000_000);
    assertThat(video.toMedia(1_180_000, 0)).isEqualTo(2_000_000);
    assertThat(audio.synced()).isTrue();
  }

  @Test
  void timestampsWrapOnTheMediaClock() {
    LipSync.Track t = new LipSync().track(90_000);
    assertThat(t.toMedia(0xFFFF_FFFFL - 89_999, 0)).isZero();
    assertThat(t.toMedia(90_000, 0)).isEqualTo(2_000_000);
  }
}
