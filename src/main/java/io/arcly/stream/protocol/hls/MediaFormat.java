package io.arcly.stream.protocol.hls;

import io.arcly.stream.media.Frame;
import java.util.List;

/**
 * How frames of one set of codec configurations become bytes: fragmented MP4 parts, or MPEG-TS
 * segments. A new configuration gets a new format (after a discontinuity).
 */
interface MediaFormat {
  /** The initialization segment, or null when the format has none (MPEG-TS). */
  byte[] init();

  /** Whether the format makes parts (fragments) rather than whole segments. */
  boolean parts();

  /**
   * The bytes of a part holding {@code frames}; {@code nextDts} is the decode time of the frame
   * after them on the reference track.
   */
  byte[] part(List<Frame> frames, long nextDts);

  /** The bytes of a whole segment holding {@code frames} (formats without parts). */
  byte[] segment(List<Frame> frames);

  /**
   * Takes new configurations (either may be null: unchanged) in place of the current ones, for a
   * format whose byte stream can go on across them; false when a new format is needed.
   */
  default boolean reconfigure(Frame video, Frame audio) {
    return false;
  }
}
