package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TraceMutator;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Derives negative traces from a captured SRT publish, reproducibly: the caller's datagrams are
 * changed one way and written as a new trace (Ethernet, IPv4, the captured addresses, ports and
 * times) with the listener's datagrams the changed session would still have had.
 *
 * <ul>
 *   <li>{@code srt-bad-cookie}: every conclusion carries the captured cookie XOR {@code
 *       0x5A5A5A5A}, so no listener gave it; the caller's first second after its conclusion is
 *       kept, and of the listener's half only what came before the conclusion (its induction
 *       answer);
 *   <li>{@code srt-truncated-handshake}: every conclusion ends after its 48-byte handshake body, so
 *       its extensions (HSREQ, stream id) are gone; kept as {@code srt-bad-cookie} keeps;
 *   <li>{@code srt-garbage-control}: after the caller's 20th data packet, {@value #GARBAGE} control
 *       packets of unknown types (0x0100 to 0x7FFE, seeded random subtype, type-specific word and 4
 *       to 64 bytes of content) addressed to the listener; both halves otherwise as captured;
 *   <li>{@code srt-malformed-ack}: after the caller's 20th data packet, one ACK with 8 bytes of
 *       content (an ACK has 4, 16 or at least 28); both halves otherwise as captured.
 * </ul>
 */
final class SrtMutations {
  /** The kinds, by name. */
  static final List<String> KINDS =
      List.of(
          "srt-bad-cookie", "srt-truncated-handshake", "srt-garbage-control", "srt-malformed-ack");

  /** How many garbage control packets {@code srt-garbage-control} inserts. */
  static final int GARBAGE = 16;

  /** The seed of {@code srt-garbage-control}. */
  static final long SEED = 20261203L;

  /** How long after the conclusion a refused caller's datagrams are kept. */
  private static final long KEEP_MICROS = 1_000_000;

  /** The data packet after which a garbage or malformed packet goes. */
  private static final int AFTER_DATA = 20;

  private SrtMutations() {}

  /** {@code mutate KIND IN.pcap SERVER_PORT OUT.pcap} for a {@code srt-} kind. */
  static void main(String[] a) throws IOException {
    SrtTrace t = SrtTrace.of(Pcap.read(Path.of(a[1])), Integer.parseInt(a[2]));
    if (t == null) {
      throw new IllegalArgumentException("no srt handshake to udp port " + a[2] + " in " + a[1]);
    }
    Files.write(Path.of(a[3]), TraceMutator.writeUdp(mutate(a[0], t)));
  }

  /** The conversation changed by mutation {@code kind}, both halves in capture order. */
  static List<UdpDatagram> mutate(String kind, SrtTrace t) {
    return switch (kind) {
      case "srt-bad-cookie" ->
          refused(
              t,
              d -> {
                byte[] b = d.clone();
                SrtAdaptation.putInt(
                    b,
                    SrtAdaptation.COOKIE,
                    SrtAdaptation.getInt(b, SrtAdaptation.COOKIE) ^ 0x5A5A_5A5A);
                return b;
              });
      case "srt-truncated-handshake" ->
          refused(t, d -> Arrays.copyOf(d, SrtAdaptation.HANDSHAKE_BODY_END));
      case "srt-garbage-control" -> inserted(t, garbage(t));
      case "srt-malformed-ack" -> {
        byte[] ack = new byte[16 + 8];
        SrtAdaptation.putInt(ack, 0, 0x8002_0000); // control, type 2 (ACK), subtype 0
        SrtAdaptation.putInt(ack, 4, 1); // ACK number
        SrtAdaptation.putInt(ack, 12, listener(t));
        SrtAdaptation.putInt(ack, 16, t.initialSeq); // last acknowledged, then one more word
        SrtAdaptation.putInt(ack, 20, 10_000);
        yield inserted(t, List.of(ack));
      }
      default -> throw new IllegalArgumentException("unknown srt mutation " + kind);
    };
  }

  /**
   * A refused caller's session: its conclusions changed by {@code change}, its datagrams up to
   * {@link #KEEP_MICROS} after the first conclusion, and the listener's before it.
   */
  private static List<UdpDatagram> refused(
      SrtTrace t, java.util.function.UnaryOperator<byte[]> change) {
    UdpDatagram first =
        t.clientDatagrams.stream()
            .filter(d -> SrtAdaptation.isConclusion(d.payload()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the caller sent no conclusion"));
    long until = first.timestampMicros() + KEEP_MICROS;
    List<UdpDatagram> out = new ArrayList<>();
    for (UdpDatagram d : t.clientDatagrams) {
      if (d.timestampMicros() > until) {
        break;
      }
      out.add(
          SrtAdaptation.isConclusion(d.payload())
              ? new UdpDatagram(
                  d.source(), d.destination(), d.timestampMicros(), change.apply(d.payload()))
              : d);
    }
    for (UdpDatagram d : t.serverDatagrams) {
      if (d.timestampMicros() < first.timestampMicros()) {
        out.add(d);
      }
    }
    out.sort(java.util.Comparator.comparingLong(UdpDatagram::timestampMicros));
    return out;
  }

  /** Both halves as captured, with {@code extra} from the caller after its 20th data packet. */
  private static List<UdpDatagram> inserted(SrtTrace t, List<byte[]> extra) {
    List<UdpDatagram> client = new ArrayList<>();
    int data = 0;
    for (UdpDatagram d : t.clientDatagrams) {
      client.add(d);
      if (SrtTrace.isData(d.payload()) && ++data == AFTER_DATA) {
        for (byte[] x : extra) {
          client.add(new UdpDatagram(d.source(), d.destination(), d.timestampMicros(), x));
        }
      }
    }
    if (data < AFTER_DATA) {
      throw new IllegalArgumentException(
          "the caller sent fewer than " + AFTER_DATA + " data packets");
    }
    List<UdpDatagram> out = new ArrayList<>(client);
    out.addAll(t.serverDatagrams);
    // stable: the inserted packets stay right after the data packet they follow
    out.sort(java.util.Comparator.comparingLong(UdpDatagram::timestampMicros));
    return out;
  }

  private static List<byte[]> garbage(SrtTrace t) {
    Random r = new Random(SEED);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < GARBAGE; i++) {
      byte[] b = new byte[16 + 4 * (1 + r.nextInt(16))];
      r.nextBytes(b);
      int type = 0x0100 + r.nextInt(0x7FFF - 0x0100);
      b[0] = (byte) (0x80 | type >>> 8);
      b[1] = (byte) type;
      SrtAdaptation.putInt(b, 12, listener(t));
      out.add(b);
    }
    return out;
  }

  private static int listener(SrtTrace t) {
    if (t.capturedSocketId == null) {
      throw new IllegalArgumentException("the capture holds no conclusion answer of the listener");
    }
    return t.capturedSocketId;
  }
}
