package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.play.FrameBatch;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.net.Pacer;
import io.arcly.stream.protocol.rtsp.wire.RtspEncoder;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.rtcp.Rtcp;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One gathering write of RTP packets for a set of tracks: per packet the tracks' own header, then
 * the stream's shared payload (see {@link StreamRtp}). Interleaved packets go out in one gathering
 * write; UDP packets one datagram at a time, assembled in one reusable buffer and paced, so the GOP
 * a player starts with does not overflow its socket buffer. Every few seconds each track gets a
 * sender report. Used by a unicast player and by a multicast group alike.
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

  /** UDP packets of the batch, assembled one at a time in {@link #scratch} when sent. */
  private final List<Datagram> datagrams = new ArrayList<>();

  /** Where a datagram is assembled; made at the first one (a TCP player never needs it). */
  private byte[] scratch;

  /**
   * The batch's interleaved and RTP headers, in direct memory like the shared payloads, so the
   * gathering write copies nothing; grown when one batch needs more.
   */
  private ByteBuffer headers = ByteBuffer.allocateDirect(2048);

  private final byte[] header = new byte[16];
  private final ByteBuffer headerView = ByteBuffer.wrap(header);
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

  /**
   * A UDP packet to send: packet {@code index} of the shared packets, the track's header fields.
   */
  private record Datagram(
      OutTrack track, StreamRtp.Packets packets, int index, int seq, long timestamp) {}

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
    for (int i = 0; i < p.count(); i++) {
      int payloadLength = p.length(i);
      int len = RtpPacket.HEADER_SIZE + payloadLength;
      if (t.udp()) {
        datagrams.add(new Datagram(t, p, i, t.nextSeq(), p.rtpTimestamp()));
      } else {
        if (headerAt + 16 > headers.capacity()) {
          headers = ByteBuffer.allocateDirect(headers.capacity() * 2);
          headerAt = 0; // earlier views keep the old buffer
        }
        RtspEncoder.writeFrameHeader(t.channel, len, headerView.clear());
        RtpPacket.writeHeader(
            header,
            4,
            p.markers()[i],
            t.rtp.payloadType,
            t.nextSeq(),
            p.rtpTimestamp(),
            t.rtp.ssrc);
        headers.put(headerAt, header);
        buffers.add(headers.slice(headerAt, 16));
        buffers.add(p.payload(i));
        headerAt += 16;
      }
      bytes += 4 + len;
      t.packets++;
      t.octets += payloadLength;
    }
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
    if (!datagrams.isEmpty() && scratch == null) {
      scratch = new byte[RtpPacket.MAX_SIZE];
    }
    for (Datagram d : datagrams) {
      OutTrack t = d.track();
      StreamRtp.Packets p = d.packets();
      int i = d.index();
      RtpPacket.writeHeader(
          scratch, 0, p.markers()[i], t.rtp.payloadType, d.seq(), d.timestamp(), t.rtp.ssrc);
      p.wire().get(p.start(i), scratch, RtpPacket.HEADER_SIZE, p.length(i));
      int len = RtpPacket.HEADER_SIZE + p.length(i);
      long wait = pacer.delay(len, System.nanoTime());
      if (wait > 0) {
        LockSupport.parkNanos(wait); // the GOP at join, spread out (see UDP_RATE)
      }
      sink.sendRtp(ByteBuffer.wrap(scratch, 0, len), t.rtpTo);
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
