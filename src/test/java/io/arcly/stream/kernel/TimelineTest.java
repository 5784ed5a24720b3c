package io.arcly.stream.kernel;

import static io.arcly.stream.kernel.TestFrames.PUBLISHER;
import static io.arcly.stream.kernel.TestFrames.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timestamp jumps of publishers, rebased per track in the kernel so every protocol gets it. */
class TimelineTest {
  private static final Payload BYTES = Payload.wrap(new byte[] {0, 0, 0, 1, 0x65});

  private final Timeline timeline = new Timeline(Duration.ofSeconds(10));
  private final List<Frame> out = new ArrayList<>();

  /** Video at 30 fps and AAC audio at 44.1 kHz, interleaved, as RTMP milliseconds. */
  private void av(long fromMs, long toMs, long rawOffsetMs) {
    long v = fromMs;
    long a = fromMs;
    while (v < toMs || a < toMs) {
      if (a <= v) {
        long ms = (a + rawOffsetMs) & 0xFFFF_FFFFL;
        out.add(timeline.apply(Frame.audio(CodecId.AAC, ms * 1000, BYTES)));
        a += 23;
      } else {
        long ms = (v + rawOffsetMs) & 0xFFFF_FFFFL;
        boolean key = v % 1000 == 0;
        out.add(timeline.apply(Frame.video(CodecId.H264, ms * 1000, ms * 1000, key, BYTES)));
        v += 33;
      }
    }
  }

  private List<Frame> track(TrackKind kind) {
    return out.stream().filter(f -> f.kind() == kind && !f.isConfig()).toList();
  }

  /** Each track's DTS never goes back and steps by at most {@code maxStepMs}. */
  private void assertContinuous(long maxStepMs) {
    for (TrackKind kind : List.of(TrackKind.VIDEO, TrackKind.AUDIO)) {
      List<Frame> frames = track(kind);
      for (int i = 1; i < frames.size(); i++) {
        long step = frames.get(i).dts() - frames.get(i - 1).dts();
        assertThat(step).as("%s step at frame %d", kind, i).isBetween(0L, maxStepMs * 1000);
      }
    }
  }

  private long flagged() {
    return out.stream().filter(Frame::isDiscontinuity).count();
  }

  @Test
  void aJumpBackByAnHourContinuesWhereTheStreamWasWithTracksAligned() {
    av(0, 5_000, 3_600_000); // the publisher ran an hour
    av(5_000, 10_000, -5_000); // then restarts its clock at 0
    assertThat(timeline.discontinuities()).isEqualTo(1);
    assertThat(flagged()).isEqualTo(1);
    assertContinuous(60);
    Frame lastVideo = track(TrackKind.VIDEO).getLast();
    Frame lastAudio = track(TrackKind.AUDIO).getLast();
    assertThat(lastVideo.dts()).isBetween(3_609_900_000L, 3_610_100_000L);
    assertThat(Math.abs(lastVideo.dts() - lastAudio.dts()))
        .as("audio and video stay aligned")
        .isLessThan(60_000);
  }

  @Test
  void aJumpForwardByTenHoursIsRebasedToo() {
    av(0, 4_000, 0);
    av(4_000, 8_000, 36_000_000);
    assertThat(timeline.discontinuities()).isEqualTo(1);
    assertContinuous(60);
    assertThat(track(TrackKind.VIDEO).getLast().dts()).isLessThan(8_100_000L);
  }

  @Test
  void ffmpegsFlvWriterWrappingAt2To31MillisecondsIsOneDiscontinuity() {
    // -output_ts_offset 4294960: the FLV writer keeps 31 bits, so 7.3 s in it falls back to 0
    long start = 4_294_960_000L & 0x7FFF_FFFFL;
    List<Frame> raw = new ArrayList<>();
    for (long ms = 0; ms < 12_000; ms += 33) {
      long ts = (start + ms) & 0x7FFF_FFFFL;
      raw.add(Frame.video(CodecId.H264, ts * 1000, ts * 1000, ms % 990 == 0, BYTES));
    }
    raw.forEach(f -> out.add(timeline.apply(f)));
    assertThat(timeline.discontinuities()).isEqualTo(1);
    assertContinuous(34);
    Frame first = out.getFirst();
    assertThat(out.getLast().dts() - first.dts()).isBetween(11_900_000L, 12_000_000L);
  }

  @Test
  void smallJitterRepeatedTimestampsAndInterleavingAreNotDiscontinuities() {
    av(0, 2_000, 0);
    // audio a few ms behind the video it follows, a repeated DTS, a step back of 5 ms
    Frame v = Frame.video(CodecId.H264, 2_000_000, 2_000_000, false, BYTES);
    Frame a1 = Frame.audio(CodecId.AAC, 1_990_000, BYTES);
    Frame a2 = Frame.audio(CodecId.AAC, 1_990_000, BYTES);
    Frame a3 = Frame.audio(CodecId.AAC, 1_985_000, BYTES);
    for (Frame f : List.of(v, a1, a2, a3)) {
      assertThat(timeline.apply(f)).as("passed on as it is").isSameAs(f);
    }
    assertThat(timeline.discontinuities()).isZero();
    assertThat(out).noneMatch(Frame::isDiscontinuity);
  }

  @Test
  void aTrackThatPausedAndResumesIsNotADiscontinuity() {
    av(0, 2_000, 0);
    for (long ms = 2_000; ms < 20_000; ms += 33) { // audio silent for 18 s
      out.add(timeline.apply(Frame.video(CodecId.H264, ms * 1000, ms * 1000, false, BYTES)));
    }
    Frame resumed = Frame.audio(CodecId.AAC, 20_000_000, BYTES);
    assertThat(timeline.apply(resumed)).isSameAs(resumed);
    assertThat(timeline.discontinuities()).isZero();
  }

  @Test
  void aTrackThatStartsFarFromTheOthersIsMovedNextToThem() {
    for (long ms = 3_600_000; ms < 3_605_000; ms += 33) { // video alone, an hour in
      out.add(timeline.apply(Frame.video(CodecId.H264, ms * 1000, ms * 1000, false, BYTES)));
    }
    Frame audio = timeline.apply(Frame.audio(CodecId.AAC, 0, BYTES)); // its clock starts at 0
    assertThat(audio.dts()).isBetween(3_604_900_000L, 3_605_000_000L);
    assertThat(audio.isDiscontinuity()).isFalse();
    Frame close = Frame.audio(CodecId.AAC, 3_605_000_000L, BYTES);
    assertThat(new Timeline(Duration.ofSeconds(10)).apply(close)).isSameAs(close);
    assertThat(timeline.discontinuities()).isZero();
  }

  @Test
  void aSequenceHeaderResentWithTimestampZeroKeepsItsTrackTime() {
    av(0, 60_000, 0);
    Frame config = Frame.config(CodecId.H264, 0, BYTES);
    Frame got = timeline.apply(config);
    assertThat(got.isConfig()).isTrue();
    assertThat(got.dts()).isBetween(59_900_000L, 60_000_000L);
    assertThat(timeline.discontinuities()).isZero();
  }

  @Test
  void aJumpAtANewConfigurationBringsTheConfigurationAlong() {
    av(0, 5_000, 0);
    // a second file sent on the same connection: its sequence header and frames restart at 0
    Frame config = timeline.apply(Frame.config(CodecId.H264, 0, BYTES));
    Frame key = timeline.apply(Frame.video(CodecId.H264, 0, 0, true, BYTES));
    assertThat(key.isDiscontinuity()).isTrue();
    assertThat(config.dts()).isLessThanOrEqualTo(key.dts());
    assertThat(key.dts()).isBetween(4_990_000L, 5_050_000L);
  }

  @Test
  void theStreamCountsItsDiscontinuitiesAndSubscribersSeeRebasedFrames() throws Exception {
    Engine engine = Engine.builder().application(AppSpec.defaults("live")).build();
    IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
    try (PublishSession pub =
        ctx.openPublish(new StreamKey("live", "jump"), PUBLISHER, Credentials.NONE)) {
      Subscription sub = pub.handle().subscribe(VIEWER);
      for (long ms : new long[] {3_600_000, 3_600_033, 3_600_066, 0, 33, 66}) {
        pub.publish(Frame.video(CodecId.H264, ms * 1000, ms * 1000, ms % 3_600_000 == 0, BYTES));
      }
      List<Long> dts = new ArrayList<>();
      List<Boolean> flags = new ArrayList<>();
      Frame f;
      while ((f = sub.poll()) != null) {
        dts.add(f.dts() / 1000);
        flags.add(f.isDiscontinuity());
      }
      assertThat(dts)
          .containsExactly(3_600_000L, 3_600_033L, 3_600_066L, 3_600_099L, 3_600_132L, 3_600_165L);
      assertThat(flags).containsExactly(false, false, false, true, false, false);
      assertThat(pub.handle().qos().discontinuities()).isEqualTo(1);
    }
  }

  @Test
  void theBoundIsTheApplicationsSetting() {
    Timeline strict = new Timeline(Duration.ofSeconds(2));
    strict.apply(Frame.audio(CodecId.AAC, 0, BYTES));
    Frame later = strict.apply(Frame.audio(CodecId.AAC, 3_000_000, BYTES));
    assertThat(later.isDiscontinuity()).isTrue();
    assertThat(later.dts()).isEqualTo(1_000);
  }
}
