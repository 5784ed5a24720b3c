package io.arcly.stream.net;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded queue between a {@link UdpSocket}'s receiving thread and a session that handles its
 * datagrams on a thread of its own (one that may block, such as a DTLS handshake). When the session
 * falls behind, new datagrams are dropped and counted: the receiving thread never waits.
 */
public final class UdpQueue implements Consumer<Datagram> {
  private final ArrayBlockingQueue<Datagram> queue;
  private final LongAdder dropped = new LongAdder();

  /** A queue of at most {@code capacity} datagrams. */
  public UdpQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public void accept(Datagram d) {
    if (!queue.offer(d)) {
      dropped.increment();
    }
  }

  /** The next datagram, waiting up to {@code timeout}; null when none came. */
  public Datagram poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Datagrams dropped because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Datagrams waiting. */
  public int size() {
    return queue.size();
  }
}
