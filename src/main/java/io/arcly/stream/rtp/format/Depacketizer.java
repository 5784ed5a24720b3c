package io.arcly.stream.rtp.format;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;

/**
 * Turns the RTP packets of one track, in sequence order, back into the media model's access units
 * (see {@link io.arcly.stream.media.Frame} for their layout) and decoder configurations.
 *
 * <p>A depacketizer never throws on peer bytes but {@link RtpException}, for a packet it cannot
 * read; the packet is dropped and the caller counts it. Units that cannot be completed (a lost
 * fragment, a gap in sequence numbers, a unit over the format's documented size limit) are dropped
 * and counted in {@link #droppedUnits()}. Not thread safe.
 */
public interface Depacketizer {
  /** What a depacketizer hands out. */
  interface Sink {
    /**
     * A new decoder configuration record (or AudioSpecificConfig, OpusHead), valid from the unit
     * with {@code rtpTimestamp} on.
     */
    void config(long rtpTimestamp, Payload record);

    /** A complete access unit (or audio frame) with the RTP timestamp of its presentation. */
    void unit(long rtpTimestamp, Payload unit, boolean keyframe);
  }

  /** The codec of the units. */
  CodecId codec();

  /** The RTP clock rate in Hz. */
  int clockRate();

  /** The decoder configuration the format parameters gave, or null when they gave none. */
  Payload initialConfig();

  /**
   * Takes the next packet and hands out whatever it completes.
   *
   * @throws RtpException when the packet's payload is malformed; the state is left ready for the
   *     next packet
   */
  void push(RtpPacket packet, Sink out);

  /** Access units dropped because they could not be completed or were over a limit. */
  long droppedUnits();
}
