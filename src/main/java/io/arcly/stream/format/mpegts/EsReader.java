package io.arcly.stream.format.mpegts;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;

/**
 * Turns the elementary stream data of one PES packet into frames of one codec.
 *
 * <p>Timestamps come in and go out in the media clock (microseconds), {@link PesHeader#NONE} when
 * the PES packet had none.
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
}
