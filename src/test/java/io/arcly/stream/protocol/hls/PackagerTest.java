package io.arcly.stream.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.format.fmp4.Fmp4Muxer;
import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the segmenter does when the media changes under it: a new configuration, a track that
 * appears, timestamps that jump (flagged by the kernel), media it cannot package.
 */
class PackagerTest {
  static final StreamKey KEY = new StreamKey("live", "change");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  static final byte[] AVC_360 = vector("h264/h264_baseline_640x360.avcc");
  static final byte[] AVC_720 = vector("h264/h264_high_1280x720.avcc");
  static final byte[] SPS_360 = vector("h264/h264_baseline_640x360.sps");
  static final byte[] SPS_720 = vector("h264/h264_high_1280x720.sps");
  static final byte[] ASC = vector("aac/aac_lc_44100_stereo.asc");
  static final byte[] MARK_BAD = {0, 0, 0, 1, 0x66};

  static byte[] vector(String path) {
    try (InputStream in = PackagerTest.class.getResourceAsStream("/vectors/codec/" + path)) {
      if (in == null) {
        throw new AssertionError("missing test vector " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  final Engine engine = Engine.builder().application(AppSpec.defaults("live")).build();
  final IngestContext ctx = IngestContext.standalone(engine, "test", Thread.ofVirtual().factory());
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Logger log = Logger.getLogger(Packager.class.getName());
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    log.removeHandler(capture);
  }

  /** A publisher whose frames reach an {@link HlsStream} through the kernel, as in production. */
  final class Pub implements AutoCloseable {
    final HlsStream hls;
    final PublishSession session;
    final Thread packaging;

    Pub(Variant variant, BiFunction<Frame, Frame, MediaFormat> formats) {
      hls =
          new HlsStream(KEY, variant, HlsSettings.defaults().withVariant(variant), CLOCK, formats);
      session = ctx.openPublish(KEY, new ClientInfo("test", "127.0.0.1:1", ""), Credentials.NONE);
      Subscription sub = session.handle().subscribe(new ClientInfo("hls-packager", "internal", ""));
      packaging =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      hls.publish(sub);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
    }

    void videoConfig(byte[] record) {
      session.publish(Frame.config(CodecId.H264, 0, Payload.wrap(record.clone())));
    }

    void audioConfig(long ms) {
      session.publish(Frame.config(CodecId.AAC, ms * 1000, Payload.wrap(ASC)));
    }

    /**
     * {@code seconds} of 30 fps video from {@code fromMs} (a keyframe each second), with AAC frames
     * in between when {@code audio}; returns where it ended.
     */
    long media(long fromMs, int seconds, boolean audio) {
      long a = fromMs;
      for (int i = 0; i < seconds * 30; i++) {
        long ms = fromMs + i * 1000L / 30;
        while (audio && a <= ms) {
          session.publish(Frame.audio(CodecId.AAC, a * 1000, Payload.wrap(new byte[] {0x21, 0})));
          a += 23;
        }
        video(ms, i % 30 == 0);
      }
      return fromMs + seconds * 1000L;
    }

    void video(long ms, boolean key) {
      byte[] nal = {0, 0, 0, 1, (byte) (key ? 0x65 : 0x41)};
      session.publish(Frame.video(CodecId.H264, ms * 1000, ms * 1000, key, Payload.wrap(nal)));
    }

    Snapshot end() throws InterruptedException {
      close();
      return hls.snapshot();
    }

    @Override
    public void close() throws InterruptedException {
      session.close();
      assertThat(packaging.join(java.time.Duration.ofSeconds(10))).isTrue();
    }
  }

  static List<Snapshot.Seg> discontinuities(Snapshot s) {
    return s.segments().stream().filter(Snapshot.Seg::discontinuity).toList();
  }

  static double total(Snapshot s) {
    return s.segments().stream().mapToDouble(Snapshot.Seg::duration).sum();
  }

  static boolean contains(byte[] data, byte[] part) {
    for (int i = 0; i + part.length <= data.length; i++) {
      if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
        return true;
      }
    }
    return false;
  }

  static byte[] bytes(Snapshot.Seg seg) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    seg.chunks().forEach(c -> out.writeBytes(c.data()));
    return out.toByteArray();
  }

  @Test
  void aNewResolutionStartsASegmentAfterADiscontinuityWithItsOwnInitSegment() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fmp4Format::new)) {
      p.videoConfig(AVC_360);
      long t = p.media(0, 3, false);
      p.videoConfig(AVC_720); // two files back to back: 640x360, then 1280x720
      p.media(t, 3, false);
      s = p.end();
    }
    List<Snapshot.Seg> cuts = discontinuities(s);
    assertThat(cuts).hasSize(1);
    Snapshot.Seg cut = cuts.get(0);
    int before = s.segments().get(s.segments().indexOf(cut) - 1).generation();
    assertThat(cut.generation()).isEqualTo(before + 1);
    assertThat(s.segments().get(s.segments().indexOf(cut) - 1).duration())
        .as("the 360p segment ends where the 720p one starts")
        .isEqualTo(1.0);
    Frame config720 = Frame.config(CodecId.H264, 0, Payload.wrap(AVC_720));
    assertThat(s.inits().get(cut.generation())).isEqualTo(new Fmp4Muxer(config720, null).init());
    assertThat(total(s)).isCloseTo(6.0, org.assertj.core.data.Offset.offset(0.05));
    String playlist = Playlists.media(s.window(0.2), false);
    assertThat(playlist).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
    assertThat(playlist)
        .contains(
            "#EXT-X-MAP:URI=\"init" + before + ".mp4\"",
            "#EXT-X-MAP:URI=\"init" + cut.generation() + ".mp4\"");
    assertThat(logged).isEmpty();
  }

  @Test
  void mpegTsCarriesTheNewParameterSetsInBandAfterADiscontinuity() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.MPEGTS, TsFormat::new)) {
      p.videoConfig(AVC_360);
      long t = p.media(0, 3, false);
      p.videoConfig(AVC_720);
      p.media(t, 3, false);
      s = p.end();
    }
    List<Snapshot.Seg> cuts = discontinuities(s);
    assertThat(cuts).hasSize(1);
    int at = s.segments().indexOf(cuts.get(0));
    for (int i = 0; i < s.segments().size(); i++) {
      byte[] ts = bytes(s.segments().get(i));
      assertThat(contains(ts, i < at ? SPS_360 : SPS_720)).as("segment %d", i).isTrue();
      assertThat(contains(ts, i < at ? SPS_720 : SPS_360)).as("segment %d", i).isFalse();
    }
  }

  @Test
  void theSameConfigurationSentAgainCutsNothing() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fmp4Format::new)) {
      p.videoConfig(AVC_360);
      p.audioConfig(0);
      long t = 0;
      for (int i = 0; i < 6; i++) { // encoders resend their sequence headers at every keyframe
        p.videoConfig(AVC_360);
        p.audioConfig(t);
        t = p.media(t, 1, true);
      }
      s = p.end();
    }
    assertThat(discontinuities(s)).isEmpty();
    assertThat(s.segments())
        .extracting(Snapshot.Seg::generation)
        .containsOnly(s.segments().get(0).generation());
    assertThat(s.segments()).extracting(Snapshot.Seg::duration).containsExactly(2.0, 2.0, 1.999);
  }

  @Test
  void anAudioTrackThatStartsLateReinitialisesPackagingAtTheNextKeyframe() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fmp4Format::new)) {
      p.videoConfig(AVC_360);
      long t = p.media(0, 5, false); // the audio device starts late
      p.video(t, false);
      p.audioConfig(t + 10);
      p.session.publish(Frame.audio(CodecId.AAC, (t + 10) * 1000, Payload.wrap(new byte[] {1})));
      p.media(t + 33, 4, true);
      s = p.end();
    }
    assertThat(logged).as("a new track is no error").isEmpty();
    List<Snapshot.Seg> cuts = discontinuities(s);
    assertThat(cuts).hasSize(1);
    Snapshot.Seg cut = cuts.get(0);
    Frame v = Frame.config(CodecId.H264, 0, Payload.wrap(AVC_360));
    Frame a = Frame.config(CodecId.AAC, 0, Payload.wrap(ASC));
    assertThat(s.inits().get(cut.generation())).isEqualTo(new Fmp4Muxer(v, a).init());
    assertThat(total(s)).as("packaging went on to the end").isGreaterThan(8.9);
  }

  @Test
  void timestampJumpsCutASegmentAfterADiscontinuityAndKeepTheTargetDuration() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, (v, a) -> new HlsStreamTest.Recording(true))) {
      p.videoConfig(AVC_360);
      p.media(3_600_000, 4, true); // an hour in
      p.media(0, 4, true); // the clock restarts
      p.media(36_000_000, 4, true); // ten hours ahead
      s = p.end();
      assertThat(p.session.handle().qos().discontinuities()).isEqualTo(2);
    }
    assertThat(discontinuities(s)).hasSize(2);
    assertThat(s.targetDuration()).isEqualTo(2);
    assertThat(s.segments()).allSatisfy(seg -> assertThat(seg.duration()).isLessThan(2.1));
    assertThat(total(s)).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(s.segments().getLast().chunks()).as("parts go on").hasSizeGreaterThan(1);
    assertThat(Playlists.media(s.window(0.2), false)).contains("#EXT-X-TARGETDURATION:2\n");
  }

  /** fMP4 that records its parts and cannot make bytes of a part holding a frame marked bad. */
  final class Fussy implements MediaFormat {
    final Fmp4Format real;

    Fussy(Frame video, Frame audio) {
      real = new Fmp4Format(video, audio);
    }

    @Override
    public byte[] init() {
      return real.init();
    }

    @Override
    public boolean parts() {
      return true;
    }

    @Override
    public byte[] part(List<Frame> frames, long nextDts) {
      for (Frame f : frames) {
        if (Arrays.equals(f.payload().toByteArray(), MARK_BAD)) {
          throw new io.arcly.stream.codec.CodecException("nal unit length overruns the frame");
        }
      }
      byte[] data = real.part(frames, nextDts);
      parts.add(List.copyOf(frames));
      return data;
    }

    @Override
    public byte[] segment(List<Frame> frames) {
      return real.segment(frames);
    }
  }

  final List<List<Frame>> parts = new CopyOnWriteArrayList<>();

  @Test
  void badMediaIsSkippedWithOneLogLineAndPackagingResumesAtTheNextKeyframe() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fussy::new)) {
      p.videoConfig(AVC_360);
      p.audioConfig(0);
      long t = p.media(0, 2, true);
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 5; i++) { // bit-flipped frames mid-GOP
          p.session.publish(
              Frame.video(
                  CodecId.H264,
                  (t + i * 33) * 1000,
                  (t + i * 33) * 1000,
                  false,
                  Payload.wrap(MARK_BAD)));
        }
        // and an audio frame whose sound format flipped to MP3
        p.session.publish(Frame.audio(CodecId.MP3, (t + 170) * 1000, Payload.wrap(new byte[] {1})));
        t = p.media(t + 200, 2, true);
      }
      s = p.end();
    }
    assertThat(logged).as(logged.toString()).hasSize(1);
    assertThat(logged.get(0).getThrown()).as("no stack trace").isNull();
    assertThat(logged.get(0).getMessage()).startsWith("hls packaging of live/change: skipping");
    assertThat(discontinuities(s)).as("each bad stretch ends a segment").hasSize(3);
    assertThat(s.segments().getLast().chunks()).isNotEmpty();
    assertThat(total(s)).as("only the bad stretches are missing").isGreaterThan(6.5);
  }

  @Test
  void aConfigurationThatCannotBePackagedIsIgnored() throws Exception {
    Snapshot s;
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fmp4Format::new)) {
      p.videoConfig(AVC_360);
      long t = p.media(0, 2, false);
      for (int i = 0; i < 10; i++) {
        p.videoConfig(new byte[] {1, 0x42, 0}); // truncated by a bit flip, at every keyframe
        t = p.media(t, 1, false);
      }
      s = p.end();
    }
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getMessage()).contains("h264 configuration that cannot be packaged");
    assertThat(discontinuities(s)).isEmpty();
    assertThat(total(s)).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void aTracksFramesWaitForTheFormatThatCarriesIt() throws Exception {
    try (Pub p = new Pub(Variant.LOW_LATENCY, Fussy::new)) {
      p.videoConfig(AVC_360);
      long t = p.media(0, 2, false);
      p.video(t, false);
      p.audioConfig(t + 5);
      p.session.publish(Frame.audio(CodecId.AAC, (t + 10) * 1000, Payload.wrap(new byte[] {1})));
      p.media(t + 33, 3, true);
      p.end();
    }
    List<Frame> first =
        parts.stream()
            .filter(l -> l.stream().anyMatch(f -> f.codec() == CodecId.AAC))
            .findFirst()
            .orElseThrow();
    assertThat(first.get(0).isKeyframe()).as("audio from the new format's first keyframe").isTrue();
    assertThat(first.get(0).dts()).isEqualTo((2_000 + 33) * 1000L);
  }
}
