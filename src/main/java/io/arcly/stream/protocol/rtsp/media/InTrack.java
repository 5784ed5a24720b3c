package io.arcly.stream.protocol.rtsp.media;

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
 * One received track of a session description: its control URL, its payload format, and once set up
 * its transport; RTP in (over TCP as it comes, over UDP through a reorder buffer), frames out on
 * the track's id. Packets the format cannot read are dropped and counted.
 */
public final class InTrack implements UdpPair.Inbound {
  /** RTP packets received. */
  private volatile long packets;

  private final int index;
  private final String control;
  private final int payloadType;
  private final Depacketizer format;

  private boolean setUp;
  private int channel = -1;

  private RtpReceiver receiver;
  private ReorderBuffer reorder;
  private RtpIngest owner;
  private volatile boolean started;
  private long malformed;
  private volatile long lastPacketNanos;
  private long senderSsrc = -1;
  private long lastSrMiddle;
  private long lastSrNanos;
  private long reportedExpected;
  private long reportedLost;

  InTrack(int index, String control, int payloadType, Depacketizer format) {
    this.index = index;
    this.control = control;
    this.payloadType = payloadType;
    this.format = format;
  }

  /** The track's index in the description, which is its track id in the stream. */
  public int index() {
    return index;
  }

  /** The {@code a=control} value, empty when there was none. */
  public String control() {
    return control;
  }

  /** The payload format, or null for a codec that cannot be read. */
  public Depacketizer format() {
    return format;
  }

  /** Whether the track's codec can be read; tracks of other codecs are set up but ignored. */
  public boolean supported() {
    return format != null;
  }

  /** Whether SETUP chose its transport. */
  public boolean isSetUp() {
    return setUp;
  }

  /** The interleaved RTP channel (RTCP on the next one), or -1 for UDP or before SETUP. */
  public int channel() {
    return channel;
  }

  /** SETUP chose TCP: RTP on interleaved {@code rtpChannel}, RTCP on the next one. */
  public void setUpTcp(int rtpChannel) {
    channel = rtpChannel;
    setUp = true;
  }

  /** SETUP chose UDP. */
  public void setUpUdp() {
    channel = -1;
    setUp = true;
  }

  /** Starts receiving: frames go to {@code out} on track id {@link #index}. */
  void start(RtpIngest owner, LipSync sync, boolean udp, Consumer<Frame> out) {
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

  /** When the last RTP or RTCP packet arrived, {@link System#nanoTime}; 0 before any. */
  public long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** An RTP packet received over TCP, in order. */
  void rtpInterleaved(byte[] b, long now) {
    rtpPacket(b, now, false);
  }

  @Override
  public void rtp(Datagram d) {
    RtpIngest o = owner;
    if (o != null) {
      o.fromUdp(() -> rtpPacket(d.data(), d.receivedNanos(), true));
    }
  }

  @Override
  public void rtcp(Datagram d) {
    RtpIngest o = owner;
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
    senderSsrc = p.ssrc();
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

  /** An RTCP packet from the sender: sender reports line the tracks up, a goodbye ends it. */
  void rtcpPacket(byte[] b, long now) {
    lastPacketNanos = now;
    if (receiver == null) {
      return;
    }
    try {
      for (RtcpPacket p : Rtcp.parse(b, 0, b.length)) {
        if (p instanceof RtcpPacket.SenderReport sr) {
          receiver.senderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
          lastSrMiddle = (sr.ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
          lastSrNanos = now;
        } else if (p instanceof RtcpPacket.Goodbye bye
            && (senderSsrc < 0 || bye.ssrcs().contains(senderSsrc))
            && owner != null) {
          owner.goodbye(index);
        }
      }
    } catch (RtpException e) {
      malformed++;
    }
  }

  /**
   * The reception report block on this track's sender (RFC 3550 6.4.1), as of {@code now}: loss
   * since the previous report and in all, highest sequence, jitter, and the last sender report
   * echoed; null over TCP or before any packet.
   */
  RtcpPacket.ReportBlock report(long now) {
    if (reorder == null || senderSsrc < 0) {
      return null;
    }
    RtpStats s = reorder.stats();
    long expected = s.received() + s.lost();
    long intervalExpected = expected - reportedExpected;
    long intervalLost = s.lost() - reportedLost;
    reportedExpected = expected;
    reportedLost = s.lost();
    int fraction =
        intervalExpected <= 0 || intervalLost <= 0
            ? 0
            : (int) Math.min(255, (intervalLost << 8) / intervalExpected);
    int cumulative = (int) Math.min(s.lost(), (1 << 23) - 1);
    long dlsr = lastSrNanos == 0 ? 0 : ((now - lastSrNanos) * 65_536L / 1_000_000_000L);
    return new RtcpPacket.ReportBlock(
        senderSsrc,
        fraction,
        cumulative,
        Math.max(0, s.highestSequence()) & 0xFFFF_FFFFL,
        Math.min(s.jitter(), 0xFFFF_FFFFL),
        lastSrMiddle,
        Math.min(dlsr, 0xFFFF_FFFFL));
  }

  /** The track's reception figures, for the stream's API view. */
  public io.arcly.stream.kernel.TrackReception reception() {
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
  public long malformed() {
    return malformed + (receiver == null ? 0 : receiver.malformed());
  }

  /** Loss, reordering and jitter (UDP), or null over TCP. */
  public RtpStats stats() {
    return reorder == null ? null : reorder.stats();
  }

  /** Access units dropped because a fragment was missing. */
  public long droppedUnits() {
    return receiver == null ? 0 : receiver.droppedUnits();
  }
}
