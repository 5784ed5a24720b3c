package io.arcly.stream.protocol.rtmp.io;

import io.arcly.stream.media.Payload;
import io.arcly.stream.media.Text;
import io.arcly.stream.protocol.rtmp.session.Peer;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One RTMP TCP connection: a blocking socket read on its own (virtual) thread feeding a {@link
 * ChunkDecoder}, and an output with one writer at a time.
 *
 * <p>Output discipline: until a media writer takes over, only the reading thread sends, directly.
 * Afterwards every {@link #send} is queued and the writer is woken; the writer sends the queue
 * before each media write. No lock is held across I/O. A write blocked longer than the write
 * timeout is detected by the listener's watchdog, which closes the socket.
 */
public class Connection implements Peer {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  /**
   * The read buffer starts small, since players send little (acknowledgements, pings), and grows to
   * {@link #MAX_READ_BUFFER} for a peer whose reads fill it (a publisher).
   */
  private static final int FIRST_READ_BUFFER = 512;

  private static final int MAX_READ_BUFFER = 64 * 1024;

  private static final int MAX_REASON = 512;

  private final SocketChannel channel;
  private final String remote;
  private final ThreadFactory threads;
  private final String protocol;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final ChunkDecoder decoder;
  private volatile Runnable writerWake;
  private volatile int outChunkSize = ChunkDecoder.INITIAL_CHUNK_SIZE;
  private volatile long writeSince;
  private volatile long deadline;
  private volatile String closeReason;

  /**
   * A connection over {@code channel} (blocking mode) whose unfinished inbound messages are held
   * within {@code budget}, shared with the server's other connections.
   */
  public Connection(
      SocketChannel channel,
      String remote,
      ThreadFactory threads,
      String protocol,
      int maxMessage,
      PendingBudget budget)
      throws IOException {
    this.channel = channel;
    this.remote = remote;
    this.threads = threads;
    this.protocol = protocol;
    this.decoder = new ChunkDecoder(maxMessage, budget);
    channel.configureBlocking(true);
    channel.socket().setTcpNoDelay(true);
  }

  @Override
  public String remoteAddress() {
    return remote;
  }

  /** The chunk decoder (bytes received, peer chunk size). */
  public ChunkDecoder decoder() {
    return decoder;
  }

  /** Reads exactly {@code n} bytes (handshake), failing on end of stream. */
  byte[] readFully(int n) throws IOException {
    byte[] b = new byte[n];
    InputStream in = channel.socket().getInputStream();
    int got = 0;
    while (got < n) {
      int r = in.read(b, got, n - got);
      if (r < 0) {
        throw new IOException("connection closed during the handshake");
      }
      got += r;
    }
    return b;
  }

  /** Reads what arrives within the read timeout, at most {@code max} bytes; empty at end. */
  byte[] readSome(int max) throws IOException {
    byte[] b = new byte[max];
    int r = channel.socket().getInputStream().read(b);
    return r <= 0 ? new byte[0] : Arrays.copyOf(b, r);
  }

  /**
   * Reads and decodes until the peer closes or a message handler throws; {@code afterRead} runs
   * after each read with the total bytes received. However it ends, the unfinished messages' bytes
   * go back to the shared budget.
   */
  void readLoop(Consumer<RawMessage> handler, java.util.function.LongConsumer afterRead)
      throws IOException {
    try {
      decodeUntilEnd(handler, afterRead);
    } finally {
      decoder.release();
    }
  }

  private void decodeUntilEnd(
      Consumer<RawMessage> handler, java.util.function.LongConsumer afterRead) throws IOException {
    byte[] buf = new byte[FIRST_READ_BUFFER];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    bb.limit(0);
    InputStream in = channel.socket().getInputStream();
    while (true) {
      bb.compact();
      int r = in.read(buf, bb.position(), bb.remaining());
      if (r < 0) {
        bb.flip();
        if (bb.hasRemaining() || decoderMidMessage()) {
          throw new RtmpException("connection closed in the middle of a message");
        }
        return;
      }
      boolean full = r == bb.remaining();
      bb.position(bb.position() + r);
      bb.flip();
      decoder.decode(bb, handler);
      afterRead.accept(decoder.bytesIn());
      if (full && buf.length < MAX_READ_BUFFER) {
        byte[] bigger = new byte[Math.min(MAX_READ_BUFFER, buf.length * 4)];
        int left = bb.remaining();
        System.arraycopy(buf, bb.position(), bigger, 0, left);
        buf = bigger;
        bb = ByteBuffer.wrap(buf);
        bb.limit(left);
      }
    }
  }

  private boolean decoderMidMessage() {
    return decoder.midMessage();
  }

  @Override
  public void send(int csid, int typeId, int streamId, long timestamp, byte[] body) {
    byte[] bytes =
        ChunkEncoder.message(csid, typeId, timestamp, streamId, Payload.wrap(body), outChunkSize);
    Runnable wake = writerWake;
    if (wake != null) {
      queue.add(bytes);
      wake.run();
      return;
    }
    try {
      writeAll(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, 1);
    } catch (IOException e) {
      close("write failed: " + e.getMessage(), false);
    }
  }

  /** Sends raw bytes directly (handshake), from the reading thread. */
  void sendRaw(byte[] bytes) throws IOException {
    writeAll(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, 1);
  }

  @Override
  public void setOutChunkSize(int size) {
    outChunkSize = size;
  }

  @Override
  public int outChunkSize() {
    return outChunkSize;
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    try {
      channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (IOException e) {
      close("cannot set read timeout: " + e.getMessage(), false);
    }
  }

  @Override
  public void startMediaWriter(Runnable wake) {
    writerWake = wake;
  }

  @Override
  public void stopMediaWriter() throws IOException {
    writerWake = null;
    flushQueued();
  }

  @Override
  public void write(ByteBuffer[] buffers, int count) throws IOException {
    flushQueued();
    writeAll(buffers, count);
  }

  @Override
  public void flushQueued() throws IOException {
    byte[] b;
    while ((b = queue.poll()) != null) {
      writeAll(new ByteBuffer[] {ByteBuffer.wrap(b)}, 1);
    }
  }

  private void writeAll(ByteBuffer[] buffers, int count) throws IOException {
    if (closed.get()) {
      throw new IOException("connection closed");
    }
    writeSince = System.nanoTime() | 1;
    try {
      int first = 0;
      while (first < count) {
        channel.write(buffers, first, count - first);
        while (first < count && !buffers[first].hasRemaining()) {
          first++;
        }
      }
    } finally {
      writeSince = 0;
    }
  }

  @Override
  public Thread startThread(String name, Runnable task) {
    Thread t = threads.newThread(task);
    t.start();
    return t;
  }

  /** Sets an absolute deadline (nanoTime) for the setup phase; 0 clears it. */
  void setDeadline(long nanos) {
    deadline = nanos;
  }

  /** Closes the connection if a write has blocked too long or the setup deadline passed. */
  void watchdog(long now, long writeTimeoutNanos) {
    long w = writeSince;
    if (w != 0 && now - w > writeTimeoutNanos) {
      close("write blocked for more than " + writeTimeoutNanos / 1_000_000_000L + " s", false);
    }
    long d = deadline;
    if (d != 0 && now - d > 0) {
      close("handshake not completed in time", false);
    }
  }

  @Override
  public void close(String reason, boolean error) {
    if (closed.compareAndSet(false, true)) {
      closeReason = reason;
      if (reason != null) {
        // Reasons may quote what the peer sent: one clean line whatever it was.
        LOG.log(
            error ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
            protocol + " " + remote + ": " + Text.printable(reason, MAX_REASON));
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      Runnable wake = writerWake;
      if (wake != null) {
        wake.run();
      }
    }
  }

  /** The reason the connection was closed with, if any. */
  String closeReason() {
    return closeReason;
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }
}
