package io.arcly.stream.media;

import java.util.Objects;

/**
 * What a publisher tells about one of its tracks, as far as it knows.
 *
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

  /** A video track. */
  public static TrackInfo video(CodecId codec, String codecString, int width, int height) {
    return new TrackInfo(TrackKind.VIDEO, codec, codecString, width, height, 0, 0);
  }

  /** An audio track. */
  public static TrackInfo audio(CodecId codec, String codecString, int sampleRate, int channels) {
    return new TrackInfo(TrackKind.AUDIO, codec, codecString, 0, 0, sampleRate, channels);
  }
}
