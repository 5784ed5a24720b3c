package io.arcly.stream.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Datagrams reach the receiver of their sender, or the classifier; nothing stops the loop. */
class UdpSocketTest {
  private static void send(DatagramSocket from, int port, String text) throws Exception {
    byte[] b = text.getBytes();
    from.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
  }

  @Test
  void datagramsAreDispatchedBySenderAndUnknownSendersGoToTheClassifier() throws Exception {
    LinkedBlockingQueue<String> known = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> classified = new LinkedBlockingQueue<>();
    try (UdpSocket socket = UdpSocket.bind("test", "127.0.0.1", 0, 1 << 20);
        DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.start(
          Thread.ofVirtual().factory(),
          d -> {
            String s = new String(d.data());
            if (s.startsWith("drop")) {
              return null;
            }
            if (s.startsWith("boom")) {
              return x -> {
                throw new IllegalStateException("receiver bug");
              };
            }
            return x -> classified.add(new String(x.data()));
          });
      UdpSocket.Registration r =
          socket.register(
              (InetSocketAddress) a.getLocalSocketAddress(), d -> known.add(new String(d.data())));
      send(a, socket.port(), "from a");
      send(b, socket.port(), "from b");
      send(c, socket.port(), "drop me");
      send(c, socket.port(), "boom");
      send(c, socket.port(), "after boom");
      assertThat(known.poll(10, TimeUnit.SECONDS)).isEqualTo("from a");
      assertThat(classified.poll(10, TimeUnit.SECONDS)).isEqualTo("from b");
      assertThat(classified.poll(10, TimeUnit.SECONDS)).isEqualTo("after boom");
      assertThat(socket.unknown()).isEqualTo(1);
      assertThat(socket.peerCount()).isEqualTo(1);

      r.close();
      send(a, socket.port(), "a again");
      assertThat(classified.poll(10, TimeUnit.SECONDS)).isEqualTo("a again");
      assertThat(socket.peerCount()).isZero();

      // And back: the socket sends to a peer.
      assertThat(
              socket.send(
                  ByteBuffer.wrap("hello".getBytes()),
                  (InetSocketAddress) a.getLocalSocketAddress()))
          .isTrue();
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      a.setSoTimeout(10_000);
      a.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength())).isEqualTo("hello");
    }
  }

  @Test
  void closingStopsTheReceivingThread() throws Exception {
    Thread[] receiver = new Thread[1];
    UdpSocket socket = UdpSocket.bind("test", "127.0.0.1", 0, 1 << 16);
    socket.start(
        task -> {
          receiver[0] = Thread.ofVirtual().unstarted(task);
          return receiver[0];
        },
        d -> null);
    socket.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver[0].isAlive());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
    UdpQueue q = new UdpQueue(2);
    Datagram d = new Datagram(new InetSocketAddress(0), new byte[1], 0);
    q.accept(d);
    q.accept(d);
    q.accept(d);
    assertThat(q.dropped()).isEqualTo(1);
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll(Duration.ofMillis(1))).isSameAs(d);
  }
}
