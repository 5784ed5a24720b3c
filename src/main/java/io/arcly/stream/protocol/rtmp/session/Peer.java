package io.arcly.stream.protocol.rtmp.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** The connection as a session sees it: where its messages go and how it ends. */
public interface Peer {
  /** The peer's {@code ip:port}. */
  String remoteAddress();

  /**
   * Sends one message, chunked with the current outbound chunk size. Thread-safe: while a media
   * writer owns the connection the message is queued and goes out before its next write.
   */
  void send(int csid, int typeId, int streamId, long timestamp, byte[] body);

  /** The chunk size outbound messages use from now on (after a Set Chunk Size was sent). */
  void setOutChunkSize(int size);

  /** The outbound chunk size. */
  int outChunkSize();

  /** How long the peer may stay silent before it is closed; zero for no limit. */
  void setReadTimeout(Duration timeout);

  /**
   * Hands the outbound side to a media writer: from now on {@link #send} queues and calls {@code
   * wake}, and the writer calls {@link #write} (which sends the queue first) and {@link
   * #flushQueued}.
   */
  void startMediaWriter(Runnable wake);

  /**
   * Takes the outbound side back from a media writer that has finished: queued messages go out now,
   * and later ones directly. Call only once the writer thread has ended.
   */
  void stopMediaWriter() throws IOException;

  /** Writer only: sends queued messages, then {@code count} buffers, blocking until written. */
  void write(ByteBuffer[] buffers, int count) throws IOException;

  /** Writer only: sends queued messages. */
  void flushQueued() throws IOException;

  /** Starts a managed thread for this connection's media writer. */
  Thread startThread(String name, Runnable task);

  /**
   * Closes the connection, logging one line with the peer and {@code reason} (at warning level when
   * {@code error}). Idempotent: only the first reason is logged.
   */
  void close(String reason, boolean error);

  /** Whether the connection is closed. */
  boolean isClosed();
}
