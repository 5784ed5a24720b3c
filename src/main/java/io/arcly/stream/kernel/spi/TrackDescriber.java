package io.arcly.stream.kernel.spi;

import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;

/**
 * Describes a track from its codec configuration frame (codec string, picture size, sample rate):
 * the engine asks it for every configuration a publisher sends, so protocols only publish frames.
 * The codec parsers implement it; the kernel does not know them.
 */
@FunctionalInterface
public interface TrackDescriber {
  /** Knows the codec only: what the engine uses when none is given. */
  TrackDescriber CODEC_ONLY = config -> TrackInfo.codecOnly(config.track(), config.codec());

  /**
   * The description of the track of configuration frame {@code config}, with its track id; it must
   * not throw for a malformed record (describe the codec only instead).
   */
  TrackInfo describe(Frame config);
}
