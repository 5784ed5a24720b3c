package io.arcly.stream.conformance.pcap;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Tracks TCP connections by their endpoints and reassembles the payload of each direction. */
final class TcpReassembler {

  private static final int FIN = 0x01;
  private static final int SYN = 0x02;
  private static final int RST = 0x04;
  private static final int ACK = 0x10;

  private final Map<Set<Endpoint>, Flow> open = new HashMap<>();
  private final List<Flow> all = new ArrayList<>();
  private long reassembled;
  private long dropped;
  private int skippedPackets;

  /** Handles one TCP segment. */
  void segment(Endpoint src, Endpoint dst, long micros, long seq, int flags, byte[] payload) {
    Set<Endpoint> key = Set.of(src, dst);
    Flow flow = open.get(key);
    boolean opening = (flags & SYN) != 0 && (flags & ACK) == 0;
    if (flow != null
        && opening
        && (flow.fin || flow.reset)
        && !(flow.sides[flow.side(src)].synSeen && flow.sides[flow.side(src)].isn == seq)) {
      flow = null; // the 4-tuple is reused by a new connection
    }
    if (flow == null) {
      if (all.size() >= Pcap.MAX_TCP_CONNECTIONS) {
        skippedPackets++;
        return;
      }
      flow = new Flow(src, dst, micros);
      open.put(key, flow);
      all.add(flow);
    }
    flow.segment(src, micros, seq, flags, payload);
  }

  List<TcpConnection> finish() {
    List<TcpConnection> out = new ArrayList<>(all.size());
    for (Flow f : all) {
      out.add(f.toConnection());
    }
    return out;
  }

  int skippedPackets() {
    return skippedPackets;
  }

  long droppedBytes() {
    return dropped;
  }

  /**
   * The bytes of one chunk being built: sending side, time of its first byte, the bytes, and where
   * each packet's data starts in them with its capture time ({offset, micros}).
   */
  private static final class Pieces {
    final int side;
    final long micros;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<long[]> marks = new ArrayList<>();

    Pieces(int side, long micros) {
      this.side = side;
      this.micros = micros;
    }
  }

  /** One direction of a connection. */
  private static final class Side {
    final Endpoint endpoint;
    boolean synSeen;
    long isn;

    /** Sequence number (32-bit) of relative offset 0, once known. */
    boolean started;

    long base;

    /** Relative offset of the next byte expected in order. */
    long next;

    final TreeMap<Long, byte[]> pending = new TreeMap<>();
    int pendingBytes;

    Side(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    /** Returns the relative offset of {@code seq}, unwrapped around the next expected byte. */
    long relative(long seq) {
      long expected = (base + next) & 0xFFFFFFFFL;
      int delta = (int) (seq - expected);
      return next + delta;
    }

    int holes() {
      int holes = 0;
      long covered = next;
      for (Map.Entry<Long, byte[]> e : pending.entrySet()) {
        if (e.getKey() > covered) {
          holes++;
        }
        covered = Math.max(covered, e.getKey() + e.getValue().length);
      }
      return holes;
    }
  }

  /** One connection being reassembled. */
  private final class Flow {
    final Side[] sides;
    final long start;

    /** Index of the client side, -1 while unknown. */
    int clientSide = -1;

    boolean syn;
    boolean fin;
    boolean reset;
    final List<Pieces> chunks = new ArrayList<>();

    Flow(Endpoint first, Endpoint second, long start) {
      this.sides = new Side[] {new Side(first), new Side(second)};
      this.start = start;
    }

    int side(Endpoint src) {
      return sides[0].endpoint.equals(src) ? 0 : 1;
    }

    long end;

    void segment(Endpoint src, long micros, long seq, int flags, byte[] payload) {
      end = Math.max(end, micros);
      int s = side(src);
      Side side = sides[s];
      if ((flags & SYN) != 0) {
        if ((flags & ACK) == 0) {
          syn = true;
          if (clientSide < 0) {
            clientSide = s;
          }
        } else if (clientSide < 0) {
          clientSide = 1 - s;
        }
        if (!side.synSeen) {
          side.synSeen = true;
          side.isn = seq;
          if (!side.started) {
            side.started = true;
            side.base = (seq + 1) & 0xFFFFFFFFL;
            side.next = 0;
          }
        }
        seq = (seq + 1) & 0xFFFFFFFFL; // data of a SYN follows the SYN's sequence number
      }
      if ((flags & FIN) != 0) {
        fin = true;
      }
      if ((flags & RST) != 0) {
        reset = true;
      }
      if (payload.length == 0 || (flags & RST) != 0) {
        return;
      }
      if (!side.started) {
        side.started = true;
        side.base = seq;
        side.next = 0;
      }
      long rel = side.relative(seq);
      long endRel = rel + payload.length;
      if (endRel <= side.next) {
        return; // retransmission of bytes already delivered
      }
      if (rel <= side.next) {
        int skip = (int) (side.next - rel);
        deliver(s, micros, payload, skip, payload.length - skip);
        drain(s, micros);
      } else {
        byte[] already = side.pending.get(rel);
        if (already != null && already.length >= payload.length) {
          return;
        }
        int grow = payload.length - (already == null ? 0 : already.length);
        if (side.pendingBytes + grow > Pcap.MAX_OUT_OF_ORDER_BYTES) {
          dropped += payload.length;
          return;
        }
        side.pending.put(rel, payload);
        side.pendingBytes += grow;
      }
    }

    private void drain(int s, long micros) {
      Side side = sides[s];
      while (!side.pending.isEmpty()) {
        Map.Entry<Long, byte[]> e = side.pending.firstEntry();
        long rel = e.getKey();
        if (rel > side.next) {
          return;
        }
        side.pending.pollFirstEntry();
        byte[] data = e.getValue();
        side.pendingBytes -= data.length;
        long endRel = rel + data.length;
        if (endRel > side.next) {
          int skip = (int) (side.next - rel);
          deliver(s, micros, data, skip, data.length - skip);
        }
      }
    }

    private void deliver(int s, long micros, byte[] data, int off, int len) {
      sides[s].next += len;
      if (reassembled + len > Pcap.MAX_REASSEMBLED_BYTES) {
        dropped += len;
        return;
      }
      reassembled += len;
      Pieces last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
      if (last == null || last.side != s) {
        last = new Pieces(s, micros);
        chunks.add(last);
      }
      if (last.marks.isEmpty() || last.marks.get(last.marks.size() - 1)[1] != micros) {
        last.marks.add(new long[] {last.out.size(), micros});
      }
      last.out.write(data, off, len);
    }

    TcpConnection toConnection() {
      boolean known = clientSide >= 0;
      int client = clientSide;
      if (!known) {
        int p0 = sides[0].endpoint.port();
        int p1 = sides[1].endpoint.port();
        client = p0 < p1 ? 1 : 0; // the lower port is taken as the server's
      }
      List<Chunk> out = new ArrayList<>(chunks.size());
      List<Chunk> segments = new ArrayList<>();
      for (Pieces c : chunks) {
        Direction d = c.side == client ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        byte[] all = c.out.toByteArray();
        out.add(new Chunk(d, c.micros, all));
        for (int i = 0; i < c.marks.size(); i++) {
          int from = (int) c.marks.get(i)[0];
          int to = i + 1 < c.marks.size() ? (int) c.marks.get(i + 1)[0] : all.length;
          segments.add(
              new Chunk(d, c.marks.get(i)[1], java.util.Arrays.copyOfRange(all, from, to)));
        }
      }
      int gaps = sides[0].holes() + sides[1].holes();
      return new TcpConnection(
          sides[client].endpoint,
          sides[1 - client].endpoint,
          out,
          segments,
          start,
          Math.max(start, end),
          syn,
          fin,
          reset,
          gaps,
          known);
    }
  }
}
