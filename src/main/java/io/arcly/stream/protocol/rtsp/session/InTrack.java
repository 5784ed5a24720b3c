package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.media.Frame;
import io.arcly.stream.net.Datagram;
import io.arcly.stream.rtp.ReorderBuffer;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.RtpStats;
import io.arcly.stream.rtp.format.Depacketizer;
import io.arcly.stream.rtp.rtcp.Rtcp;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import io.arcly.stream.rtp.stream.LipSync;
import io.arcly.stream.rtp.stream.RtpReceiver;
import java.util.function.Consumer;

/**
 * One track a publisher announced: its control URL, its payload format, and once set up its
 * transport; RTP in (over TCP as it comes, over UDP through a reorder buffer), frames out on the
 * track's id. Packets the format cannot read are dropped and counted.
 */
final class InTrack implements UdpPair.Inbound {
  final int index;
  final String control;
  final int payloadType;
  final Depacketizer format;

  /** Whether SETUP chose its transport. */
  boolean setUp;

  /** Set up: the interleaved RTP channel (RTCP on the next one), or -1 for UDP. */
  int channel = -1;

  private RtpReceiver receiver;
  private ReorderBuffer reorder;
  private Recorder owner;
  private volatile boolean started;
  private long malformed;
  private volatile long packets;
  private volatile long lastPacketNanos;

  InTrack(int index, String control, int payloadType, Depacketizer format) {
    this.index = index;
    this.control = control;
    this.payloadType = payloadType;
    this.format = format;
  }

  /** Whether the track's codec can be read; tracks of other codecs are set up but ignored. */
  boolean supported() {
    return format != null;
  }

  /** Starts receiving: frames go to {@code out} on track id {@link #index}. */
  void start(Recorder owner, LipSync sync, boolean udp, Consumer<Frame> out) {
    this.owner = owner;
    if (format != null) {
      receiver =
          new RtpReceiver(
              format, sync.track(format.clockRate()), f -> out.accept(f.withTrack(index)));
      reorder = udp ? new ReorderBuffer(format.clockRate()) : null;
    }
  }

  @Override
  public int payloadType() {
    return payloadType;
  }

  @Override
  public boolean started() {
    return started;
  }

  long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** An RTP packet received over TCP, in order. */
  void rtpInterleaved(byte[] b, long now) {
    rtpPacket(b, now, false);
  }

  @Override
  public void rtp(Datagram d) {
    Recorder o = owner;
    if (o != null) {
      o.fromUdp(() -> rtpPacket(d.data(), d.receivedNanos(), true));
    }
  }

  @Override
  public void rtcp(Datagram d) {
    Recorder o = owner;
    if (o != null) {
      o.fromUdp(() -> rtcpPacket(d.data(), d.receivedNanos()));
    }
  }

  private void rtpPacket(byte[] b, long now, boolean udp) {
    started = true;
    packets++;
    lastPacketNanos = now;
    if (receiver == null) {
      return;
    }
    RtpPacket p;
    try {
      p = RtpPacket.parse(b, 0, b.length);
    } catch (RtpException e) {
      malformed++;
      return;
    }
    if (udp && reorder != null) {
      reorder.push(p, now, q -> deliver(q, now));
    } else {
      deliver(p, now);
    }
  }

  private void deliver(RtpPacket p, long now) {
    try {
      receiver.receive(p, now);
    } catch (RtpException e) {
      // counted by the receiver; the next packet goes on
    }
  }

  /** An RTCP packet from the publisher: sender reports line the tracks up. */
  void rtcpPacket(byte[] b, long now) {
    lastPacketNanos = now;
    if (receiver == null) {
      return;
    }
    try {
      for (RtcpPacket p : Rtcp.parse(b, 0, b.length)) {
        if (p instanceof RtcpPacket.SenderReport sr) {
          receiver.senderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
        }
      }
    } catch (RtpException e) {
      malformed++;
    }
  }

  /** The track's reception figures. */
  io.arcly.stream.kernel.TrackReception reception() {
    RtpStats s = stats();
    int rate = format == null ? 90_000 : format.clockRate();
    return new io.arcly.stream.kernel.TrackReception(
        index,
        s == null ? packets : s.received(),
        s == null ? 0 : s.lost(),
        s == null ? 0 : s.reordered(),
        s == null ? 0 : s.duplicates(),
        s == null ? 0 : s.jitter() * 1000.0 / rate,
        droppedUnits(),
        malformed());
  }

  /** Packets that could not be read at all. */
  long malformed() {
    return malformed + (receiver == null ? 0 : receiver.malformed());
  }

  /** Loss, reordering and jitter (UDP), or null over TCP. */
  RtpStats stats() {
    return reorder == null ? null : reorder.stats();
  }

  /** Access units dropped because a fragment was missing. */
  long droppedUnits() {
    return receiver == null ? 0 : receiver.droppedUnits();
  }
}
