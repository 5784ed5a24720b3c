package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.media.Payload;
import io.arcly.stream.net.Pacer;
import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The role of a connection whose peer reads: payloads handed to {@link #send} (by the thread that
 * plays the stream) are numbered by a {@link Sender} and sent; the peer's ACKs release them, its
 * NAKs have them sent again from the connection's thread.
 */
final class ReadRole implements Connection.Role {
  private static final long DROP_CHECK = 100_000;

  private final Connection conn;
  private final Sender sender;
  private final Consumer<String> onEnd;

  /**
   * Paces new packets at most {@value #RATE} bit/s once {@value #BURST} bytes went out at once: the
   * cached GOP a reader starts with would otherwise overflow its socket buffer. Used by the playing
   * thread only.
   */
  private final Pacer pacer = new Pacer(RATE, BURST, System.nanoTime());

  static final long RATE = 50_000_000;
  static final long BURST = 256 * 1024;

  private final ByteBuffer retransmitBuffer = ByteBuffer.allocateDirect(SrtPacket.MAX_DATAGRAM);
  private static final long OVERDUE_CHECK = 10_000;
  private static final int MAX_OVERDUE = 64;
  private long nextDropCheck;
  private long nextOverdueCheck;

  ReadRole(Connection conn, int initialSeq, int capacity, long dropAfter, Consumer<String> onEnd) {
    this.conn = conn;
    this.sender = new Sender(initialSeq, capacity, dropAfter);
    this.onEnd = onEnd;
  }

  /**
   * Sends {@code payloads} as new packets, using {@code buf} (the calling thread's own direct
   * buffer of {@value SrtPacket#MAX_DATAGRAM} bytes); from the playing thread.
   */
  void send(List<Payload> payloads, ByteBuffer buf) {
    PacketCrypto crypto = conn.crypto();
    for (Payload p : payloads) {
      long wait = pacer.delay(p.length() + DataPacket.HEADER, System.nanoTime());
      if (wait > 0) {
        LockSupport.parkNanos(wait); // a burst (the cached GOP at the start) is spread out
      }
      int kk = crypto == null ? 0 : crypto.keyFlagsForNext();
      long now = Connection.micros();
      Sender.Outgoing o = sender.add(p, conn.timestamp(now), now);
      conn.sendData(o, kk, buf);
    }
  }

  /** How long a reader's connection waits, after its stream ended, for the peer to have it all. */
  private static final long DRAIN_MILLIS = 2_000;

  /**
   * Runs {@code play} with a feed into this connection, on the calling thread (the connection's
   * second one), then lets the peer play the tail out and closes the connection.
   */
  void play(Consumer<Admission.Feed> play, int peerLatencyMillis) {
    ByteBuffer buf = ByteBuffer.allocateDirect(SrtPacket.MAX_DATAGRAM);
    Admission.Feed feed =
        new Admission.Feed() {
          @Override
          public void send(List<Payload> payloads) {
            try {
              if (conn.awaitReady()) {
                ReadRole.this.send(payloads, buf);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              conn.close("interrupted");
            }
          }

          @Override
          public boolean closed() {
            return conn.isClosed();
          }

          @Override
          public void close(String reason) {
            conn.close(reason);
          }
        };
    try {
      play.accept(feed);
      if (!conn.isClosed()) {
        drain(DRAIN_MILLIS, peerLatencyMillis);
      }
      conn.close("stream ended");
    } catch (InterruptedException e) {
      conn.close("interrupted");
    } catch (RuntimeException e) {
      conn.close("play failed: " + e.getMessage());
    }
  }

  /**
   * The stream ended: waits until the peer has everything sent (at most {@code maxMillis}), then
   * for its latency, so the tail plays out before the connection closes.
   */
  void drain(long maxMillis, long peerLatencyMillis) throws InterruptedException {
    if (sender.awaitAcked(maxMillis)) {
      Thread.sleep(peerLatencyMillis + 100); // its TSBPD plays the last packets out
    }
  }

  @Override
  public void data(DataPacket p, byte[] datagram, long now) {
    // a reader sends no data in live mode; ignore
  }

  @Override
  public void control(Control c, long now) {
    switch (c) {
      case Control.Ack a -> {
        sender.ack(a.lastAcked(), a.rtt(), a.rttVar());
        if (a.full()) {
          conn.send(new Control.AckAck(a.ackNumber()));
        }
      }
      case Control.Nak n -> {
        List<Control> drops = new ArrayList<>();
        PacketCrypto crypto = conn.crypto();
        for (Sender.Outgoing o : sender.nak(n.lost(), drops, now)) {
          // the key in use now; a packet from before a key switch is sent with the new key
          conn.sendData(o, crypto == null ? 0 : crypto.keyFlagsForRetransmit(), retransmitBuffer);
        }
        drops.forEach(conn::send);
      }
      default -> {}
    }
  }

  @Override
  public long tick(long now) {
    if (now >= nextDropCheck) {
      nextDropCheck = now + DROP_CHECK;
      sender.dropOld(now);
    }
    if (now >= nextOverdueCheck) {
      nextOverdueCheck = now + OVERDUE_CHECK;
      PacketCrypto crypto = conn.crypto();
      for (Sender.Outgoing o : sender.overdue(now, sender.rto(), MAX_OVERDUE)) {
        conn.sendData(o, crypto == null ? 0 : crypto.keyFlagsForRetransmit(), retransmitBuffer);
      }
    }
    return Math.min(nextDropCheck, nextOverdueCheck);
  }

  @Override
  public void end(String reason) {
    if (!reason.equals("peer shut down") && !reason.startsWith("peer idle")) {
      conn.sayGoodbye();
    }
    onEnd.accept(reason);
  }

  @Override
  public Stats stats(long now) {
    return new Stats(
        sender.rttMicros(),
        0,
        sender.sent(),
        0,
        sender.bytes(),
        0,
        sender.retransmitted(),
        sender.dropped(),
        0,
        0,
        sender.bitrate(now));
  }
}
