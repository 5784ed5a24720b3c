package io.arcly.stream.net;

import io.arcly.stream.media.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection: a blocking socket read on its own (virtual) thread feeding a {@link
 * StreamDecoder}, and an output with one writer at a time.
 *
 * <p>Output discipline: until a media writer takes over, only the reading thread sends, directly.
 * Afterwards every {@link #sendBytes} is queued and the writer is woken; the writer sends the queue
 * before each media write. No lock is held across I/O. A write blocked longer than the write
 * timeout is detected by the listener's watchdog, which closes the socket; so is a setup phase
 * (handshake) that overruns its deadline.
 */
public class TcpConnection {
  private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

  /**
   * The read buffer starts small, since players send little (acknowledgements, keepalives), and
   * grows to {@link #MAX_READ_BUFFER} for a peer whose reads fill it (a publisher).
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
  private volatile Runnable writerWake;
  private volatile long writeSince;
  private volatile long deadline;
  private volatile String deadlineReason;
  private volatile String closeReason;

  /**
   * A connection over {@code channel} (put in blocking mode) to {@code remote} ({@code ip:port}),
   * whose threads come from {@code threads}; {@code protocol} prefixes its log lines.
   */
  public TcpConnection(SocketChannel channel, String remote, ThreadFactory threads, String protocol)
      throws IOException {
    this.channel = channel;
    this.remote = remote;
    this.threads = threads;
    this.protocol = protocol;
    channel.configureBlocking(true);
    channel.socket().setTcpNoDelay(true);
  }

  /** The peer's {@code ip:port}. */
  public String remoteAddress() {
    return remote;
  }

  /** The protocol name in log lines. */
  public String protocol() {
    return protocol;
  }

  /** Reads exactly {@code n} bytes (a handshake), failing on end of stream. */
  public byte[] readFully(int n) throws IOException {
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
  public byte[] readSome(int max) throws IOException {
    byte[] b = new byte[max];
    int r = channel.socket().getInputStream().read(b);
    return r <= 0 ? new byte[0] : Arrays.copyOf(b, r);
  }

  /**
   * Reads and decodes until the peer closes or the decoder throws. However it ends, the decoder is
   * released.
   */
  public void readLoop(StreamDecoder decoder) throws IOException {
    try {
      decodeUntilEnd(decoder);
    } finally {
      decoder.release();
    }
  }

  private void decodeUntilEnd(StreamDecoder decoder) throws IOException {
    byte[] buf = new byte[FIRST_READ_BUFFER];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    bb.limit(0);
    InputStream in = channel.socket().getInputStream();
    while (true) {
      bb.compact();
      int r;
      try {
        r = in.read(buf, bb.position(), bb.remaining());
      } catch (java.net.SocketTimeoutException e) {
        if (decoder.idle()) {
          bb.flip();
          continue;
        }
        throw e;
      }
      if (r < 0) {
        bb.flip();
        decoder.end(bb.remaining());
        return;
      }
      boolean full = r == bb.remaining();
      bb.position(bb.position() + r);
      bb.flip();
      decoder.decode(bb);
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

  /**
   * Sends {@code bytes}: directly from the reading thread, or, while a media writer owns the
   * output, queued for it (it goes out before the writer's next write). Thread-safe. A failed
   * direct write closes the connection.
   */
  public void sendBytes(byte[] bytes) {
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

  /** Sends raw bytes directly (a handshake), from the reading thread. */
  public void sendRaw(byte[] bytes) throws IOException {
    writeAll(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, 1);
  }

  /** How long the peer may stay silent before a read fails; zero for no limit. */
  public void setReadTimeout(Duration timeout) {
    try {
      channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (IOException e) {
      close("cannot set read timeout: " + e.getMessage(), false);
    }
  }

  /**
   * Hands the output to a media writer: from now on {@link #sendBytes} queues and calls {@code
   * wake}, and the writer calls {@link #write} (which sends the queue first) and {@link
   * #flushQueued}.
   */
  public void startMediaWriter(Runnable wake) {
    writerWake = wake;
  }

  /**
   * Takes the output back from a media writer that has finished: queued bytes go out now, later
   * ones directly. Call only once the writer thread has ended.
   */
  public void stopMediaWriter() throws IOException {
    writerWake = null;
    flushQueued();
  }

  /** Writer only: sends queued bytes, then {@code count} buffers, blocking until written. */
  public void write(ByteBuffer[] buffers, int count) throws IOException {
    flushQueued();
    writeAll(buffers, count);
  }

  /** Writer only: sends queued bytes. */
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

  /** Starts a managed thread for this connection (a media writer). */
  public Thread startThread(String name, Runnable task) {
    Thread t = threads.newThread(task);
    t.start();
    return t;
  }

  /**
   * Sets an absolute deadline ({@link System#nanoTime}) for a setup phase, after which the watchdog
   * closes the connection for {@code reason}; 0 clears it.
   */
  public void setDeadline(long nanos, String reason) {
    deadlineReason = reason;
    deadline = nanos;
  }

  /** Closes the connection if a write has blocked too long or the setup deadline passed. */
  public void watchdog(long now, long writeTimeoutNanos) {
    long w = writeSince;
    if (w != 0 && now - w > writeTimeoutNanos) {
      close("write blocked for more than " + writeTimeoutNanos / 1_000_000_000L + " s", false);
    }
    long d = deadline;
    if (d != 0 && now - d > 0) {
      close(deadlineReason, false);
    }
  }

  /**
   * Closes the connection, logging one line with the peer and {@code reason} (at warning level when
   * {@code error}; nothing when {@code reason} is null). Idempotent: only the first reason counts.
   */
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
  public String closeReason() {
    return closeReason;
  }

  /** Whether the connection is closed. */
  public boolean isClosed() {
    return closed.get();
  }
}
