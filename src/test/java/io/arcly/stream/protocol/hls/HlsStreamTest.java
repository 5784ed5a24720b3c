package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The segmenter and window of {@link HlsStream}, with a recording format instead of a muxer. */
class HlsStreamTest {
  static final StreamKey KEY = new StreamKey("live", "cam");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  /** Records what it was asked to make; each part's bytes are the frame count. */
  static final class Recording implements MediaFormat {
    final List<List<Frame>> made = new CopyOnWriteArrayList<>();
    final boolean fmp4;

    Recording(boolean fmp4) {
      this.fmp4 = fmp4;
    }

    @Override
    public byte[] init() {
      return fmp4 ? new byte[] {1} : null;
    }

    @Override
    public boolean parts() {
      return fmp4;
    }

    @Override
    public byte[] part(List<Frame> frames, long nextDts) {
      made.add(List.copyOf(frames));
      return new byte[frames.size()];
    }

    @Override
    public byte[] segment(List<Frame> frames) {
      made.add(List.copyOf(frames));
      return new byte[frames.size()];
    }
  }

  final Engine engine = Engine.builder().application(AppSpec.defaults("live")).build();
  final IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
  final List<Recording> formats = new ArrayList<>();

  /** The first format that made bytes (others were made only to check a configuration). */
  Recording packaged() {
    return formats.stream().filter(r -> !r.made.isEmpty()).findFirst().orElseThrow();
  }

  HlsStream stream(Variant v, HlsSettings s) {
    return new HlsStream(
        KEY,
        v,
        s,
        CLOCK,
        (video, audio) -> {
          Recording r = new Recording(v.fmp4());
          formats.add(r);
          return r;
        });
  }

  /**
   * Publishes {@code seconds} of 30 fps video (RTMP-style whole milliseconds) with a keyframe every
   * {@code gop} frames.
   */
  Thread run(HlsStream hls, int seconds, int gop, long dts0) {
    PublishSession pub =
        ctx.openPublish(
            KEY,
            new ClientInfo("test", "127.0.0.1:1", ""),
            io.arcly.stream.kernel.spi.Credentials.NONE);
    Subscription sub = pub.handle().subscribe(new ClientInfo("hls-packager", "internal", ""));
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    hls.publish(sub);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    pub.publish(Frame.config(CodecId.H264, dts0, Payload.wrap(new byte[] {1, 2, 3})));
    for (int i = 0; i < seconds * 30; i++) {
      long dts = dts0 + (i * 1000L / 30) * 1000;
      pub.publish(
          Frame.video(
              CodecId.H264, dts, dts, i % gop == 0, Payload.wrap(new byte[] {0, 0, 0, 1, 5})));
    }
    pub.close();
    return t;
  }

  @Test
  void lowLatencySegmentsStartAtKeyframesAndPartsAreCutAtTheTarget() throws Exception {
    HlsStream hls = stream(Variant.LOW_LATENCY, HlsSettings.defaults());
    run(hls, 7, 30, 0).join(5000);
    Snapshot s = hls.snapshot();
    // 2 s target with 1 s GOPs: segments of 60 frames, then a last 1 s segment.
    assertThat(s.segments())
        .extracting(Snapshot.Seg::duration)
        .containsExactly(2.0, 2.0, 2.0, 0.999);
    Snapshot.Seg first = s.segments().get(0);
    assertThat(first.chunks()).hasSize(10);
    assertThat(first.chunks().get(0).independent()).isTrue();
    assertThat(first.chunks().get(1).independent()).isFalse();
    assertThat(first.chunks().get(5).independent()).as("part at the 1 s keyframe").isTrue();
    assertThat(first.chunks()).allSatisfy(c -> assertThat(c.data()).hasSize(6));
    assertThat(packaged().made.get(0).get(0).isKeyframe()).isTrue();
    assertThat(s.segments().get(1).msn()).isEqualTo(first.msn() + 1);
    assertThat(hls.endedAt()).isNotNull();
    String text = Playlists.media(s.window(0.2), false);
    assertThat(text)
        .contains("#EXT-X-TARGETDURATION:2", "#EXT-X-PART:DURATION=0.200", "INDEPENDENT=YES");
  }

  @Test
  void aLongGopMakesALongerSegmentAndRaisesTheTargetDuration() throws Exception {
    HlsStream hls = stream(Variant.MPEGTS, HlsSettings.defaults().withVariant(Variant.MPEGTS));
    run(hls, 9, 120, 0).join(5000);
    Snapshot s = hls.snapshot();
    assertThat(s.segments()).extracting(Snapshot.Seg::duration).containsExactly(4.0, 4.0, 0.999);
    assertThat(s.targetDuration()).isEqualTo(4);
    assertThat(packaged().made)
        .allSatisfy(frames -> assertThat(frames.get(0).isKeyframe()).isTrue());
    assertThat(Playlists.media(s.window(0), false))
        .contains("seg" + s.segments().get(0).msn() + ".ts");
  }

  @Test
  void theTargetDurationIsTheLongestSegmentRoundedToTheNearestSecond() {
    Snapshot s = Snapshot.empty(Variant.FMP4, 2, 6);
    for (double d : new double[] {2.0, 2.001, 2.499}) {
      s = s.withComplete(seg(d), 6, null);
    }
    assertThat(s.targetDuration()).as("a millisecond of jitter over 2 s").isEqualTo(2);
    assertThat(s.withComplete(seg(2.5), 6, null).targetDuration()).isEqualTo(3);
  }

  static Snapshot.Seg seg(double duration) {
    return new Snapshot.Seg(
        1,
        duration,
        CLOCK.instant(),
        false,
        0,
        1,
        List.of(new Snapshot.Chunk(duration, true, new byte[1])),
        true);
  }

  @Test
  void aReturningPublisherContinuesThePlaylistAfterADiscontinuity() throws Exception {
    HlsStream hls = stream(Variant.FMP4, HlsSettings.defaults().withVariant(Variant.FMP4));
    run(hls, 4, 30, 0).join(5000);
    run(hls, 4, 30, 90_000_000).join(5000);
    Snapshot s = hls.snapshot();
    assertThat(s.segments()).hasSize(4);
    Snapshot.Seg restart = s.segments().get(2);
    assertThat(restart.discontinuity()).isTrue();
    assertThat(restart.generation()).isEqualTo(s.segments().get(0).generation() + 1);
    String text = Playlists.media(s.window(0.2), false);
    assertThat(text).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
    assertThat(text).contains("#EXT-X-MAP:URI=\"init" + restart.generation() + ".mp4\"");
  }

  @Test
  void waitersRunWhenTheirPartExistsAndCanBeCancelled() throws Exception {
    HlsStream hls = stream(Variant.LOW_LATENCY, HlsSettings.defaults());
    long msn = CLOCK.instant().getEpochSecond();
    AtomicBoolean part3 = new AtomicBoolean();
    AtomicBoolean cancelled = new AtomicBoolean();
    assertThat(hls.await(msn, 3, () -> part3.set(true))).isNotNull();
    HlsStream.Waiter far = hls.await(msn + 1000, 0, () -> cancelled.set(true));
    assertThat(far.cancel()).isTrue();
    run(hls, 1, 30, 0).join(5000);
    await().untilTrue(part3);
    assertThat(cancelled).isFalse();
    assertThat(hls.waiting()).isZero();
    assertThat(hls.await(msn, 0, () -> {})).as("answered at once when it exists").isNull();
  }

  @Test
  void waitersAreAnsweredWhenThePublisherLeavesAndNoneWaitAfterwards() throws Exception {
    HlsStream hls = stream(Variant.LOW_LATENCY, HlsSettings.defaults());
    long msn = CLOCK.instant().getEpochSecond();
    AtomicBoolean never = new AtomicBoolean();
    assertThat(hls.await(msn + 1000, 0, () -> never.set(true))).isNotNull();
    run(hls, 1, 30, 0).join(5000);
    assertThat(never).as("answered with what exists when the publisher left").isTrue();
    assertThat(hls.waiting()).isZero();
    assertThat(hls.isLive()).isFalse();
    AtomicBoolean later = new AtomicBoolean();
    assertThat(hls.await(msn + 2000, 0, () -> later.set(true))).isNull();
    assertThat(later).as("nothing will come: answered at once").isTrue();
  }

  @Test
  void theWindowSlidesAndKeepsTwoMoreSegmentsForLateReaders() throws Exception {
    HlsSettings s = HlsSettings.defaults();
    HlsStream hls = stream(Variant.LOW_LATENCY, s);
    run(hls, 21, 30, 0).join(Duration.ofSeconds(5));
    Snapshot snap = hls.snapshot();
    assertThat(snap.segments()).hasSize(s.window() + 2);
    PlaylistWindow w = snap.window(0.2);
    assertThat(w.segments()).hasSize(s.window());
    assertThat(w.mediaSequence()).isEqualTo(snap.segments().get(2).msn());
    assertThat(w.segments().get(0).parts()).as("old segments list no parts").isEmpty();
    assertThat(w.segments().get(w.segments().size() - 1).parts()).isNotEmpty();
  }

  @Test
  void filesMirrorTheWindowAndOldSegmentsAreDeleted(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    HlsSettings settings =
        HlsSettings.defaults().withVariant(Variant.FMP4).withDirectory(dir.toString());
    HlsStream hls = stream(Variant.FMP4, settings);
    DiskWriter writer = new DiskWriter(hls, dir);
    hls.onSnapshot(writer::offer);
    Thread t = Thread.ofVirtual().start(writer);
    run(hls, 21, 30, 0).join(5000);
    java.nio.file.Path files = dir.resolve("live").resolve("cam");
    Snapshot s = hls.snapshot();
    await()
        .untilAsserted(
            () -> {
              String playlist = java.nio.file.Files.readString(files.resolve("stream.m3u8"));
              assertThat(playlist)
                  .contains(
                      Snapshot.segmentUri(
                          Variant.FMP4, s.segments().get(s.segments().size() - 1).msn()))
                  .doesNotContain("#EXT-X-PART");
            });
    writer.stop();
    t.join(5000);
    try (var list = java.nio.file.Files.list(files)) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".m4s")).count())
          .as("only the retained segments stay on disk")
          .isEqualTo(s.segments().size());
    }
    assertThat(files.resolve(Snapshot.segmentUri(Variant.FMP4, s.segments().get(0).msn() - 1)))
        .doesNotExist();
    assertThat(
            java.nio.file.Files.size(
                files.resolve(Snapshot.initUri(s.segments().get(0).generation()))))
        .isEqualTo(1);
  }
}
