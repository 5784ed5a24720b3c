package io.arcly.stream.rtp.stream;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.format.Depacketizer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One received RTP track turned into frames: packets in sequence order (from a {@link
 * io.arcly.stream.rtp.ReorderBuffer} over UDP, or as they come over TCP) through the track's
 * payload format, timestamps onto the stream's media clock ({@link LipSync}), decoding timestamps
 * derived for H.264 and H.265, configuration frames before the media they describe.
 *
 * <p>A packet the payload format cannot read raises an {@link RtpException} after being counted
 * ({@link #malformed()}); the receiver goes on with the next packet. Not thread safe: one receiving
 * thread per stream.
 */
public final class RtpReceiver {
  private final Depacketizer format;
  private final LipSync.Track clock;
  private final Consumer<Frame> out;
  private final DtsExtractor dts;
  private final Depacketizer.Sink sink = new Sink();

  private Payload pendingConfig;
  private long arrival;
  private long malformed;
  private long frames;

  /**
   * A receiver reading packets with {@code format}, timing them with {@code clock} and handing
   * frames to {@code out}.
   */
  public RtpReceiver(Depacketizer format, LipSync.Track clock, Consumer<Frame> out) {
    this.format = Objects.requireNonNull(format, "format");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.out = Objects.requireNonNull(out, "out");
    if (clock.clockRate() != format.clockRate()) {
      throw new IllegalArgumentException("clock rate differs from the payload format's");
    }
    CodecId codec = format.codec();
    this.dts = codec == CodecId.H264 || codec == CodecId.H265 ? new DtsExtractor(codec) : null;
    this.pendingConfig = format.initialConfig();
    if (pendingConfig != null && dts != null) {
      dts.config(pendingConfig);
    }
  }

  /**
   * Takes the next packet of the track, arrived at {@code arrivalNanos} (any monotonic clock, the
   * same for every track of the stream), and hands out the frames it completes.
   *
   * @throws RtpException when the packet's payload is malformed (counted, the packet dropped)
   */
  public void receive(RtpPacket packet, long arrivalNanos) {
    arrival = arrivalNanos;
    try {
      format.push(packet, sink);
    } catch (RtpException e) {
      malformed++;
      throw e;
    }
  }

  /** Takes a sender report of the track's source (RFC 3550 6.4.1), for lip sync. */
  public void senderReport(long ntpTimestamp, long rtpTimestamp) {
    clock.senderReport(ntpTimestamp, rtpTimestamp);
  }

  /** Packets dropped as malformed. */
  public long malformed() {
    return malformed;
  }

  /** Access units the payload format dropped (lost fragments, over limits). */
  public long droppedUnits() {
    return format.droppedUnits();
  }

  /** Frames handed out, configurations included. */
  public long frames() {
    return frames;
  }

  /** The payload format. */
  public Depacketizer format() {
    return format;
  }

  private final class Sink implements Depacketizer.Sink {
    @Override
    public void config(long rtpTimestamp, Payload record) {
      pendingConfig = record;
      if (dts != null) {
        dts.config(record);
      }
    }

    @Override
    public void unit(long rtpTimestamp, Payload unit, boolean keyframe) {
      long pts = clock.toMedia(rtpTimestamp, arrival);
      long decode = dts != null ? dts.dts(unit, pts) : pts;
      if (pendingConfig != null) {
        emit(Frame.CONFIG, decode, decode, pendingConfig);
        pendingConfig = null;
      }
      emit(keyframe ? Frame.KEYFRAME : 0, pts, decode, unit);
    }
  }

  /** Builds and hands out every frame of this track: the one place a Frame is made. */
  private void emit(int flags, long pts, long decode, Payload payload) {
    CodecId codec = format.codec();
    frames++;
    out.accept(new Frame(codec.kind(), codec, pts, decode, flags, payload));
  }
}
