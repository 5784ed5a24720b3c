package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.media.Payload;
import io.arcly.stream.net.Datagram;
import io.arcly.stream.net.UdpSocket;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.RejectReason;
import io.arcly.stream.protocol.srt.wire.SeqNo;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import io.arcly.stream.protocol.srt.wire.SrtWireException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The caller side of the SRT handshake (draft-sharabayko-srt 4.3.1.1): an induction, then a
 * conclusion with the listener's cookie, the HSREQ extension, the stream id and, when encrypted,
 * the key material; each repeated every 250 ms until answered, within the connect timeout. The
 * connection then runs on the caller's thread as a receiver (pulling a stream) or a sender (pushing
 * one), on a UDP socket of its own.
 */
public final class Caller implements AutoCloseable {
  private static final long REPEAT = 250_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Where to call and how.
   *
   * @param host the listener's host
   * @param port its UDP port
   * @param streamId the stream id to send, or null
   * @param latencyMillis this side's TSBPD latency
   * @param idleTimeoutMillis the peer-idle timeout
   * @param connectTimeout how long the handshake may take
   * @param buffer packets held (receiving) or kept for retransmission (sending), a power of two
   */
  public record Target(
      String host,
      int port,
      String streamId,
      int latencyMillis,
      int idleTimeoutMillis,
      Duration connectTimeout,
      int buffer) {}

  /** The key material a caller offers, and the encryption it gives once accepted. */
  public interface KeyOffer {
    /** The KMREQ content. */
    byte[] km();

    /** The cipher field of the handshake: 2, 3 or 4 for AES-128, -192, -256. */
    int cipher();

    /** The connection's encryption. */
    PacketCrypto crypto();
  }

  private final UdpSocket socket;
  private final Connection conn;
  private final Handshake answer;
  private final long timeBase;
  private final int initialSeq;
  private final ThreadFactory threads;
  private final int buffer;

  private Caller(
      UdpSocket socket,
      Connection conn,
      Handshake answer,
      long timeBase,
      int initialSeq,
      ThreadFactory threads,
      int buffer) {
    this.buffer = buffer;
    this.socket = socket;
    this.conn = conn;
    this.answer = answer;
    this.timeBase = timeBase;
    this.initialSeq = initialSeq;
    this.threads = threads;
  }

  /**
   * Calls {@code t}; returns once the listener accepted.
   *
   * @throws Rejected when the listener refused (its reason), or the key material was refused
   * @throws IOException when the host cannot be resolved, no socket can be opened, or nothing
   *     answered within the connect timeout
   */
  public static Caller connect(Target t, KeyOffer offer, ThreadFactory threads, String label)
      throws IOException, Rejected, InterruptedException {
    InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(t.host()), t.port());
    UdpSocket socket = UdpSocket.bind("srt", "0.0.0.0", 0, 4 << 20);
    boolean done = false;
    try {
      ArrayBlockingQueue<Datagram> inbox = new ArrayBlockingQueue<>(64);
      UdpSocket.Registration reg = socket.register(remote, inbox::offer);
      socket.start(threads, d -> null);
      long start = Connection.micros();
      long deadline = start + t.connectTimeout().toNanos() / 1_000;
      int localId = RANDOM.nextInt(1, 0x3FFF_FFFF);
      int isn = RANDOM.nextInt() & SeqNo.MAX;
      Payload ip = peerIp(remote);
      Handshake induction =
          new Handshake(
              4,
              0,
              2,
              isn,
              1500,
              8192,
              Handshake.INDUCTION,
              localId,
              0,
              ip,
              null,
              null,
              null,
              null);
      Received first =
          exchange(
              socket, remote, induction, 0, start, deadline, inbox, localId, Handshake.INDUCTION);
      Handshake hi = first.hs();
      if (hi.version() != 5 || hi.extensionField() != Handshake.SRT_MAGIC) {
        throw new Rejected(RejectReason.VERSION, "the listener does not speak handshake v5");
      }
      int ext =
          Handshake.EXT_HSREQ
              | (offer != null ? Handshake.EXT_KMREQ : 0)
              | (t.streamId() != null ? Handshake.EXT_CONFIG : 0);
      Handshake conclusion =
          new Handshake(
              5,
              offer == null ? 0 : offer.cipher(),
              ext,
              isn,
              1500,
              8192,
              Handshake.CONCLUSION,
              localId,
              hi.cookie(),
              ip,
              new Handshake.SrtExtension(
                  false,
                  Listener.SRT_VERSION,
                  Listener.FLAGS,
                  t.latencyMillis(),
                  t.latencyMillis()),
              offer == null ? null : Payload.wrap(offer.km()),
              t.streamId(),
              null);
      Received second =
          exchange(
              socket, remote, conclusion, 0, start, deadline, inbox, localId, Handshake.CONCLUSION);
      Handshake ha = second.hs();
      if (ha.srt() == null) {
        throw new Rejected(RejectReason.ROGUE, "the listener's answer has no srt extension");
      }
      if (offer != null && (ha.km() == null || ha.km().length() <= 4)) {
        int state = ha.km() != null && ha.km().length() == 4 ? ha.km().get(3) : -1;
        throw new Rejected(
            RejectReason.BADSECRET,
            "the listener refused the key material (state " + state + "): wrong passphrase?");
      }
      if (offer == null && ha.km() != null) {
        throw new Rejected(RejectReason.UNSECURE, "the listener wants a passphrase");
      }
      int receiveDelay = Math.max(t.latencyMillis(), ha.srt().senderDelay());
      long timeBase = second.arrival() - Integer.toUnsignedLong(second.timestamp());
      Connection conn =
          new Connection(
              socket,
              remote,
              localId,
              ha.socketId(),
              start,
              t.idleTimeoutMillis() * 1_000L,
              label,
              null,
              offer == null ? null : offer.crypto());
      conn.markReady();
      reg.close();
      socket.register(remote, conn::offer);
      done = true;
      Handshake agreed =
          ha.withExtensions(
              5,
              ha.encryption(),
              ha.extensionField(),
              new Handshake.SrtExtension(
                  true,
                  ha.srt().srtVersion(),
                  ha.srt().flags(),
                  receiveDelay,
                  Math.max(t.latencyMillis(), ha.srt().receiverDelay())),
              ha.km(),
              null);
      return new Caller(socket, conn, agreed, timeBase, isn, threads, t.buffer());
    } finally {
      if (!done) {
        socket.close();
      }
    }
  }

  private record Received(Handshake hs, int timestamp, long arrival) {}

  private static Received exchange(
      UdpSocket socket,
      InetSocketAddress remote,
      Handshake request,
      int dest,
      long start,
      long deadline,
      ArrayBlockingQueue<Datagram> inbox,
      int localId,
      int type)
      throws IOException, Rejected, InterruptedException {
    long nextSend = 0;
    while (true) {
      long now = Connection.micros();
      if (now >= deadline) {
        throw new IOException("no answer from the listener within the connect timeout");
      }
      if (now >= nextSend) {
        byte[] b = new ControlPacket((int) (now - start), dest, request).encode();
        socket.send(ByteBuffer.wrap(b), remote);
        nextSend = now + REPEAT;
      }
      Datagram d = inbox.poll(Math.min(nextSend, deadline) - now, TimeUnit.MICROSECONDS);
      if (d == null) {
        continue;
      }
      SrtPacket p;
      try {
        p = SrtPacket.decode(d.data(), 0, d.data().length);
      } catch (SrtWireException e) {
        continue; // not for the handshake
      }
      if (p instanceof ControlPacket cp
          && cp.body() instanceof Handshake hs
          && cp.destination() == localId) {
        if (hs.isRejection()) {
          RejectReason r = hs.rejectReason();
          throw new Rejected(
              r, "refused by the listener: " + r.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (hs.type() == type) {
          return new Received(hs, cp.timestamp(), d.receivedNanos() / 1_000);
        }
      }
    }
  }

  private static Payload peerIp(InetSocketAddress remote) {
    byte[] ip = new byte[16];
    byte[] a = remote.getAddress().getAddress();
    if (a.length == 4) {
      for (int i = 0; i < 4; i++) {
        ip[i] = a[3 - i]; // libsrt's order: the IPv4 address as a little-endian word
      }
    } else {
      System.arraycopy(a, 0, ip, 0, 16);
    }
    return Payload.wrap(ip);
  }

  /** The latency this side receives with (the larger of both sides'). */
  public int receiveLatencyMillis() {
    return answer.srt().receiverDelay();
  }

  /** The latency the listener receives with, which a sender plays the tail out for. */
  public int peerLatencyMillis() {
    return answer.srt().senderDelay();
  }

  /** The connection. */
  public Connection connection() {
    return conn;
  }

  /**
   * Receives until the connection ends: payloads in order and at their play time to {@code ingest};
   * {@code onEnd} learns why it ended.
   */
  public void receive(Admission.Ingest ingest, Consumer<String> onEnd) {
    conn.role(
        new PublishRole(
            conn, initialSeq, buffer, receiveLatencyMillis() * 1_000L, timeBase, ingest, onEnd));
    conn.run();
  }

  /**
   * Sends what {@code play} feeds until it returns or the connection ends; {@code onEnd} learns why
   * it ended.
   */
  public void send(Consumer<Admission.Feed> play, Consumer<String> onEnd) {
    int peer = peerLatencyMillis();
    ReadRole role =
        new ReadRole(conn, initialSeq, buffer, Math.max(peer, 1_000) * 1_000L + 20_000L, onEnd);
    conn.role(role);
    Thread player = threads.newThread(() -> role.play(play, peer));
    player.start();
    conn.run();
  }

  /** Ends the connection (the peer is told) from any thread. */
  public void close(String reason) {
    conn.close(reason);
  }

  /** Closes the socket; after the connection ended. */
  @Override
  public void close() {
    socket.close();
  }
}
