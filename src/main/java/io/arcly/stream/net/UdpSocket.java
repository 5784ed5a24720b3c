package io.arcly.stream.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One UDP socket shared by every session of a protocol: a managed thread receives datagrams and
 * dispatches each by its sender's address and port to the receiver registered for it; a datagram
 * from an address nobody registered goes to the classifier, which may find its receiver another way
 * (an SSRC, a STUN user name, a handshake) or drop it, counted.
 *
 * <p>Receivers run on the receiving thread and must not block: one that has blocking work (a
 * handshake) puts a {@link UdpQueue} in between. Sending is thread-safe.
 */
public final class UdpSocket implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UdpSocket.class.getName());

  /** Larger than any datagram over Ethernet or loopback that a media protocol sends. */
  private static final int MAX_DATAGRAM = 65_535;

  /** Finds the receiver of a datagram from an unregistered sender. */
  @FunctionalInterface
  public interface Classifier {
    /** The receiver for {@code d}, or null to drop it. */
    Consumer<Datagram> classify(Datagram d);
  }

  /** A registration; closing it removes the receiver (only if it is still the one registered). */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final String protocol;
  private final DatagramChannel channel;
  private final Map<InetSocketAddress, Consumer<Datagram>> receivers = new ConcurrentHashMap<>();
  private final LongAdder received = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private volatile Classifier classifier = d -> null;
  private volatile boolean closing;
  private volatile Thread thread;

  private UdpSocket(String protocol, DatagramChannel channel) {
    this.protocol = protocol;
    this.channel = channel;
  }

  /**
   * Binds a socket on {@code host:port} (0: any free port) with a receive buffer of {@code
   * receiveBuffer} bytes (the kernel may grant less), for {@code protocol}'s log lines.
   *
   * @throws BindException "cannot listen on udp HOST:PORT: why"
   */
  public static UdpSocket bind(String protocol, String host, int port, int receiveBuffer)
      throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      ch.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      ch.close();
      BindException b =
          new BindException("cannot listen on udp " + host + ":" + port + ": " + e.getMessage());
      b.initCause(e);
      throw b;
    }
    return new UdpSocket(protocol, ch);
  }

  /**
   * A socket that only sends, multicast among others: IPv4, on a free port, its multicast packets
   * cross at most {@code ttl} routers, leave by the host's route for the group, and reach receivers
   * on this host too.
   *
   * @throws IOException "cannot open a multicast sender: why"
   */
  public static UdpSocket multicastSender(String protocol, int ttl) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
      ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      ch.bind(new InetSocketAddress(0));
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot open a multicast sender: " + e.getMessage(), e);
    }
    return new UdpSocket(protocol, ch);
  }

  /** The bound port. */
  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Starts receiving on a thread from {@code threads}; unknown senders go to {@code c}. */
  public void start(ThreadFactory threads, Classifier c) {
    this.classifier = c;
    Thread t = threads.newThread(this::receiveLoop);
    thread = t;
    t.start();
  }

  /**
   * Sends datagrams from {@code peer} to {@code receiver} until the registration is closed;
   * replaces an earlier receiver of the same peer.
   */
  public Registration register(InetSocketAddress peer, Consumer<Datagram> receiver) {
    receivers.put(peer, receiver);
    return () -> receivers.remove(peer, receiver);
  }

  /** Registered peers. */
  public int peerCount() {
    return receivers.size();
  }

  /** Datagrams received. */
  public long received() {
    return received.sum();
  }

  /** Datagrams from senders nobody registered that the classifier dropped. */
  public long unknown() {
    return unknown.sum();
  }

  /** Datagrams that could not be sent. */
  public long sendErrors() {
    return sendErrors.sum();
  }

  /**
   * Sends {@code data} to {@code to}; thread-safe. A failure (an unreachable peer, a full buffer)
   * is counted, not thrown: UDP media tolerates loss, and the session learns of a dead peer from
   * its timeouts.
   */
  public boolean send(ByteBuffer data, InetSocketAddress to) {
    try {
      channel.send(data, to);
      return true;
    } catch (IOException e) {
      sendErrors.increment();
      return false;
    }
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    while (!closing) {
      InetSocketAddress from;
      buf.clear();
      try {
        from = (InetSocketAddress) channel.receive(buf);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closing) {
          return;
        }
        // An ICMP error reported on the socket (port unreachable): nothing to do but go on.
        continue;
      }
      if (from == null) {
        continue;
      }
      buf.flip();
      byte[] data = new byte[buf.remaining()];
      buf.get(data);
      received.increment();
      Datagram d = new Datagram(from, data, System.nanoTime());
      Consumer<Datagram> r = receivers.get(from);
      if (r == null) {
        r = classifier.classify(d);
        if (r == null) {
          unknown.increment();
          continue;
        }
      }
      try {
        r.accept(d);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, protocol + " udp " + from + ": receiver failed: " + e, e);
      }
    }
  }

  /** Stops receiving and closes the socket. */
  @Override
  public void close() {
    closing = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
