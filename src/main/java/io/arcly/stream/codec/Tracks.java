package io.arcly.stream.codec;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;

/**
 * Describes a track from its codec configuration frame: the RFC 6381 codec string, the picture size
 * from the sequence parameter set, the sample rate and channels from the audio config.
 */
public final class Tracks {
  private Tracks() {}

  /**
   * The track described by configuration frame {@code config}; a description with the codec only
   * when the record cannot be parsed (the media still flows), null for a frame that is not a
   * configuration.
   */
  public static TrackInfo describe(Frame config) {
    if (!config.isConfig()) {
      return null;
    }
    return parse(config).withId(config.track());
  }

  private static TrackInfo parse(Frame config) {
    try {
      return switch (config.codec()) {
        case H264 -> H264.parseAvcC(config.payload()).toTrackInfo();
        case H265 -> H265.parseHvcC(config.payload()).toTrackInfo();
        case AV1 -> Av1.parseAv1C(config.payload()).toTrackInfo();
        case AAC -> Aac.parse(config.payload()).toTrackInfo();
        case OPUS ->
            // OpusHead (RFC 7845 5.1): channel count at byte 9; Opus always decodes at 48 kHz.
            TrackInfo.audio(
                CodecId.OPUS,
                "opus",
                48_000,
                config.payload().length() > 9 ? config.payload().get(9) : 0);
        default -> fallback(config);
      };
    } catch (CodecException e) {
      return fallback(config);
    }
  }

  private static TrackInfo fallback(Frame config) {
    return TrackInfo.codecOnly(config.track(), config.codec());
  }
}
