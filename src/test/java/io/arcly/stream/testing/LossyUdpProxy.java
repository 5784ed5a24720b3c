package io.arcly.stream.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP proxy on loopback that impairs the path between one client and a server, in both
 * directions: it drops a share of the datagrams, sends a share twice, and delays each by a random
 * jitter (which reorders them), all chosen by a seeded random generator so a run is repeatable.
 * Counters tell what it did.
 *
 * <pre>{@code
 * try (LossyUdpProxy proxy = LossyUdpProxy.start(serverPort, 0.05, 0.01, 20, 42)) {
 *   ffmpeg(..., "srt://127.0.0.1:" + proxy.port() + "?streamid=...");
 * }
 * }</pre>
 */
public final class LossyUdpProxy implements AutoCloseable {
  private final InetSocketAddress server;
  private final double lossShare;
  private final double duplicateShare;
  private final int jitterMillis;
  private final Random random;
  private final DatagramChannel front;
  private final DatagramChannel back;
  private final DelayQueue<Pending> queue = new DelayQueue<>();
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong duplicated = new AtomicLong();
  private final Thread[] threads = new Thread[3];
  private volatile SocketAddress client;
  private volatile boolean closed;
  private volatile boolean frozen;

  private record Pending(long due, ByteBuffer data, boolean toServer) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(due, ((Pending) o).due);
    }
  }

  private LossyUdpProxy(int serverPort, double loss, double duplicate, int jitterMillis, long seed)
      throws IOException {
    this.server = new InetSocketAddress("127.0.0.1", serverPort);
    this.lossShare = loss;
    this.duplicateShare = duplicate;
    this.jitterMillis = jitterMillis;
    this.random = new Random(seed);
    this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
    back.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
  }

  /**
   * A proxy to the server on loopback port {@code serverPort} that loses {@code loss} of the
   * datagrams, duplicates {@code duplicate} of them and delays each by 0 to {@code jitterMillis}
   * ms.
   */
  public static LossyUdpProxy start(
      int serverPort, double loss, double duplicate, int jitterMillis, long seed)
      throws IOException {
    LossyUdpProxy p = new LossyUdpProxy(serverPort, loss, duplicate, jitterMillis, seed);
    p.threads[0] = Thread.ofVirtual().start(() -> p.receive(p.front, true));
    p.threads[1] = Thread.ofVirtual().start(() -> p.receive(p.back, false));
    p.threads[2] = Thread.ofVirtual().start(p::deliver);
    return p;
  }

  /** The port clients send to. */
  public int port() {
    try {
      return ((InetSocketAddress) front.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on, nothing passes in either direction (a peer that vanished). */
  public void freeze() {
    frozen = true;
  }

  private void receive(DatagramChannel ch, boolean fromClient) {
    ByteBuffer buf = ByteBuffer.allocate(65_536);
    while (!closed) {
      buf.clear();
      SocketAddress from;
      try {
        from = ch.receive(buf);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        continue;
      }
      if (fromClient) {
        client = from;
      }
      buf.flip();
      byte[] copy = new byte[buf.remaining()];
      buf.get(copy);
      schedule(copy, fromClient);
    }
  }

  private synchronized void schedule(byte[] data, boolean toServer) {
    if (frozen) {
      dropped.incrementAndGet();
      return;
    }
    if (random.nextDouble() < lossShare) {
      dropped.incrementAndGet();
      return;
    }
    int copies = random.nextDouble() < duplicateShare ? 2 : 1;
    if (copies == 2) {
      duplicated.incrementAndGet();
    }
    for (int i = 0; i < copies; i++) {
      long delay = jitterMillis == 0 ? 0 : random.nextInt(jitterMillis * 1_000) * 1_000L;
      queue.add(new Pending(System.nanoTime() + delay, ByteBuffer.wrap(data), toServer));
    }
  }

  private void deliver() {
    while (!closed) {
      Pending p;
      try {
        p = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (p == null) {
        continue;
      }
      try {
        if (p.toServer()) {
          back.send(p.data().duplicate(), server);
        } else if (client != null) {
          front.send(p.data().duplicate(), client);
        }
        relayed.incrementAndGet();
      } catch (IOException e) {
        // the path loses it
      }
    }
  }

  /** Datagrams passed on (duplicates counted twice). */
  public long relayed() {
    return relayed.get();
  }

  /** Datagrams dropped. */
  public long dropped() {
    return dropped.get();
  }

  /** Datagrams sent twice. */
  public long duplicated() {
    return duplicated.get();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    front.close();
    back.close();
    for (Thread t : threads) {
      if (t != null) {
        t.interrupt();
      }
    }
  }
}
