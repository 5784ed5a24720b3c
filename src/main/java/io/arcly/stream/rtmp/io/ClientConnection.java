package io.arcly.stream.rtmp.io;

import io.arcly.stream.rtmp.RelayTarget;
import io.arcly.stream.rtmp.wire.Handshake;
import io.arcly.stream.rtmp.wire.PendingBudget;
import io.arcly.stream.rtmp.wire.RawMessage;
import io.arcly.stream.rtmp.wire.RtmpException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A connection this server opens to another RTMP server (a relay's upstream). */
public final class ClientConnection extends Connection {
  private ClientConnection(
      SocketChannel ch, String remote, ThreadFactory threads, int maxMessage, PendingBudget budget)
      throws IOException {
    super(ch, remote, threads, "rtmp relay", maxMessage, budget);
  }

  /**
   * Connects to {@code target} and completes the client handshake, both within {@code timeout}; the
   * upstream's unfinished messages are held within {@code budget}.
   *
   * @throws IOException when the upstream cannot be reached or breaks the handshake
   */
  public static ClientConnection open(
      RelayTarget target,
      ThreadFactory threads,
      Duration timeout,
      int maxMessage,
      PendingBudget budget)
      throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      ch.socket().connect(new InetSocketAddress(target.host(), target.port()), ms);
      ClientConnection c =
          new ClientConnection(
              ch, target.host() + ":" + target.port(), threads, maxMessage, budget);
      c.setReadTimeout(timeout);
      c.sendRaw(Handshake.clientHello(false, 0, ThreadLocalRandom.current()));
      byte[] s0s1s2 = c.readFully(1 + 2 * Handshake.SIZE);
      if ((s0s1s2[0] & 0xFF) != Handshake.VERSION) {
        throw new RtmpException("upstream answered rtmp version " + (s0s1s2[0] & 0xFF));
      }
      c.sendRaw(Handshake.clientAck(Arrays.copyOfRange(s0s1s2, 1, 1 + Handshake.SIZE)));
      return c;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Reads and decodes messages until the connection ends. */
  public void run(Consumer<RawMessage> handler, LongConsumer afterRead) throws IOException {
    readLoop(handler, afterRead);
  }
}
