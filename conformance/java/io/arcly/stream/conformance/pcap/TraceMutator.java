package io.arcly.stream.conformance.pcap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Derives negative traces from a captured RTMP session, reproducibly: the client's byte stream is
 * changed one way and written as a new trace (Ethernet, IPv4, loopback addresses, the original
 * ports) holding the client half only, which is all a replay sends.
 *
 * <ul>
 *   <li>{@code truncate-mid-chunk}: the stream stops half way through, inside a chunk;
 *   <li>{@code flip-length}: the first chunk after the handshake announces a 16 MiB - 1 message;
 *   <li>{@code garbage-after-handshake}: 512 seeded random bytes replace everything after the
 *       handshake.
 * </ul>
 */
public final class TraceMutator {
  /** C0, C1 and C2: where the chunk stream starts. */
  static final int HANDSHAKE = 1 + 1536 + 1536;

  private TraceMutator() {}

  /** {@code mutate KIND IN.pcap SERVER_PORT OUT.pcap}. */
  public static void main(String[] a) throws IOException {
    if (a.length != 4) {
      throw new IllegalArgumentException("usage: mutate KIND IN.pcap SERVER_PORT OUT.pcap");
    }
    int port = Integer.parseInt(a[2]);
    TcpConnection c = Pcap.read(Path.of(a[1])).tcpTo(port).get(0);
    byte[] mutated = mutate(a[0], c.bytes(Direction.CLIENT_TO_SERVER));
    Files.write(Path.of(a[3]), write(c.client().port(), port, mutated));
  }

  /** The client stream changed by mutation {@code kind}. */
  static byte[] mutate(String kind, byte[] client) {
    return switch (kind) {
      case "truncate-mid-chunk" ->
          Arrays.copyOf(client, HANDSHAKE + (client.length - HANDSHAKE) / 2);
      case "flip-length" -> {
        byte[] b = client.clone();
        // basic header (1 byte, type 0), timestamp (3), then the 3-byte message length
        b[HANDSHAKE + 4] = (byte) 0xFF;
        b[HANDSHAKE + 5] = (byte) 0xFF;
        b[HANDSHAKE + 6] = (byte) 0xFF;
        yield b;
      }
      case "garbage-after-handshake" -> {
        byte[] b = Arrays.copyOf(client, HANDSHAKE + 512);
        byte[] junk = new byte[512];
        new Random(20261122).nextBytes(junk);
        System.arraycopy(junk, 0, b, HANDSHAKE, junk.length);
        yield b;
      }
      default -> throw new IllegalArgumentException("unknown mutation " + kind);
    };
  }

  /** A pcap of a connection from {@code clientPort} carrying {@code data} to {@code serverPort}. */
  public static byte[] write(int clientPort, int serverPort, byte[] data) {
    List<PcapWriter.Packet> packets = new ArrayList<>();
    long t = 1_700_000_000_000_000L;
    long seq = 1000;
    long ack = 5000;
    String c = "127.0.0.1";
    packets.add(frame(t, c, clientPort, serverPort, seq, 0, PcapWriter.SYN, new byte[0]));
    packets.add(
        frame(
            t + 10,
            c,
            serverPort,
            clientPort,
            ack,
            seq + 1,
            PcapWriter.SYN | PcapWriter.ACK,
            new byte[0]));
    seq++;
    ack++;
    packets.add(frame(t + 20, c, clientPort, serverPort, seq, ack, PcapWriter.ACK, new byte[0]));
    int i = 0;
    for (int off = 0; off < data.length; off += 1400) {
      byte[] part = Arrays.copyOfRange(data, off, Math.min(data.length, off + 1400));
      packets.add(
          frame(
              t + 1000 * ++i,
              c,
              clientPort,
              serverPort,
              seq,
              ack,
              PcapWriter.ACK | PcapWriter.PSH,
              part));
      seq += part.length;
    }
    packets.add(
        frame(
            t + 1000 * ++i,
            c,
            clientPort,
            serverPort,
            seq,
            ack,
            PcapWriter.FIN | PcapWriter.ACK,
            new byte[0]));
    return PcapWriter.pcap(1, packets);
  }

  /**
   * A pcap (Ethernet, IPv4) of {@code datagrams}, each with its endpoints and capture time: how a
   * derived UDP trace is written.
   */
  public static byte[] writeUdp(List<UdpDatagram> datagrams) {
    List<PcapWriter.Packet> packets = new ArrayList<>();
    for (UdpDatagram d : datagrams) {
      packets.add(
          new PcapWriter.Packet(
              d.timestampMicros(),
              PcapWriter.ethernet(
                  PcapWriter.ipv4(
                      d.source().address().getHostAddress(),
                      d.destination().address().getHostAddress(),
                      17,
                      PcapWriter.udp(d.source().port(), d.destination().port(), d.payload())))));
    }
    return PcapWriter.pcap(1, packets);
  }

  private static PcapWriter.Packet frame(
      long t, String addr, int sport, int dport, long seq, long ack, int flags, byte[] payload) {
    return new PcapWriter.Packet(
        t,
        PcapWriter.ethernet(
            PcapWriter.ipv4(
                addr, addr, 6, PcapWriter.tcp(sport, dport, seq, ack, flags, payload))));
  }
}
