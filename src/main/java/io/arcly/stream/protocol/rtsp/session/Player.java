package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.FrameBatch;
import io.arcly.stream.kernel.play.PlayPump;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.net.Pacer;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.protocol.rtsp.wire.RtspEncoder;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.rtcp.Rtcp;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import io.arcly.stream.rtp.sdp.Attribute;
import io.arcly.stream.rtp.sdp.Connection;
import io.arcly.stream.rtp.sdp.MediaDescription;
import io.arcly.stream.rtp.sdp.Origin;
import io.arcly.stream.rtp.sdp.SessionDescription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The playing side of an RTSP session: DESCRIBE waits for the stream (and its codec configurations)
 * and describes its tracks; SETUP picks tracks and transports; PLAY starts the media writer, which
 * sends the cached configurations and GOP, then live frames, each frame as the stream's shared RTP
 * payloads behind the player's own RTP headers (see {@link StreamRtp}). A slow player blocks only
 * its own writer. When the publisher leaves, every track gets an RTCP BYE and the connection
 * closes.
 */
final class Player {
  /** Frames per gathering write, and about the most bytes. */
  private static final int MAX_BATCH = 64;

  private static final int MAX_BATCH_BYTES = 512 * 1024;

  /**
   * The most a UDP player is sent per second, and at once: the cached GOP a player starts with
   * would otherwise arrive as one burst of a second or two of video and overflow the player's
   * socket buffer (GStreamer's is 512 KiB). Live traffic stays far below it.
   */
  private static final long UDP_RATE = 50_000_000;

  private static final long UDP_BURST = 256 * 1024;

  /** How often each track gets a sender report. */
  private static final long SR_INTERVAL_NANOS = 5_000_000_000L;

  /** Codecs whose players need a configuration before the first frame. */
  private static boolean needsConfig(CodecId c) {
    return c == CodecId.H264 || c == CodecId.H265 || c == CodecId.AAC || c == CodecId.AV1;
  }

  final StreamKey key;
  private final RtspConnection conn;
  private final ClientInfo client;
  private final Credentials credentials;
  private final List<OutTrack> tracks = new ArrayList<>();
  private Subscription sub;
  private StreamRtp rtp;
  private volatile boolean stopped;
  private volatile Thread writer;
  private volatile boolean needKeyframe;

  Player(RtspConnection conn, StreamKey key, ClientInfo client, Credentials credentials) {
    this.conn = conn;
    this.key = key;
    this.client = client;
    this.credentials = credentials;
  }

  /**
   * Subscribes, waiting for the publisher as configured, then for the codec configurations of its
   * tracks (briefly).
   *
   * @throws StreamException {@code STREAM_NOT_FOUND} when nobody publishes in time, or why the
   *     engine refused the player
   */
  void open() throws IOException {
    if (sub != null) {
      return;
    }
    PublisherWait wait = new PublisherWait(conn.context().ctx(), key, client, credentials);
    Duration playWait = conn.context().settings().playWait();
    Subscription s = wait.open(playWait);
    if (s == null) {
      s = wait.await(playWait, conn::isClosed, () -> {});
      if (s == null) {
        throw new StreamException(StreamException.Reason.STREAM_NOT_FOUND, "connection closed");
      }
    }
    sub = s;
    rtp = StreamRtp.of(s.stream(), conn.context().settings().maxPayload());
    awaitConfigs(s.stream(), Duration.ofSeconds(5));
  }

  /**
   * Waits a little for the tracks and the configurations players need before media: every track
   * known (the publisher declared it, or its frames came) has its configuration, and the stream has
   * both video and audio or has run a second (a stream of one kind waits that long for the other).
   */
  private void awaitConfigs(StreamHandle h, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!conn.isClosed() && !h.isEnded() && System.nanoTime() - deadline < 0) {
      List<TrackInfo> ts = h.tracks();
      boolean ready = !ts.isEmpty();
      for (TrackInfo t : ts) {
        if (needsConfig(t.codec()) && h.config(t.id()).isEmpty()) {
          ready = false;
        }
      }
      boolean both =
          ts.stream().anyMatch(t -> t.kind() == TrackKind.VIDEO)
              && ts.stream().anyMatch(t -> t.kind() == TrackKind.AUDIO);
      if (ready && (both || h.qos().uptimeMillis() >= 1000)) {
        return;
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  /** The description of the stream's tracks, with {@code trackID=N} controls. */
  SessionDescription describe(String sessionId, String localAddress) {
    List<MediaDescription> media = new ArrayList<>();
    for (StreamRtp.Track t : rtp.tracks()) {
      int pt = t.payloadType;
      List<Attribute> attrs = new ArrayList<>();
      attrs.add(
          Attribute.of(
              "rtpmap",
              pt
                  + " "
                  + t.encodingName()
                  + "/"
                  + t.clockRate()
                  + (t.channels() > 0 ? "/" + t.channels() : "")));
      Map<String, String> fmtp = t.fmtp();
      if (!fmtp.isEmpty()) {
        StringBuilder b = new StringBuilder().append(pt).append(' ');
        boolean first = true;
        for (Map.Entry<String, String> e : fmtp.entrySet()) {
          b.append(first ? "" : ";").append(e.getKey()).append('=').append(e.getValue());
          first = false;
        }
        attrs.add(Attribute.of("fmtp", b.toString()));
      }
      attrs.add(Attribute.of("control", "trackID=" + t.id));
      media.add(
          MediaDescription.of(
              t.codec.kind() == TrackKind.VIDEO ? "video" : "audio",
              "RTP/AVP",
              List.of(Integer.toString(pt)),
              attrs));
    }
    return SessionDescription.of(
        Origin.of(sessionId, "1", localAddress),
        key.toString(),
        Connection.ip4("0.0.0.0"),
        List.of(Attribute.of("control", "*"), Attribute.of("range", "npt=0-")),
        media);
  }

  /** The stream's RTP form of track {@code id}, or null when the stream has no such track. */
  StreamRtp.Track track(int id) {
    return rtp == null ? null : rtp.track(id);
  }

  /** Whether track {@code id} is set up already. */
  boolean isSetUp(int id) {
    return tracks.stream().anyMatch(t -> t.rtp.id == id);
  }

  void add(OutTrack t) {
    tracks.add(t);
  }

  List<OutTrack> tracks() {
    return tracks;
  }

  boolean playing() {
    return writer != null;
  }

  /** Starts the media writer on {@code ticker}'s batches (null: no batching). */
  void play(Ticker ticker) {
    if (writer != null) {
      return;
    }
    stopped = false;
    conn.startMediaWriter(this::wake);
    writer = conn.startThread("rtsp play", () -> run(ticker));
  }

  /** Stops the writer (PAUSE): later PLAY resumes at a keyframe. */
  void pause() {
    Thread t = writer;
    if (t == null) {
      return;
    }
    stopped = true;
    needKeyframe = true;
    wake();
    if (t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(conn.context().settings().writeTimeout().toMillis());
      if (t.isAlive()) {
        conn.close("play writer did not stop", false);
      } else {
        writer = null;
        conn.stopMediaWriter();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      conn.close("interrupted", false);
    } catch (IOException e) {
      conn.close("write failed: " + e.getMessage(), false);
    }
  }

  private void wake() {
    Thread t = writer;
    if (t != null) {
      LockSupport.unpark(t);
    }
    Subscription s = sub;
    if (s != null) {
      s.wakeup();
    }
  }

  private void run(Ticker ticker) {
    try {
      boolean ended =
          new PlayPump(MAX_BATCH, MAX_BATCH_BYTES, ticker)
              .run(sub, new RtpBatch(), () -> stopped || conn.isClosed());
      if (ended && !stopped) {
        goodbye();
        conn.flushQueued();
        conn.close("play of " + key + " ended: publisher left", false);
      }
    } catch (IOException e) {
      conn.close("write failed: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      conn.close("shutting down", false);
    }
  }

  /** RTCP BYE on every track: players such as ffmpeg end the stream on it. */
  private void goodbye() throws IOException {
    for (OutTrack t : tracks) {
      sendRtcp(t, List.of(new RtcpPacket.Goodbye(List.of(t.rtp.ssrc), "end of stream")));
    }
  }

  private void sendRtcp(OutTrack t, List<? extends RtcpPacket> packets) throws IOException {
    byte[] bytes = Rtcp.encode(packets);
    if (t.udp()) {
      UdpPair udp = conn.context().udp();
      if (udp != null) {
        udp.rtcpSocket().send(ByteBuffer.wrap(bytes), t.rtcpTo);
      }
    } else {
      ByteBuffer b = ByteBuffer.allocate(4 + bytes.length);
      RtspEncoder.writeFrameHeader(t.channel + 1, bytes.length, b);
      b.put(bytes).flip();
      conn.write(new ByteBuffer[] {b}, 1);
    }
  }

  /** Ends playing and leaves the stream. Idempotent. */
  void close() {
    stopped = true;
    wake();
    Subscription s = sub;
    if (s != null) {
      s.close();
    }
  }

  /** A UDP packet to send: the shared payload and this player's header fields. */
  private record Datagram(
      OutTrack track, byte[] payload, boolean marker, int seq, long timestamp) {}

  /** One gathering write of RTP packets: per packet the player's header, then shared payload. */
  private final class RtpBatch implements FrameBatch {
    private final List<ByteBuffer> buffers = new ArrayList<>();

    /** UDP packets of the batch, assembled one at a time in {@link #scratch} when sent. */
    private final List<Datagram> datagrams = new ArrayList<>();

    private final byte[] scratch = new byte[RtpPacket.MAX_SIZE];
    private byte[] headers = new byte[4096];
    private int headerAt;
    private long bytes;
    private long lastReport = System.nanoTime();
    private final Pacer pacer = new Pacer(UDP_RATE, UDP_BURST, System.nanoTime());

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
        byte[] payload = p.payloads()[i];
        int len = RtpPacket.HEADER_SIZE + payload.length;
        if (t.udp()) {
          datagrams.add(new Datagram(t, payload, p.markers()[i], t.nextSeq(), p.rtpTimestamp()));
        } else {
          if (headerAt + 16 > headers.length) {
            headers = new byte[Math.max(4096, headers.length * 2)];
            headerAt = 0; // earlier views keep the old array
          }
          ByteBuffer h = ByteBuffer.wrap(headers, headerAt, 16);
          RtspEncoder.writeFrameHeader(t.channel, len, h.duplicate());
          RtpPacket.writeHeader(
              headers,
              headerAt + 4,
              p.markers()[i],
              t.rtp.payloadType,
              t.nextSeq(),
              p.rtpTimestamp(),
              t.rtp.ssrc);
          buffers.add(h);
          buffers.add(ByteBuffer.wrap(payload));
          headerAt += 16;
        }
        bytes += 4 + len;
        t.packets++;
        t.octets += payload.length;
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
        conn.write(all, all.length);
      } else {
        conn.flushQueued();
      }
      if (!datagrams.isEmpty()) {
        UdpPair udp = conn.context().udp();
        for (Datagram d : datagrams) {
          OutTrack t = d.track();
          RtpPacket.writeHeader(
              scratch, 0, d.marker(), t.rtp.payloadType, d.seq(), d.timestamp(), t.rtp.ssrc);
          System.arraycopy(d.payload(), 0, scratch, RtpPacket.HEADER_SIZE, d.payload().length);
          int len = RtpPacket.HEADER_SIZE + d.payload().length;
          long wait = pacer.delay(len, System.nanoTime());
          if (wait > 0) {
            LockSupport.parkNanos(wait); // the GOP at join, spread out (see UDP_RATE)
          }
          udp.rtpSocket().send(ByteBuffer.wrap(scratch, 0, len), t.rtpTo);
        }
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
      conn.flushQueued();
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
  }

  /** Now as a 64-bit NTP timestamp (RFC 3550 4). */
  static long ntpNow() {
    long ms = System.currentTimeMillis() + 2_208_988_800_000L;
    long seconds = ms / 1000;
    long fraction = ((ms % 1000) << 32) / 1000;
    return (seconds << 32) | fraction;
  }
}
