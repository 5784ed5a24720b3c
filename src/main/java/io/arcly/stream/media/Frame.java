package io.arcly.stream.media;

import java.util.Objects;

/**
 * One access unit of one track on its way from a publisher to every subscriber.
 *
 * <p>Frames are immutable and shared: the bus hands the same instance to every subscriber. Payload
 * layout per codec:
 *
 * <ul>
 *   <li>H.264 / H.265: the access unit's NAL units, each prefixed by a 4-byte big-endian length
 *       (whatever the source carried: Annex-B is converted once at ingest), so FLV and MP4 send it
 *       as is and MPEG-TS / RTP walk it without scanning for start codes;
 *   <li>AV1: the temporal unit's OBUs in low-overhead format; VP8 / VP9: the frame;
 *   <li>audio: one raw frame (AAC without ADTS header, one Opus packet, G.711 samples);
 *   <li>{@link #CONFIG} frames: the decoder configuration record (AVCDecoderConfigurationRecord,
 *       HEVCDecoderConfigurationRecord, AV1CodecConfigurationRecord, AudioSpecificConfig).
 * </ul>
 *
 * <p>Timestamps are in the {@link MediaTime} clock. Every frame names its track: a stream is a list
 * of tracks (a camera may send two audio tracks), each with its own codec configuration. Track ids
 * are chosen by the publisher, unique within its stream and in {@code 0..}{@value #MAX_TRACK};
 * protocols with one track per kind use {@link #defaultTrack}.
 *
 * @param track the track id within the stream
 * @param kind the track kind, always {@code codec.kind()}
 * @param codec the codec of the payload
 * @param pts presentation timestamp, media clock
 * @param dts decoding timestamp, media clock; equals {@code pts} without B-frames
 * @param flags a combination of {@link #KEYFRAME}, {@link #CONFIG}, {@link #DISCONTINUITY}
 * @param payload the shared bytes
 */
public record Frame(
    int track, TrackKind kind, CodecId codec, long pts, long dts, int flags, Payload payload) {
  /** A random access point: a decoder can start here (IDR / IRAP / key frame). */
  public static final int KEYFRAME = 1;

  /** The payload is a codec configuration record, not media. */
  public static final int CONFIG = 1 << 1;

  /** Timestamps restart here (for example after a publisher reconnects). */
  public static final int DISCONTINUITY = 1 << 2;

  private static final int KNOWN_FLAGS = KEYFRAME | CONFIG | DISCONTINUITY;

  /** The highest track id. */
  public static final int MAX_TRACK = 255;

  /** Validates the frame. */
  public Frame {
    if (track < 0 || track > MAX_TRACK) {
      throw new IllegalArgumentException("track id " + track + " is outside 0.." + MAX_TRACK);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(payload, "payload");
    if (codec.kind() != kind) {
      throw new IllegalArgumentException(
          "codec " + codec.label() + " is not a " + kind.label() + " codec");
    }
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new IllegalArgumentException("unknown frame flags: " + flags);
    }
  }

  /** A frame on the {@link #defaultTrack default track} of its kind. */
  public Frame(TrackKind kind, CodecId codec, long pts, long dts, int flags, Payload payload) {
    this(defaultTrack(kind), kind, codec, pts, dts, flags, payload);
  }

  /**
   * The track id of protocols that carry one track per kind, such as RTMP and FLV: 0 for video, 1
   * for audio, 2 for data.
   */
  public static int defaultTrack(TrackKind kind) {
    return kind.ordinal();
  }

  /** This frame on track {@code id}. */
  public Frame withTrack(int id) {
    return id == track ? this : new Frame(id, kind, codec, pts, dts, flags, payload);
  }

  /** This frame with other timestamps and flags, on the same track with the same payload. */
  public Frame withTiming(long pts, long dts, int flags) {
    return new Frame(track, kind, codec, pts, dts, flags, payload);
  }

  /** This frame with another payload, on the same track with the same timing. */
  public Frame withPayload(Payload payload) {
    return new Frame(track, kind, codec, pts, dts, flags, payload);
  }

  /** A video access unit. */
  public static Frame video(CodecId codec, long pts, long dts, boolean keyframe, Payload payload) {
    return new Frame(TrackKind.VIDEO, codec, pts, dts, keyframe ? KEYFRAME : 0, payload);
  }

  /** An audio frame. */
  public static Frame audio(CodecId codec, long pts, Payload payload) {
    return new Frame(TrackKind.AUDIO, codec, pts, pts, 0, payload);
  }

  /** A codec configuration record for the codec's track. */
  public static Frame config(CodecId codec, long dts, Payload record) {
    return new Frame(codec.kind(), codec, dts, dts, CONFIG, record);
  }

  /** Whether this frame is a random access point. */
  public boolean isKeyframe() {
    return (flags & KEYFRAME) != 0;
  }

  /** Whether this frame carries a codec configuration record. */
  public boolean isConfig() {
    return (flags & CONFIG) != 0;
  }

  /** Whether timestamps restart at this frame. */
  public boolean isDiscontinuity() {
    return (flags & DISCONTINUITY) != 0;
  }

  /** The composition offset, {@code pts - dts}. */
  public long compositionOffset() {
    return pts - dts;
  }

  /** Payload size in bytes. */
  public int size() {
    return payload.length();
  }
}
