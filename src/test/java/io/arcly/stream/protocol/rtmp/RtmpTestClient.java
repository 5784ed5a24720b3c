package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.ControlMessage;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/** A minimal RTMP client for tests: handshake, commands, raw chunks, reading messages. */
public final class RtmpTestClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ChunkDecoder decoder = new ChunkDecoder(16 * 1024 * 1024 - 1);
  private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
  private final ArrayDeque<RawMessage> pending = new ArrayDeque<>();
  private int chunkSize = 128;

  public RtmpTestClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    buf.limit(0);
  }

  /** Performs the handshake (digest C1 when {@code digest}); returns S0+S1+S2. */
  public byte[] handshake(boolean digest) throws IOException {
    out.write(Handshake.clientHello(digest, 0, new SplittableRandom(1)));
    byte[] s = in.readNBytes(1 + 2 * Handshake.SIZE);
    if (s.length != 1 + 2 * Handshake.SIZE) {
      throw new IOException("short handshake answer");
    }
    out.write(java.util.Arrays.copyOfRange(s, 1, 1 + Handshake.SIZE));
    return s;
  }

  public void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(int csid, int type, int streamId, long ts, byte[] body) throws IOException {
    raw(ChunkEncoder.message(csid, type, ts, streamId, Payload.wrap(body), chunkSize));
  }

  public void command(int streamId, Command c) throws IOException {
    send(3, MessageType.COMMAND_AMF0.code(), streamId, 0, c.encode());
  }

  public void setChunkSize(int size) throws IOException {
    send(2, 1, 0, 0, ControlMessages.encode(new ControlMessage.SetChunkSize(size)));
    chunkSize = size;
  }

  /** connect to {@code app}; returns the _result. */
  public Command connect(String app) throws IOException {
    command(
        0,
        Command.of(
            "connect",
            1,
            Amf.obj(
                "app", Amf.str(app),
                "flashVer", Amf.str("TEST 1,0"),
                "tcUrl", Amf.str("rtmp://127.0.0.1/" + app))));
    return awaitCommand("_result", "_error");
  }

  /** createStream; returns the stream id. */
  public int createStream() throws IOException {
    command(0, Command.of("createStream", 2, Amf.NULL));
    return (int) awaitCommand("_result").arg(0).asNumber(-1);
  }

  /** Next message (blocking up to the socket timeout); null at end of stream. */
  public RawMessage next() throws IOException {
    while (pending.isEmpty()) {
      buf.compact();
      int n = in.read(buf.array(), buf.position(), buf.remaining());
      if (n < 0) {
        buf.flip();
        return null;
      }
      buf.position(buf.position() + n);
      buf.flip();
      decoder.decode(buf, pending::add);
    }
    return pending.poll();
  }

  /** Reads until a command named one of {@code names}; fails at end of stream. */
  public Command awaitCommand(String... names) throws IOException {
    while (true) {
      RawMessage m = next();
      if (m == null) {
        throw new IOException("connection closed while waiting for " + String.join("/", names));
      }
      if (m.typeId() == MessageType.COMMAND_AMF0.code()) {
        Command c = Command.decode(MessageType.COMMAND_AMF0, m.body());
        for (String n : names) {
          if (c.name().equals(n)) {
            return c;
          }
        }
      }
    }
  }

  /** Reads until an onStatus whose code starts with {@code prefix}; returns the code. */
  public String awaitStatus(String prefix) throws IOException {
    while (true) {
      Command c = awaitCommand("onStatus");
      String code = c.arg(0).string("code");
      if (code != null && code.startsWith(prefix)) {
        return code;
      }
    }
  }

  /** Whether the server closed the connection (reads until end, within the socket timeout). */
  public boolean closedByServer() {
    try {
      while (next() != null) {
        // drain
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return e instanceof java.net.SocketException;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
