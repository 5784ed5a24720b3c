package io.arcly.stream.protocol.rtmp.io;

import io.arcly.stream.protocol.rtmp.RelayTarget;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
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
      byte[] s0 = c.readFully(1);
      if ((s0[0] & 0xFF) != Handshake.VERSION) {
        throw notRtmp(s0[0], c.readSome(40));
      }
      byte[] s1s2 = c.readFully(2 * Handshake.SIZE);
      c.sendRaw(Handshake.clientAck(Arrays.copyOf(s1s2, Handshake.SIZE)));
      return c;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Names what answered instead of an RTMP server, e.g. {@code HTTP/1.1 400 Bad Request}. */
  private static RtmpException notRtmp(byte first, byte[] more) {
    StringBuilder text = new StringBuilder();
    boolean printable = first >= 0x20 && first < 0x7f;
    text.append((char) first);
    for (byte b : more) {
      if (b == '\r' || b == '\n') {
        break;
      }
      printable &= b >= 0x20 && b < 0x7f;
      text.append((char) b);
    }
    return new RtmpException(
        printable && text.length() > 1
            ? "upstream is not an rtmp server: it answered \"" + text + "\""
            : "upstream is not an rtmp server: it answered version " + (first & 0xFF));
  }

  /** Reads and decodes messages until the connection ends. */
  public void run(Consumer<RawMessage> handler, LongConsumer afterRead) throws IOException {
    readLoop(handler, afterRead);
  }
}
