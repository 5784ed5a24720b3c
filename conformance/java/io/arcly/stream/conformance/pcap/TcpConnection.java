package io.arcly.stream.conformance.pcap;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One reassembled TCP connection: its endpoints, the payload of both directions in capture order,
 * and what was seen of its lifecycle.
 *
 * <p>The client is the sender of the first SYN without ACK (or the receiver of a SYN-ACK). Without
 * either, the orientation is a guess: the side with the lower port is taken as the server; {@link
 * Capture#tcpTo(int)} re-orients such connections to the port asked for.
 */
public final class TcpConnection {

  private final Endpoint client;
  private final Endpoint server;
  private final List<Chunk> chunks;
  private final List<Chunk> segments;
  private final long startMicros;
  private final long endMicros;
  private final boolean sawSyn;
  private final boolean sawFin;
  private final boolean sawReset;
  private final int gaps;
  private final boolean orientationKnown;

  TcpConnection(
      Endpoint client,
      Endpoint server,
      List<Chunk> chunks,
      List<Chunk> segments,
      long startMicros,
      long endMicros,
      boolean sawSyn,
      boolean sawFin,
      boolean sawReset,
      int gaps,
      boolean orientationKnown) {
    this.client = client;
    this.server = server;
    this.chunks = List.copyOf(chunks);
    this.segments = List.copyOf(segments);
    this.startMicros = startMicros;
    this.endMicros = endMicros;
    this.sawSyn = sawSyn;
    this.sawFin = sawFin;
    this.sawReset = sawReset;
    this.gaps = gaps;
    this.orientationKnown = orientationKnown;
  }

  /** Returns the side that opened the connection. */
  public Endpoint client() {
    return client;
  }

  /** Returns the side that accepted the connection. */
  public Endpoint server() {
    return server;
  }

  /**
   * Returns the reassembled payload of both directions in capture order, consecutive data of one
   * direction merged into one chunk.
   */
  public List<Chunk> chunks() {
    return chunks;
  }

  /**
   * Returns the same payload as {@link #chunks()}, but one chunk per captured packet's data, each
   * with that packet's capture time: the timing inside a run of one direction, such as a server's
   * media between two requests of its client.
   */
  public List<Chunk> segments() {
    return segments;
  }

  /** Returns all reassembled bytes sent in direction {@code d}, concatenated. */
  public byte[] bytes(Direction d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Chunk c : chunks) {
      if (c.direction() == d) {
        out.writeBytes(c.data());
      }
    }
    return out.toByteArray();
  }

  /** Returns the capture time of the connection's last packet, in microseconds since the epoch. */
  public long endMicros() {
    return endMicros;
  }

  /**
   * Returns the capture time of the first packet of the connection, in microseconds since the
   * epoch.
   */
  public long startMicros() {
    return startMicros;
  }

  /** Returns whether the opening SYN (without ACK) was captured. */
  public boolean sawSyn() {
    return sawSyn;
  }

  /** Returns whether a FIN was captured in either direction. */
  public boolean sawFin() {
    return sawFin;
  }

  /** Returns whether a RST was captured in either direction. */
  public boolean sawReset() {
    return sawReset;
  }

  /** Returns the number of holes that never filled; the data after each was dropped. */
  public int gaps() {
    return gaps;
  }

  /**
   * Returns whether client and server were determined from a SYN or SYN-ACK rather than guessed.
   */
  boolean orientationKnown() {
    return orientationKnown;
  }

  /** Returns this connection with client and server swapped (directions of the chunks reversed). */
  TcpConnection reversed() {
    return new TcpConnection(
        server,
        client,
        flip(chunks),
        flip(segments),
        startMicros,
        endMicros,
        sawSyn,
        sawFin,
        sawReset,
        gaps,
        orientationKnown);
  }

  private static List<Chunk> flip(List<Chunk> chunks) {
    List<Chunk> flipped = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      flipped.add(new Chunk(c.direction().reverse(), c.timestampMicros(), c.data()));
    }
    return flipped;
  }

  /** Returns a short description with endpoints, chunk count and flags. */
  @Override
  public String toString() {
    return "TcpConnection["
        + client
        + " -> "
        + server
        + ", "
        + chunks.size()
        + " chunks"
        + (sawSyn ? ", syn" : "")
        + (sawFin ? ", fin" : "")
        + (sawReset ? ", rst" : "")
        + (gaps > 0 ? ", " + gaps + " gaps" : "")
        + "]";
  }
}
