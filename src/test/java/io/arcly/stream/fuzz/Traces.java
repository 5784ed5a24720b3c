package io.arcly.stream.fuzz;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The RTMP sessions of real clients captured in {@code conformance/traces} (ffmpeg, GStreamer,
 * ffprobe, an Enhanced RTMP HEVC publisher, a relay into nginx-rtmp), as seeds.
 */
public final class Traces {
  private static final Path TRACES = Path.of("conformance", "traces");

  private Traces() {}

  /**
   * One captured RTMP connection.
   *
   * @param name the capture's file name
   * @param client the bytes the client sent
   * @param server the bytes the server sent
   */
  public record Session(String name, byte[] client, byte[] server) {
    /** The client's bytes after C0, C1 and C2: chunks. */
    public byte[] clientChunks() {
      int start = 1 + 2 * Handshake.SIZE;
      return client.length <= start
          ? new byte[0]
          : java.util.Arrays.copyOfRange(client, start, client.length);
    }

    /** The messages the client sent, as far as they decode. */
    public List<RawMessage> clientMessages() {
      List<RawMessage> out = new ArrayList<>();
      try {
        new ChunkDecoder().decode(ByteBuffer.wrap(clientChunks()), out::add);
      } catch (RtmpException e) {
        // traces that were mutated on purpose stop where they break
      }
      return out;
    }
  }

  /** Every RTMP connection of every capture (the original captures, not the mutated ones). */
  public static Stream<Session> sessions() {
    try (Stream<Path> files = Files.list(TRACES)) {
      List<Session> out = new ArrayList<>();
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (!name.startsWith("rtmp-") || name.endsWith(".json")) {
          continue;
        }
        Capture c = Pcap.read(p);
        for (TcpConnection t : c.tcp()) {
          byte[] client = t.bytes(Direction.CLIENT_TO_SERVER);
          if (client.length > 0 && client[0] == Handshake.VERSION) {
            out.add(new Session(name, client, t.bytes(Direction.SERVER_TO_CLIENT)));
          }
        }
      }
      return out.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
