package io.arcly.stream.rtp.stream;

import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.format.Packetizer;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One sent RTP track of a stream: frames packetized by the track's payload format into RTP packets
 * whose bytes are built once, with the stream track's SSRC, sequence numbers and timestamps, so
 * every player of the stream can be sent the same arrays.
 *
 * <p>The RTP timestamp is {@code initialTimestamp} plus the frame's PTS in the format's clock (RFC
 * 3550 5.1), modulo 2^32; configuration frames are not sent but handed to the packetizer (in band
 * parameter sets, format parameters). Per-player state is what RTP forces on a player that joins
 * late: the sequence number and RTP timestamp it starts at ({@link #nextSequence()}, {@link
 * #rtpTimestamp}) for RTSP's RTP-Info. Not thread safe: one sending thread per stream.
 */
public final class RtpSender {
  private final Packetizer format;
  private final int payloadType;
  private final long ssrc;
  private final long initialTimestamp;
  private int sequence;
  private long packetCount;
  private long octetCount;
  private long lastTimestamp;

  /**
   * A sender for {@code format} with payload type {@code payloadType}, source {@code ssrc} and the
   * first sequence number and timestamp offset (random, RFC 3550 5.1).
   */
  public RtpSender(
      Packetizer format, int payloadType, long ssrc, int initialSequence, long initialTimestamp) {
    this.format = Objects.requireNonNull(format, "format");
    if (payloadType >>> 7 != 0 || ssrc >>> 32 != 0 || initialSequence >>> 16 != 0) {
      throw new IllegalArgumentException("payload type, ssrc or sequence out of range");
    }
    this.payloadType = payloadType;
    this.ssrc = ssrc;
    this.sequence = initialSequence;
    this.initialTimestamp = initialTimestamp & 0xFFFF_FFFFL;
  }

  /** The RTP timestamp of media time {@code micros}. */
  public long rtpTimestamp(long micros) {
    return (initialTimestamp + MediaTime.toRate(micros, format.clockRate())) & 0xFFFF_FFFFL;
  }

  /** The sequence number of the next packet. */
  public int nextSequence() {
    return sequence;
  }

  /**
   * The packets of {@code frame}, each a complete RTP packet (header and payload) to be shared by
   * every player; none for a configuration frame.
   */
  public List<byte[]> send(Frame frame) {
    if (frame.isConfig()) {
      format.config(frame.payload());
      return List.of();
    }
    long ts = rtpTimestamp(frame.pts());
    lastTimestamp = ts;
    List<byte[]> packets = new ArrayList<>();
    format.packetize(
        frame.payload(),
        frame.isKeyframe(),
        (prefix, body, marker) -> packets.add(build(ts, prefix, body, marker)));
    return packets;
  }

  private byte[] build(long ts, byte[] prefix, Payload body, boolean marker) {
    byte[] packet = new byte[RtpPacket.HEADER_SIZE + prefix.length + body.length()];
    RtpPacket.writeHeader(packet, 0, marker, payloadType, sequence, ts, ssrc);
    System.arraycopy(prefix, 0, packet, RtpPacket.HEADER_SIZE, prefix.length);
    body.copyTo(packet, RtpPacket.HEADER_SIZE + prefix.length);
    sequence = (sequence + 1) & 0xFFFF;
    packetCount++;
    octetCount += prefix.length + body.length();
    return packet;
  }

  /**
   * A sender report (RFC 3550 6.4.1) for NTP time {@code ntpTimestamp} (64-bit) at media time
   * {@code micros}, with the counts so far.
   */
  public RtcpPacket.SenderReport senderReport(long ntpTimestamp, long micros) {
    return new RtcpPacket.SenderReport(
        ssrc,
        ntpTimestamp,
        rtpTimestamp(micros),
        packetCount & 0xFFFF_FFFFL,
        octetCount & 0xFFFF_FFFFL,
        List.of());
  }

  /** The RTP timestamp of the last frame sent. */
  public long lastTimestamp() {
    return lastTimestamp;
  }

  /** The payload format. */
  public Packetizer format() {
    return format;
  }
}
