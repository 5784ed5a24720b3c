package io.arcly.stream.protocol.rtmp.io;

import io.arcly.stream.media.Payload;
import io.arcly.stream.net.StreamDecoder;
import io.arcly.stream.net.TcpConnection;
import io.arcly.stream.protocol.rtmp.session.Peer;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One RTMP TCP connection: the shared {@link TcpConnection} (read loop, writer hand-off, watchdog)
 * with a {@link ChunkDecoder} on the way in and chunked messages on the way out.
 */
public class Connection extends TcpConnection implements Peer {
  private final ChunkDecoder decoder;
  private volatile int outChunkSize = ChunkDecoder.INITIAL_CHUNK_SIZE;

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
    super(channel, remote, threads, protocol);
    this.decoder = new ChunkDecoder(maxMessage, budget);
  }

  /** The chunk decoder (bytes received, peer chunk size). */
  public ChunkDecoder decoder() {
    return decoder;
  }

  /**
   * Reads and decodes until the peer closes or a message handler throws; {@code afterRead} runs
   * after each read with the total bytes received. However it ends, the unfinished messages' bytes
   * go back to the shared budget.
   */
  void readLoop(Consumer<RawMessage> handler, LongConsumer afterRead) throws IOException {
    readLoop(
        new StreamDecoder() {
          @Override
          public void decode(ByteBuffer in) {
            decoder.decode(in, handler);
            afterRead.accept(decoder.bytesIn());
          }

          @Override
          public void end(int leftover) throws RtmpException {
            if (leftover > 0 || decoder.midMessage()) {
              throw new RtmpException("connection closed in the middle of a message");
            }
          }

          @Override
          public void release() {
            decoder.release();
          }
        });
  }

  @Override
  public void send(int csid, int typeId, int streamId, long timestamp, byte[] body) {
    sendBytes(
        ChunkEncoder.message(csid, typeId, timestamp, streamId, Payload.wrap(body), outChunkSize));
  }

  @Override
  public void setOutChunkSize(int size) {
    outChunkSize = size;
  }

  @Override
  public int outChunkSize() {
    return outChunkSize;
  }
}
