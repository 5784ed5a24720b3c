package io.arcly.stream.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream is a list of tracks, each with its own configuration; the engine describes them. */
class TracksTest {
  private static final StreamKey KEY = new StreamKey("live", "cam");
  private static final ClientInfo PUBLISHER = new ClientInfo("rtsp", "127.0.0.1:1", "camera");
  private static final ClientInfo VIEWER = new ClientInfo("rtsp", "127.0.0.1:2", "player");

  private final List<Frame> described = new ArrayList<>();
  private final Engine engine =
      Engine.builder()
          .describer(
              f -> {
                described.add(f);
                return f.kind() == TrackKind.AUDIO
                    ? TrackInfo.audio(f.codec(), "mp4a.40.2", 48_000, f.payload().length())
                    : TrackInfo.video(f.codec(), "avc1.64001f", 1280, 720);
              })
          .build();

  private PublishSession publish() {
    return IngestContext.standalone(engine, "test", Thread.ofVirtual().factory())
        .openPublish(KEY, PUBLISHER, Credentials.NONE);
  }

  private static Frame config(int track, CodecId codec, int size) {
    return Frame.config(codec, 0, Payload.wrap(new byte[size])).withTrack(track);
  }

  @Test
  void configsAreKeptPerTrackAndTheFirstOfEachKindIsPrimary() throws Exception {
    try (PublishSession s = publish()) {
      // A camera that sends audio first, then video, then a second audio track.
      s.publish(config(0, CodecId.AAC, 2));
      s.publish(config(1, CodecId.H264, 40));
      s.publish(config(2, CodecId.AAC, 1));
      StreamHandle h = s.handle();
      assertThat(h.tracks()).extracting(TrackInfo::id).containsExactly(0, 1, 2);
      assertThat(h.tracks().get(0).channels()).isEqualTo(2);
      assertThat(h.tracks().get(2).channels()).isEqualTo(1);
      assertThat(h.tracks().get(1).width()).isEqualTo(1280);
      assertThat(h.primaryTrack(TrackKind.AUDIO)).isZero();
      assertThat(h.primaryTrack(TrackKind.VIDEO)).isEqualTo(1);
      assertThat(h.primaryTrack(TrackKind.DATA)).isEqualTo(-1);
      assertThat(h.config(TrackKind.AUDIO).orElseThrow().track()).isZero();
      assertThat(h.config(2).orElseThrow().size()).isEqualTo(1);
      assertThat(described).hasSize(3);

      // A new configuration of track 2 replaces only track 2's.
      s.publish(config(2, CodecId.AAC, 6));
      assertThat(h.config(2).orElseThrow().size()).isEqualTo(6);
      assertThat(h.config(0).orElseThrow().size()).isEqualTo(2);
      assertThat(h.tracks().get(2).channels()).isEqualTo(6);

      // A new subscriber gets every track's configuration, in track order.
      try (Subscription sub = h.subscribe(VIEWER)) {
        assertThat(List.of(sub.poll(), sub.poll(), sub.poll()))
            .extracting(Frame::track)
            .containsExactly(0, 1, 2);
      }
    }
  }

  @Test
  void theGopStartsAtAKeyframeOfTheFirstVideoTrackOnly() throws Exception {
    try (PublishSession s = publish()) {
      s.publish(Frame.video(CodecId.H264, 0, 0, true, Payload.wrap(new byte[4])).withTrack(3));
      s.publish(Frame.video(CodecId.H264, 10, 10, false, Payload.wrap(new byte[4])).withTrack(3));
      // A keyframe of a second video track is not where a viewer of the first one can start.
      s.publish(Frame.video(CodecId.H264, 20, 20, true, Payload.wrap(new byte[4])).withTrack(4));
      s.publish(Frame.video(CodecId.H264, 30, 30, false, Payload.wrap(new byte[4])).withTrack(3));
      try (Subscription sub = s.handle().subscribe(VIEWER)) {
        assertThat(sub.poll().pts()).isZero();
      }
      assertThat(s.handle().isPrimary(Frame.video(CodecId.H264, 0, 0, true, Payload.EMPTY)))
          .isFalse();
    }
  }

  @Test
  void aTrackWithoutConfigurationIsListedWithItsCodec() throws Exception {
    try (PublishSession s = publish()) {
      s.describeTrack(TrackInfo.codecOnly(5, CodecId.PCMA));
      s.publish(Frame.audio(CodecId.PCMA, 0, Payload.wrap(new byte[160])).withTrack(5));
      s.publish(Frame.audio(CodecId.PCMU, 0, Payload.wrap(new byte[160])).withTrack(6));
      assertThat(s.handle().tracks())
          .extracting(TrackInfo::id, TrackInfo::codec)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(5, CodecId.PCMA),
              org.assertj.core.groups.Tuple.tuple(6, CodecId.PCMU));
      assertThat(described).isEmpty();
    }
  }

  @Test
  void aStreamHasAtMostSixteenTracks() throws Exception {
    try (PublishSession s = publish()) {
      for (int t = 0; t < StreamHandle.MAX_TRACKS; t++) {
        s.publish(Frame.audio(CodecId.PCMA, 0, Payload.EMPTY).withTrack(t * 10));
      }
      assertThatThrownBy(
              () -> s.publish(Frame.audio(CodecId.PCMA, 0, Payload.EMPTY).withTrack(255)))
          .isInstanceOf(StreamException.class)
          .hasMessageContaining("maximum of 16 tracks");
      // Known tracks still flow.
      s.publish(Frame.audio(CodecId.PCMA, 20, Payload.EMPTY).withTrack(10));
    }
  }

  @Test
  void aDescriberThatFailsLeavesTheCodec() throws Exception {
    Engine failing =
        Engine.builder()
            .describer(
                f -> {
                  throw new IllegalStateException("broken");
                })
            .build();
    try (PublishSession s =
        IngestContext.standalone(failing, "test", Thread.ofVirtual().factory())
            .openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      s.publish(config(0, CodecId.H264, 4));
      assertThat(s.handle().tracks()).containsExactly(TrackInfo.codecOnly(0, CodecId.H264));
    }
  }

  @Test
  void aConfigurationTheDescriberCannotReadKeepsWhatThePublisherSaid() throws Exception {
    Engine codecOnly = Engine.builder().build();
    try (PublishSession s =
        IngestContext.standalone(codecOnly, "test", Thread.ofVirtual().factory())
            .openPublish(KEY, PUBLISHER, Credentials.NONE)) {
      s.describeTrack(TrackInfo.video(CodecId.H264, "avc1.64001f", 1280, 720));
      s.publish(config(0, CodecId.H264, 4));
      assertThat(s.handle().tracks())
          .containsExactly(TrackInfo.video(CodecId.H264, "avc1.64001f", 1280, 720));
    }
  }
}
