package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.PlayPump;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.rtp.sdp.Attribute;
import io.arcly.stream.rtp.sdp.Connection;
import io.arcly.stream.rtp.sdp.MediaDescription;
import io.arcly.stream.rtp.sdp.Origin;
import io.arcly.stream.rtp.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
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

  /** The multicast group the player's tracks are in, or null when it plays over unicast. */
  private MulticastGroups.Group group;

  private volatile boolean multicastPlaying;

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
    return writer != null || multicastPlaying;
  }

  /**
   * The stream's multicast group, which this player joins (its tracks are then all multicast).
   *
   * @throws IOException when no group address is free or multicast cannot be sent
   */
  MulticastGroups.Group joinMulticast() throws IOException {
    if (group == null) {
      group = conn.context().multicast().join(this, sub.stream(), rtp);
    }
    return group;
  }

  /** Whether the player receives over multicast. */
  boolean multicast() {
    return group != null;
  }

  /** The multicast group ended with its stream: the player's connection ends too. */
  void ended() {
    conn.close("play of " + key + " ended: publisher left", false);
  }

  /**
   * Starts the media writer on {@code ticker}'s batches (null: no batching), or, over multicast,
   * the group's writer if it is not running yet.
   *
   * @throws StreamException when the stream refuses the group's subscription
   */
  void play(Ticker ticker) {
    if (group != null) {
      conn.context().multicast().play(group, this, ticker);
      multicastPlaying = true;
      return;
    }
    if (writer != null) {
      return;
    }
    stopped = false;
    conn.startMediaWriter(this::wake);
    writer = conn.startThread("rtsp play", () -> run(ticker));
  }

  /** Stops the writer (PAUSE): later PLAY resumes at a keyframe. */
  void pause() {
    if (group != null) {
      multicastPlaying = false;
      conn.context().multicast().pause(group, this);
      return;
    }
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
      RtpBatch batch = new RtpBatch(tracks, rtp, new Sink(), needKeyframe);
      needKeyframe = false;
      boolean ended =
          new PlayPump(MAX_BATCH, MAX_BATCH_BYTES, ticker)
              .run(sub, batch, () -> stopped || conn.isClosed());
      if (ended && !stopped) {
        batch.goodbye();
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

  /** Ends playing and leaves the stream. Idempotent. */
  void close() {
    stopped = true;
    if (group != null) {
      conn.context().multicast().leave(group, this);
    }
    wake();
    Subscription s = sub;
    if (s != null) {
      s.close();
    }
  }

  /** Where a unicast player's packets go: its connection, or the server's UDP pair. */
  private final class Sink implements RtpBatch.Sink {
    @Override
    public void write(ByteBuffer[] buffers, int count) throws IOException {
      conn.write(buffers, count);
    }

    @Override
    public void flush() throws IOException {
      conn.flushQueued();
    }

    @Override
    public void sendRtp(ByteBuffer datagram, InetSocketAddress to) {
      UdpPair udp = conn.context().udp();
      if (udp != null) {
        udp.rtpSocket().send(datagram, to);
      }
    }

    @Override
    public void sendRtcp(ByteBuffer datagram, InetSocketAddress to) {
      UdpPair udp = conn.context().udp();
      if (udp != null) {
        udp.rtcpSocket().send(datagram, to);
      }
    }
  }
}
