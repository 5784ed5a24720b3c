package io.arcly.stream.media;

import java.util.Objects;

/**
 * What a publisher tells about one of its tracks, as far as it knows.
 *
 * @param id the track id within the stream, as its frames carry it ({@link Frame#track()})
 * @param kind video, audio or data
 * @param codec the codec
 * @param codecString the RFC 6381 codec string such as {@code avc1.64001f} or {@code mp4a.40.2}, or
 *     empty when not known yet
 * @param width picture width in pixels, 0 when unknown or not video
 * @param height picture height in pixels, 0 when unknown or not video
 * @param sampleRate audio sample rate in Hz, 0 when unknown or not audio
 * @param channels audio channel count, 0 when unknown or not audio
 */
public record TrackInfo(
    int id,
    TrackKind kind,
    CodecId codec,
    String codecString,
    int width,
    int height,
    int sampleRate,
    int channels) {

  /** Validates the description. */
  public TrackInfo {
    Objects.requireNonNull(kind, "kind");
    if (id < 0 || id > Frame.MAX_TRACK) {
      throw new IllegalArgumentException("track id " + id + " is outside 0.." + Frame.MAX_TRACK);
    }
    Objects.requireNonNull(codec, "codec");
    codecString = codecString == null ? "" : codecString;
    if (codec.kind() != kind) {
      throw new IllegalArgumentException(
          "codec " + codec.label() + " is not a " + kind.label() + " codec");
    }
    if (width < 0 || height < 0 || sampleRate < 0 || channels < 0) {
      throw new IllegalArgumentException("track dimensions must not be negative");
    }
  }

  /** A video track on the default video track id. */
  public static TrackInfo video(CodecId codec, String codecString, int width, int height) {
    return new TrackInfo(
        Frame.defaultTrack(TrackKind.VIDEO),
        TrackKind.VIDEO,
        codec,
        codecString,
        width,
        height,
        0,
        0);
  }

  /** An audio track on the default audio track id. */
  public static TrackInfo audio(CodecId codec, String codecString, int sampleRate, int channels) {
    return new TrackInfo(
        Frame.defaultTrack(TrackKind.AUDIO),
        TrackKind.AUDIO,
        codec,
        codecString,
        0,
        0,
        sampleRate,
        channels);
  }

  /** A track of which only the codec is known yet. */
  public static TrackInfo codecOnly(int id, CodecId codec) {
    return new TrackInfo(id, codec.kind(), codec, "", 0, 0, 0, 0);
  }

  /** This description under track id {@code id}. */
  public TrackInfo withId(int id) {
    return id == this.id
        ? this
        : new TrackInfo(id, kind, codec, codecString, width, height, sampleRate, channels);
  }
}
