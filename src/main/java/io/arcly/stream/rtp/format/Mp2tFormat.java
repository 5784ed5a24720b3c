package io.arcly.stream.rtp.format;

import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.function.Consumer;

/**
 * MPEG-2 transport streams over RTP, RFC 2250 2: each payload is whole 188-byte TS packets, each
 * starting with the sync byte {@code 0x47}; the clock is 90 kHz. Receiving hands the TS bytes on (a
 * TS demuxer reads them); sending groups up to seven TS packets per RTP packet (1316 bytes).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2250#section-2">RFC 2250 2</a>
 */
public final class Mp2tFormat {
  /** The size of a TS packet. */
  public static final int TS_PACKET = 188;

  /** TS packets per RTP packet when sending. */
  public static final int PACKETS_PER_PAYLOAD = 7;

  /** The RTP clock rate. */
  public static final int CLOCK_RATE = 90_000;

  private long dropped;

  /**
   * Hands the TS packets of an RTP packet to {@code out} as one payload sharing the packet's bytes.
   *
   * @throws RtpException when the payload is not whole TS packets with sync bytes
   */
  public void push(RtpPacket packet, Consumer<Payload> out) {
    Payload p = packet.payload();
    int n = p.length();
    if (n == 0 || n % TS_PACKET != 0) {
      dropped++;
      throw new RtpException("mp2t payload not whole ts packets");
    }
    for (int i = 0; i < n; i += TS_PACKET) {
      if (p.get(i) != 0x47) {
        dropped++;
        throw new RtpException("mp2t ts packet without sync byte");
      }
    }
    out.accept(p);
  }

  /** RTP packets dropped as malformed. */
  public long dropped() {
    return dropped;
  }

  /**
   * Splits a run of whole TS packets into RTP payloads of up to seven packets.
   *
   * @throws IllegalArgumentException when {@code ts} is not whole TS packets
   */
  public static void packetize(Payload ts, Consumer<Payload> out) {
    int n = ts.length();
    if (n % TS_PACKET != 0) {
      throw new IllegalArgumentException("not whole ts packets: " + n + " bytes");
    }
    int step = TS_PACKET * PACKETS_PER_PAYLOAD;
    for (int i = 0; i < n; i += step) {
      out.accept(ts.slice(i, Math.min(n, i + step)));
    }
  }
}
