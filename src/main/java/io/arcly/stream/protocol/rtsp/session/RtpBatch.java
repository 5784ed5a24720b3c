package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.play.FrameBatch;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.net.Pacer;
import io.arcly.stream.protocol.rtsp.wire.RtspEncoder;
import io.arcly.stream.rtp.rtcp.Rtcp;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One gathering write of RTP packets for a set of tracks, the stream's shared packets as they are
 * (see {@link StreamRtp}): over TCP a frame is one buffer when the player's interleaved channel is
 * the track's usual one (else each packet gets the player's own 4-byte frame header); over UDP each
 * packet is one datagram, paced, so the GOP a player starts with does not overflow its socket
 * buffer. Every few seconds each track gets a sender report. Used by a unicast player and by a
 * multicast group alike.
 */
final class RtpBatch implements FrameBatch {
  /** Where the packets go. */
  interface Sink {
    /** Writes interleaved frames (TCP), blocking. */
    void write(ByteBuffer[] buffers, int count) throws IOException;

    /** Writes what was queued for the peer meanwhile (TCP), if anything. */
    void flush() throws IOException;

    /** Sends one RTP datagram. */
    void sendRtp(ByteBuffer datagram, InetSocketAddress to);

    /** Sends one RTCP datagram. */
    void sendRtcp(ByteBuffer datagram, InetSocketAddress to);
  }

  /**
   * The most a UDP receiver is sent per second, and at once: the cached GOP a player starts with
   * would otherwise arrive as one burst of a second or two of video and overflow the player's
   * socket buffer (GStreamer's is 512 KiB). Live traffic stays far below it.
   */
  private static final long UDP_RATE = 50_000_000;

  private static final long UDP_BURST = 256 * 1024;

  /** How often each track gets a sender report. */
  private static final long SR_INTERVAL_NANOS = 5_000_000_000L;

  private final List<OutTrack> tracks;
  private final StreamRtp rtp;
  private final Sink sink;
  private boolean needKeyframe;

  private final List<ByteBuffer> buffers = new ArrayList<>();

  /** UDP packets of the batch, sent one at a time. */
  private final List<Datagram> datagrams = new ArrayList<>();

  /** Interleaved frame headers for a player on another channel than the track's usual one. */
  private ByteBuffer headers = ByteBuffer.allocateDirect(1024);

  private int headerAt;
  private long bytes;
  private long lastReport = System.nanoTime();
  private final Pacer pacer = new Pacer(UDP_RATE, UDP_BURST, System.nanoTime());

  /**
   * A batch for {@code tracks} of {@code rtp}, sent to {@code sink}; with {@code startAtKeyframe},
   * video waits for a keyframe (a resumed PLAY).
   */
  RtpBatch(List<OutTrack> tracks, StreamRtp rtp, Sink sink, boolean startAtKeyframe) {
    this.tracks = tracks;
    this.rtp = rtp;
    this.sink = sink;
    this.needKeyframe = startAtKeyframe;
  }

  /** A UDP packet to send: packet {@code index} of a frame's shared packets. */
  private record Datagram(OutTrack track, StreamRtp.Packets packets, int index) {}

  @Override
  public boolean add(Frame f, long seq) {
    OutTrack t = null;
    for (OutTrack o : tracks) {
      if (o.rtp.id == f.track()) {
        t = o;
        break;
      }
    }
    if (t == null) {
      return false;
    }
    if (f.isConfig()) {
      rtp.packets(seq, f); // configures the track's packetizer
      return false;
    }
    if (needKeyframe && f.kind() == TrackKind.VIDEO) {
      if (!f.isKeyframe()) {
        return false;
      }
      needKeyframe = false;
    }
    StreamRtp.Packets p = rtp.packets(seq, f);
    if (p.count() == 0) {
      return false;
    }
    if (!t.udp() && t.channel == p.channel()) {
      buffers.add(p.interleaved());
      bytes += p.wire().capacity();
    } else {
      for (int i = 0; i < p.count(); i++) {
        int len = p.rtpLength(i);
        if (t.udp()) {
          datagrams.add(new Datagram(t, p, i));
        } else {
          if (headerAt + StreamRtp.INTERLEAVED_HEADER > headers.capacity()) {
            headers = ByteBuffer.allocateDirect(headers.capacity() * 2);
            headerAt = 0; // earlier views keep the old buffer
          }
          ByteBuffer h = headers.slice(headerAt, StreamRtp.INTERLEAVED_HEADER);
          RtspEncoder.writeFrameHeader(t.channel, len, h.duplicate());
          buffers.add(h);
          buffers.add(p.rtp(i));
          headerAt += StreamRtp.INTERLEAVED_HEADER;
        }
        bytes += StreamRtp.INTERLEAVED_HEADER + len;
      }
    }
    t.packets += p.count();
    t.octets += p.payloadBytes();
    t.lastRtpTimestamp = p.rtpTimestamp();
    t.lastPts = f.pts();
    return true;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public void write() throws IOException {
    if (!buffers.isEmpty()) {
      ByteBuffer[] all = buffers.toArray(ByteBuffer[]::new);
      sink.write(all, all.length);
    } else {
      sink.flush();
    }
    for (Datagram d : datagrams) {
      ByteBuffer packet = d.packets().rtp(d.index());
      long wait = pacer.delay(packet.remaining(), System.nanoTime());
      if (wait > 0) {
        LockSupport.parkNanos(wait); // the GOP at join, spread out (see UDP_RATE)
      }
      sink.sendRtp(packet, d.track().rtpTo);
    }
    long now = System.nanoTime();
    if (now - lastReport > SR_INTERVAL_NANOS) {
      lastReport = now;
      senderReports();
    }
  }

  @Override
  public void clear() {
    buffers.clear();
    datagrams.clear();
    headerAt = 0;
    bytes = 0;
  }

  @Override
  public void idle() throws IOException {
    sink.flush();
  }

  /** RTCP BYE on every track: players such as ffmpeg end the stream on it. */
  void goodbye() throws IOException {
    for (OutTrack t : tracks) {
      sendRtcp(t, List.of(new RtcpPacket.Goodbye(List.of(t.rtp.ssrc), "end of stream")));
    }
  }

  /** A sender report per track: the wall clock of its last packet, for lip sync. */
  private void senderReports() throws IOException {
    long ntp = ntpNow();
    for (OutTrack t : tracks) {
      if (t.lastPts < 0) {
        continue;
      }
      sendRtcp(
          t,
          List.of(
              new RtcpPacket.SenderReport(
                  t.rtp.ssrc,
                  ntp,
                  t.lastRtpTimestamp,
                  t.packets & 0xFFFF_FFFFL,
                  t.octets & 0xFFFF_FFFFL,
                  List.of())));
    }
  }

  private void sendRtcp(OutTrack t, List<? extends RtcpPacket> packets) throws IOException {
    byte[] b = Rtcp.encode(packets);
    if (t.udp()) {
      sink.sendRtcp(ByteBuffer.wrap(b), t.rtcpTo);
    } else {
      ByteBuffer framed = ByteBuffer.allocate(4 + b.length);
      RtspEncoder.writeFrameHeader(t.channel + 1, b.length, framed);
      framed.put(b).flip();
      sink.write(new ByteBuffer[] {framed}, 1);
    }
  }

  /** Now as a 64-bit NTP timestamp (RFC 3550 4). */
  static long ntpNow() {
    long ms = System.currentTimeMillis() + 2_208_988_800_000L;
    long seconds = ms / 1000;
    long fraction = ((ms % 1000) << 32) / 1000;
    return (seconds << 32) | fraction;
  }
}
