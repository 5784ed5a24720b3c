package io.arcly.stream.format.mpegts;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;

/**
 * Turns the elementary stream data of one PES packet into frames of one codec.
 *
 * <p>Timestamps come in and go out on the 90 kHz clock of the PES header, unwrapped ({@link
 * TsClock}), {@link PesHeader#NONE} when the PES packet had none; frames after the first of a PES
 * packet are timed on the same clock, rounded to the tick, so every timestamp converts to the media
 * clock and back without loss.
 */
sealed interface EsReader permits VideoEs, AdtsEs, LatmEs, MpegAudioEs, OpusEs {
  /** Where a reader puts what it found. */
  interface Out {
    /** A frame: media, or a configuration when {@code flags} holds {@code Frame.CONFIG}. */
    void frame(long pts, long dts, int flags, Payload payload);

    /** Data that could not be read was dropped. */
    void error();

    /** A frame was dropped because no configuration describes it yet. */
    void beforeConfig();
  }

  /** The codec of the frames. */
  CodecId codec();

  /**
   * Whether frames share the PES buffer handed to {@link #read} (then the buffer is never written
   * again), rather than copying out of it.
   */
  boolean retainsBuffer();

  /** Reads the elementary stream data {@code b[off..off+len)} of one PES packet. */
  void read(byte[] b, int off, int len, long pts, long dts, Out out);

  /** {@code samples} at {@code rate} Hz in 90 kHz ticks, rounded. */
  static long ticks(long samples, int rate) {
    return (samples * 90_000 + rate / 2) / rate;
  }
}
