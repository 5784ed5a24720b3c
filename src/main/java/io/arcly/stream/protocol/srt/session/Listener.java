package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.net.Datagram;
import io.arcly.stream.net.UdpSocket;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.RejectReason;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import io.arcly.stream.protocol.srt.wire.SrtWireException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The listener side of the SRT handshake (draft-sharabayko-srt 4.3.1): answers an induction with a
 * SYN cookie and keeps nothing; a conclusion whose cookie checks out is handed to a thread of its
 * own, which admits the caller (stream id, passphrase, authorization), agrees on latency and keys,
 * answers, and runs the connection. Handshakes being admitted are bounded; beyond the bound callers
 * are refused as backlog.
 */
public final class Listener implements UdpSocket.Classifier {
  private static final System.Logger LOG = System.getLogger(Listener.class.getName());

  /** The SRT version this server announces: 1.5.1. */
  static final int SRT_VERSION = 0x010501;

  static final int FLAGS =
      Handshake.SrtExtension.TSBPD_SND
          | Handshake.SrtExtension.TSBPD_RCV
          | Handshake.SrtExtension.CRYPT
          | Handshake.SrtExtension.TLPKTDROP
          | Handshake.SrtExtension.NAKREPORT
          | Handshake.SrtExtension.REXMITFLG;

  /** Decides about callers. */
  @FunctionalInterface
  public interface Acceptor {
    /**
     * Admits a caller with {@code streamId} (null when it sent none) from {@code peer}.
     *
     * @throws Rejected when the caller may not connect
     */
    Admission admit(String streamId, InetSocketAddress peer) throws Rejected;
  }

  /** Turns a caller's key material into the connection's encryption. */
  @FunctionalInterface
  public interface KeyAgreement {
    /**
     * The encryption agreed from key material {@code km} (as sent) under {@code passphrase}.
     *
     * @throws Rejected {@link RejectReason#BADSECRET} when the passphrase does not unwrap the keys
     */
    PacketCrypto agree(byte[] km, String passphrase) throws Rejected;
  }

  /**
   * Settings of accepted connections.
   *
   * @param latencyMillis this side's TSBPD latency; the larger of both sides' wins
   * @param idleTimeoutMillis the peer-idle timeout
   * @param receiveBuffer packets a publisher's connection holds (a power of two)
   * @param sendBuffer packets a reader's connection keeps for retransmission (a power of two)
   * @param maxPending handshakes admitted at once
   */
  public record Settings(
      int latencyMillis,
      int idleTimeoutMillis,
      int receiveBuffer,
      int sendBuffer,
      int maxPending) {}

  private final UdpSocket socket;
  private final Settings settings;
  private final Acceptor acceptor;
  private final KeyAgreement keys;
  private final ThreadFactory threads;
  private final Cookies cookies = new Cookies();
  private final SecureRandom random = new SecureRandom();
  private final Set<InetSocketAddress> pending = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
  private final Totals ended = new Totals();
  private final LongAdder badCookies = new LongAdder();
  private final LongAdder rejections = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final long start = Connection.micros();

  /** A listener on {@code socket}. */
  public Listener(
      UdpSocket socket,
      Settings settings,
      Acceptor acceptor,
      KeyAgreement keys,
      ThreadFactory threads) {
    this.socket = socket;
    this.settings = settings;
    this.acceptor = acceptor;
    this.keys = keys;
    this.threads = threads;
  }

  @Override
  public Consumer<Datagram> classify(Datagram d) {
    byte[] b = d.data();
    if (!SrtPacket.isControl(b)) {
      return null; // data for a connection that is gone
    }
    ControlPacket p;
    try {
      if (!(SrtPacket.decode(b, 0, b.length) instanceof ControlPacket cp)) {
        return null;
      }
      p = cp;
    } catch (SrtWireException e) {
      malformed.increment();
      return null;
    }
    if (!(p.body() instanceof Handshake hs)) {
      return null;
    }
    if (hs.type() == Handshake.INDUCTION) {
      induction(hs, d);
    } else if (hs.type() == Handshake.CONCLUSION) {
      conclusion(hs, p.timestamp(), d);
    }
    return null;
  }

  private void induction(Handshake hs, Datagram d) {
    Handshake answer =
        new Handshake(
            5,
            0,
            Handshake.SRT_MAGIC,
            hs.initialSeq(),
            hs.mtu(),
            hs.flowWindow(),
            Handshake.INDUCTION,
            hs.socketId(),
            cookies.make(d.from(), d.receivedNanos()),
            hs.peerIp(),
            null,
            null,
            null,
            null);
    reply(answer, hs.socketId(), d.from());
  }

  private void conclusion(Handshake hs, int timestamp, Datagram d) {
    if (!cookies.check(d.from(), hs.cookie(), d.receivedNanos())) {
      badCookies.increment(); // forged, replayed or stale: no state, no answer
      return;
    }
    if (pending.size() >= settings.maxPending()) {
      reject(hs, d.from(), new Rejected(RejectReason.BACKLOG, "too many handshakes at once"));
      return;
    }
    if (!pending.add(d.from())) {
      return; // a repeat while the first is being admitted
    }
    Thread t =
        threads.newThread(
            () -> {
              try {
                establish(hs, timestamp, d);
              } finally {
                pending.remove(d.from());
              }
            });
    t.start();
  }

  private void establish(Handshake hs, int timestamp, Datagram d) {
    InetSocketAddress peer = d.from();
    Admission admission;
    PacketCrypto crypto = null;
    Admission.Opened opened;
    try {
      check(hs);
      admission = acceptor.admit(hs.streamId(), peer);
      String pass = admission.passphrase();
      if (hs.km() != null && pass == null) {
        throw new Rejected(RejectReason.UNSECURE, "caller encrypts, stream has no passphrase");
      }
      if (hs.km() == null && pass != null) {
        throw new Rejected(RejectReason.UNSECURE, "stream needs a passphrase, caller sent none");
      }
      if (pass != null) {
        crypto = keys.agree(hs.km().toByteArray(), pass);
      }
      opened = admission.open();
    } catch (Rejected r) {
      reject(hs, peer, r);
      return;
    }
    int latency = settings.latencyMillis();
    Handshake.SrtExtension theirs = hs.srt();
    int receiveDelay = Math.max(latency, theirs.senderDelay());
    int sendDelay = Math.max(latency, theirs.receiverDelay());
    int localId = newSocketId();
    Handshake answer =
        hs.answer(Handshake.CONCLUSION, localId, hs.cookie())
            .withExtensions(
                5,
                hs.encryption(),
                Handshake.EXT_HSREQ | (hs.km() != null ? Handshake.EXT_KMREQ : 0),
                new Handshake.SrtExtension(true, SRT_VERSION, FLAGS, receiveDelay, sendDelay),
                hs.km(),
                null);
    long now = Connection.micros();
    byte[] wire = new ControlPacket(0, hs.socketId(), answer).encode();
    Connection conn =
        new Connection(
            socket,
            peer,
            localId,
            hs.socketId(),
            now,
            settings.idleTimeoutMillis() * 1_000L,
            admission.label(),
            wire,
            crypto);
    Thread player = null;
    switch (opened) {
      case Admission.Publish p ->
          conn.role(
              new PublishRole(
                  conn,
                  hs.initialSeq(),
                  settings.receiveBuffer(),
                  receiveDelay * 1_000L,
                  d.receivedNanos() / 1_000 - Integer.toUnsignedLong(timestamp),
                  p.ingest(),
                  p.onEnd()));
      case Admission.Read r -> {
        ReadRole role =
            new ReadRole(
                conn,
                hs.initialSeq(),
                settings.sendBuffer(),
                Math.max(sendDelay, 1_000) * 1_000L + 20_000L,
                r.onEnd());
        conn.role(role);
        player = threads.newThread(() -> role.play(r.play(), sendDelay));
      }
    }
    conn.info(
        new Connection.Info(
            admission.publish() ? "publish" : "read",
            admission.stream(),
            admission.user(),
            admission.publish() ? receiveDelay : sendDelay,
            crypto != null,
            System.currentTimeMillis()));
    connections.put(localId, conn);
    try (UdpSocket.Registration reg = socket.register(peer, conn::offer)) {
      socket.send(ByteBuffer.wrap(wire), peer);
      LOG.log(
          System.Logger.Level.INFO,
          admission.label()
              + ": connected, latency "
              + receiveDelay
              + "/"
              + sendDelay
              + " ms"
              + (crypto != null ? ", encrypted" : ""));
      if (player != null) {
        player.start();
      }
      conn.run();
    } finally {
      connections.remove(localId);
      ended.add(conn.stats(), false);
      LOG.log(System.Logger.Level.INFO, admission.label() + ": ended: " + conn.endReason());
    }
  }

  private static void check(Handshake hs) throws Rejected {
    if (hs.version() != 5) {
      throw new Rejected(
          RejectReason.VERSION, "handshake v" + hs.version() + " caller refused (srt 1.3+ needed)");
    }
    if (hs.srt() == null || hs.srt().response()) {
      throw new Rejected(RejectReason.ROGUE, "conclusion without the srt handshake extension");
    }
    if ((hs.srt().flags() & Handshake.SrtExtension.STREAM) != 0) {
      throw new Rejected(RejectReason.MESSAGEAPI, "stream (file) mode refused: live mode only");
    }
    if (hs.congestion() != null && !hs.congestion().equals("live")) {
      throw new Rejected(
          RejectReason.CONGESTION,
          "congestion control '" + hs.congestion() + "' refused: live only");
    }
  }

  private void reject(Handshake hs, InetSocketAddress peer, Rejected r) {
    rejections.increment();
    LOG.log(
        System.Logger.Level.INFO,
        "srt "
            + peer
            + ": refused ("
            + r.reason().name().toLowerCase(java.util.Locale.ROOT)
            + "): "
            + r.getMessage());
    Handshake answer =
        hs.answer(r.reason().handshakeType(), 0, 0)
            .withExtensions(5, hs.encryption(), 0, null, null, null);
    reply(answer, hs.socketId(), peer);
  }

  private void reply(Handshake answer, int dest, InetSocketAddress to) {
    byte[] b = new ControlPacket((int) (Connection.micros() - start), dest, answer).encode();
    socket.send(ByteBuffer.wrap(b), to);
  }

  private int newSocketId() {
    while (true) {
      int id = random.nextInt() & 0x3FFF_FFFF;
      if (id != 0 && !connections.containsKey(id)) {
        return id;
      }
    }
  }

  /** Established connections. */
  public Iterable<Connection> connections() {
    return connections.values();
  }

  /** The counters of every connection so far, ended or open, summed. */
  public Stats totals() {
    Totals t = new Totals();
    t.add(ended.sum());
    connections.values().forEach(c -> t.add(c.stats()));
    return t.sum();
  }

  /** Conclusions dropped for a cookie that did not check out. */
  public long badCookies() {
    return badCookies.sum();
  }

  /** Callers refused. */
  public long rejections() {
    return rejections.sum();
  }

  /** Handshakes that could not be decoded. */
  public long malformed() {
    return malformed.sum();
  }

  /** Ends every connection (at shutdown). */
  public void closeAll(String reason) {
    connections.values().forEach(c -> c.close(reason));
  }
}
