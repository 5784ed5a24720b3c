package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.media.Payload;
import io.arcly.stream.net.Datagram;
import io.arcly.stream.net.UdpSocket;
import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import io.arcly.stream.protocol.srt.wire.SrtWireException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One established SRT connection: its datagrams arrive through a bounded queue and are handled on
 * the connection's own thread, which also runs its timers (ACK, NAK, delivery, keep-alive, the
 * peer-idle timeout). What the connection does with data is its {@link Role}: publishing (a {@link
 * Receiver}) or reading (a {@link Sender}).
 *
 * <p>Ends on the peer's shutdown, after {@code idleTimeout} without a packet from the peer, when
 * its role ends (the stream ended: the peer is sent a shutdown), on bad input (one log line) or at
 * {@link #close}.
 */
public final class Connection {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  private static final long KEEPALIVE = 1_000_000;
  private static final int QUEUE = 8192;
  private static final Datagram WAKE = new Datagram(null, new byte[0], 0);

  /** What a connection does with its data. */
  interface Role {
    /** A data packet from the peer, decrypted in {@code datagram}, which the role may keep. */
    void data(DataPacket p, byte[] datagram, long now);

    /** A control packet other than keep-alive, shutdown and handshake. */
    void control(Control c, long now);

    /** Runs what is due; returns when it wants to run next. */
    long tick(long now);

    /** The connection ended (for any reason); release what the role holds. */
    void end(String reason);

    /** The role's counters. */
    Stats stats(long now);
  }

  private final UdpSocket socket;
  private final InetSocketAddress peer;
  private final int localId;
  private final int peerId;
  private final long start;
  private final long idleTimeout;
  private final String label;
  private final byte[] answer;
  private final PacketCrypto crypto;
  private final ArrayBlockingQueue<Datagram> queue = new ArrayBlockingQueue<>(QUEUE);
  private final LongAdder queueDrops = new LongAdder();
  private volatile Role role;
  private volatile Info info;
  private volatile boolean closed;
  private volatile String endReason;
  private volatile long lastHeard;
  private volatile long lastSent;

  /**
   * Whether the peer surely has our handshake answer: it sent something else since, or it stopped
   * repeating its conclusion. Until then nothing else is sent: a libsrt caller still waiting for
   * the answer logs an error for any other packet.
   */
  private volatile boolean ready;

  private final Object readiness = new Object();
  private long lastConclusion;
  private long undecryptable;
  private long unknownControl;

  /**
   * A connection with {@code peer}, whose socket id is {@code peerId}; ours is {@code localId}.
   * Time stamps count from {@code start} (µs of {@link #micros}); {@code answer} is the handshake
   * answer sent to the peer, sent again if the peer repeats its conclusion.
   */
  Connection(
      UdpSocket socket,
      InetSocketAddress peer,
      int localId,
      int peerId,
      long start,
      long idleTimeout,
      String label,
      byte[] answer,
      PacketCrypto crypto) {
    this.socket = socket;
    this.peer = peer;
    this.localId = localId;
    this.peerId = peerId;
    this.start = start;
    this.idleTimeout = idleTimeout;
    this.label = label;
    this.answer = answer;
    this.crypto = crypto;
    this.lastHeard = micros();
    this.lastConclusion = lastHeard;
  }

  /** How long after the peer's last conclusion it is taken to have our answer. */
  private static final long ANSWER_SETTLED = 500_000;

  private void checkReady(long now) {
    if (!ready && now - lastConclusion >= ANSWER_SETTLED) {
      becomeReady();
    }
  }

  /** Marks the peer as having our handshake (a caller's connection: the peer answered last). */
  void markReady() {
    becomeReady();
  }

  private void becomeReady() {
    synchronized (readiness) {
      ready = true;
      readiness.notifyAll();
    }
  }

  /**
   * Waits until the peer has our handshake answer (see {@link #ready}) or the connection ends;
   * returns whether it may be sent to.
   */
  boolean awaitReady() throws InterruptedException {
    synchronized (readiness) {
      while (!ready && !closed) {
        readiness.wait(100);
      }
    }
    return ready && !closed;
  }

  /** The time in microseconds of the clock every connection uses. */
  static long micros() {
    return System.nanoTime() / 1_000;
  }

  void role(Role r) {
    this.role = r;
  }

  /**
   * What a connection is, for the API.
   *
   * @param mode {@code publish} or {@code read}
   * @param stream the stream, {@code app/stream}
   * @param user the user named in the stream id, or empty
   * @param latencyMillis the TSBPD latency agreed (the peer's receiving latency for a reader)
   * @param encrypted whether the payloads are encrypted
   * @param startedMillis when it was established, epoch milliseconds
   */
  public record Info(
      String mode,
      String stream,
      String user,
      int latencyMillis,
      boolean encrypted,
      long startedMillis) {}

  void info(Info i) {
    this.info = i;
  }

  /** What the connection is (null before it is established). */
  public Info info() {
    return info;
  }

  /** The peer's address. */
  public InetSocketAddress peer() {
    return peer;
  }

  /** Our socket id. */
  public int localId() {
    return localId;
  }

  PacketCrypto crypto() {
    return crypto;
  }

  String label() {
    return label;
  }

  /** Takes a datagram from the socket's receiving thread; never blocks. */
  public void offer(Datagram d) {
    if (!queue.offer(d)) {
      queueDrops.increment();
    }
  }

  /** The time stamp for a packet sent now. */
  int timestamp(long now) {
    return (int) (now - start);
  }

  /** Sends a control packet to the peer; from any of the connection's threads. */
  void send(Control c) {
    long now = micros();
    byte[] b = new ControlPacket(timestamp(now), peerId, c).encode();
    socket.send(ByteBuffer.wrap(b), peer);
    lastSent = now;
  }

  /**
   * Sends a data packet built in {@code buf} (the caller's own direct buffer, {@value
   * SrtPacket#MAX_DATAGRAM} bytes): the header, then the payload, encrypted when the connection is.
   */
  void sendData(Sender.Outgoing o, int keyFlags, ByteBuffer buf) {
    buf.clear();
    DataPacket.writeHeader(
        buf,
        o.seq(),
        DataPacket.SOLO,
        false,
        keyFlags,
        o.retransmit(),
        o.messageNumber(),
        o.timestamp(),
        peerId);
    o.payload().copyTo(buf, DataPacket.HEADER);
    buf.position(DataPacket.HEADER + o.payload().length());
    if (keyFlags != 0) {
      buf.flip();
      buf.position(DataPacket.HEADER);
      crypto.encrypt(o.seq(), keyFlags, buf);
      buf.position(0);
    } else {
      buf.flip();
    }
    socket.send(buf, peer);
    lastSent = micros();
  }

  /** Runs the connection until it ends; on the connection's own thread. */
  void run() {
    try {
      while (!closed) {
        long now = micros();
        if (now - lastHeard > idleTimeout) {
          end("peer idle for " + idleTimeout / 1_000_000 + " s");
          break;
        }
        checkReady(now);
        long wake = Math.min(role.tick(now), lastHeard + idleTimeout);
        if (ready) {
          if (now - lastSent >= KEEPALIVE) {
            send(new Control.KeepAlive());
          }
          byte[] km = crypto == null ? null : crypto.pendingAnnouncement();
          if (km != null) {
            send(new Control.KeyMaterial(false, Payload.wrap(km)));
          }
          wake = Math.min(wake, lastSent + KEEPALIVE);
        } else {
          wake = Math.min(wake, lastConclusion + ANSWER_SETTLED);
        }
        Datagram d = queue.poll(Math.max(0, wake - micros()), TimeUnit.MICROSECONDS);
        while (d != null && !closed) {
          if (d != WAKE) {
            handle(d);
          }
          d = queue.poll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end("interrupted");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, label + ": connection failed: " + e, e);
      end("error: " + e.getMessage());
    } finally {
      Role r = role;
      if (r != null) {
        r.end(endReason == null ? "closed" : endReason);
      }
    }
  }

  private void handle(Datagram d) {
    SrtPacket p;
    try {
      p = SrtPacket.decode(d.data(), 0, d.data().length);
    } catch (SrtWireException e) {
      badInput(e.getMessage());
      return;
    }
    if (p.destination() != localId) {
      return; // a packet for an earlier connection from the same port
    }
    long now = micros();
    lastHeard = now;
    if (!ready && !(p instanceof ControlPacket cp && cp.body() instanceof Handshake)) {
      becomeReady();
    }
    switch (p) {
      case DataPacket dp -> {
        if (dp.keyFlags() != 0) {
          if (crypto == null
              || !crypto.decrypt(
                  dp.seq(), dp.keyFlags(), d.data(), DataPacket.HEADER, dp.payload().length())) {
            undecryptable++;
            return;
          }
        }
        role.data(dp, d.data(), now);
      }
      case ControlPacket cp -> control(cp.body(), now);
    }
  }

  private void control(Control c, long now) {
    switch (c) {
      case Control.KeepAlive k -> {}
      case Control.Shutdown s -> end("peer shut down");
      case Handshake h -> {
        if (h.type() == Handshake.CONCLUSION && answer != null) {
          lastConclusion = now;
          socket.send(ByteBuffer.wrap(answer), peer); // our answer was lost: the peer repeats
        }
      }
      case Control.KeyMaterial km -> {
        if (!km.response() && crypto != null) {
          byte[] rsp = crypto.refresh(km.km().toByteArray());
          send(new Control.KeyMaterial(true, Payload.wrap(rsp)));
        }
      }
      case Control.Unknown u -> unknownControl++;
      default -> role.control(c, now);
    }
  }

  private void badInput(String reason) {
    LOG.log(System.Logger.Level.INFO, label + ": closed: " + reason);
    end("bad input: " + reason);
  }

  /** Ends the connection with {@code reason}, from its own thread. */
  void end(String reason) {
    if (!closed) {
      endReason = reason;
      closed = true;
    }
  }

  /** Ends the connection from any thread; the peer is told with a shutdown. */
  public void close(String reason) {
    if (!closed) {
      endReason = reason;
      closed = true;
      queue.offer(WAKE);
    }
  }

  /** Tells the peer the connection ends (a shutdown packet). */
  void sayGoodbye() {
    send(new Control.Shutdown());
  }

  /** Whether the connection ended. */
  public boolean isClosed() {
    return closed;
  }

  /** Why it ended, or null. */
  public String endReason() {
    return endReason;
  }

  /** The connection's counters. */
  public Stats stats() {
    Stats s = role.stats(micros());
    return new Stats(
        s.rttMicros(),
        s.packetsReceived(),
        s.packetsSent(),
        s.bytesReceived(),
        s.bytesSent(),
        s.lost(),
        s.retransmitted(),
        s.dropped(),
        s.duplicates(),
        undecryptable,
        s.bitrate());
  }

  /** Datagrams dropped because the connection's queue was full. */
  public long queueDrops() {
    return queueDrops.sum();
  }

  /** Control packets of unknown types received, ignored. */
  public long unknownControl() {
    return unknownControl;
  }
}
