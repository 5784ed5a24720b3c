package io.arcly.stream.protocol.srt.wire;

import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * An SRT control packet (draft-sharabayko-srt 3.2): the header's timestamp and destination, and the
 * body by type.
 *
 * <pre>
 * |1|   control type (15)   |        subtype (16)           |
 * |                  type-specific information              |
 * |                        timestamp                        |
 * |                  destination socket id                  |
 * |              control information field (CIF)            ...
 * </pre>
 *
 * <p>Limits: an ACK has 1, 4 or at least 7 CIF words (extra words are ignored); a NAK at most
 * {@value #MAX_LOSS_WORDS} words, each range in order; a handshake as {@link Handshake} says;
 * unknown types are decoded as {@link Control.Unknown}.
 *
 * @param timestamp microseconds since the sender's connection started (wrapping)
 * @param destination the receiver's socket id (0 in a caller's first handshake)
 * @param body the control information
 */
public record ControlPacket(int timestamp, int destination, Control body) implements SrtPacket {
  static final int HANDSHAKE = 0;
  static final int KEEPALIVE = 1;
  static final int ACK = 2;
  static final int NAK = 3;
  static final int SHUTDOWN = 5;
  static final int ACKACK = 6;
  static final int DROPREQ = 7;
  static final int USER = 0x7FFF;
  static final int KMREQ = 3;
  static final int KMRSP = 4;
  static final int MAX_LOSS_WORDS = 360;

  static ControlPacket decode(byte[] d, int off, int len) {
    int type = Bytes.getShort(d, off) & 0x7FFF;
    int subtype = Bytes.getShort(d, off + 2);
    int info = Bytes.getInt(d, off + 4);
    int ts = Bytes.getInt(d, off + 8);
    int dest = Bytes.getInt(d, off + 12);
    int at = off + HEADER;
    int cif = len - HEADER;
    Control body =
        switch (type) {
          case HANDSHAKE -> Handshake.decode(d, at, cif);
          case KEEPALIVE -> new Control.KeepAlive();
          case ACK -> ack(info, d, at, cif);
          case NAK -> nak(d, at, cif);
          case SHUTDOWN -> new Control.Shutdown();
          case ACKACK -> new Control.AckAck(info);
          case DROPREQ -> {
            if (cif < 8) {
              throw new SrtWireException("drop request shorter than 8 bytes");
            }
            yield new Control.DropRequest(
                info & DataPacket.MAX_MESSAGE,
                Bytes.getInt(d, at) & SeqNo.MAX,
                Bytes.getInt(d, at + 4) & SeqNo.MAX);
          }
          case USER ->
              subtype == KMREQ || subtype == KMRSP
                  ? new Control.KeyMaterial(
                      subtype == KMRSP,
                      Payload.copyOf(java.util.Arrays.copyOfRange(d, at, at + cif)))
                  : new Control.Unknown(type, subtype);
          default -> new Control.Unknown(type, subtype);
        };
    return new ControlPacket(ts, dest, body);
  }

  private static Control.Ack ack(int number, byte[] d, int at, int cif) {
    int words = cif / 4;
    if (words < 1 || words > 1 && words < 4) {
      throw new SrtWireException("ack with " + cif + " bytes of information");
    }
    int[] w = new int[7];
    int n = Math.min(words, 7);
    for (int i = 0; i < n; i++) {
      w[i] = Bytes.getInt(d, at + 4 * i);
    }
    return new Control.Ack(
        words == 1 ? 0 : number, w[0] & SeqNo.MAX, w[1], w[2], w[3], w[4], w[5], w[6], n);
  }

  private static Control.Nak nak(byte[] d, int at, int cif) {
    int words = cif / 4;
    if (words < 1) {
      throw new SrtWireException("nak without a loss list");
    }
    if (words > MAX_LOSS_WORDS) {
      throw new SrtWireException("nak with more than " + MAX_LOSS_WORDS + " words");
    }
    List<Control.Range> lost = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      int w = Bytes.getInt(d, at + 4 * i);
      if ((w & 0x8000_0000) != 0) {
        if (++i >= words) {
          throw new SrtWireException("nak range without its end");
        }
        int from = w & SeqNo.MAX;
        int to = Bytes.getInt(d, at + 4 * i) & SeqNo.MAX;
        if (SeqNo.diff(from, to) < 0) {
          throw new SrtWireException("nak range that ends before it starts");
        }
        lost.add(new Control.Range(from, to));
      } else {
        lost.add(new Control.Range(w, w));
      }
    }
    return new Control.Nak(lost);
  }

  /** The packet as a datagram. */
  public byte[] encode() {
    int type;
    int subtype = 0;
    int info = 0;
    byte[] out;
    switch (body) {
      case Handshake h -> {
        type = HANDSHAKE;
        out = new byte[HEADER + h.encodedLength()];
        h.encode(out, HEADER);
      }
      case Control.KeepAlive k -> {
        type = KEEPALIVE;
        out = new byte[HEADER + 4];
      }
      case Control.Ack a -> {
        type = ACK;
        info = a.ackNumber();
        out = new byte[HEADER + 4 * a.words()];
        int[] w = {
          a.lastAcked(), a.rtt(), a.rttVar(), a.buffer(), a.packetRate(), a.capacity(), a.byteRate()
        };
        for (int i = 0; i < a.words(); i++) {
          Bytes.putInt(out, HEADER + 4 * i, w[i]);
        }
      }
      case Control.Nak n -> {
        type = NAK;
        int words = 0;
        for (Control.Range r : n.lost()) {
          words += r.from() == r.to() ? 1 : 2;
        }
        out = new byte[HEADER + 4 * words];
        int at = HEADER;
        for (Control.Range r : n.lost()) {
          if (r.from() == r.to()) {
            Bytes.putInt(out, at, r.from());
            at += 4;
          } else {
            Bytes.putInt(out, at, r.from() | 0x8000_0000);
            Bytes.putInt(out, at + 4, r.to());
            at += 8;
          }
        }
      }
      case Control.Shutdown s -> {
        type = SHUTDOWN;
        out = new byte[HEADER + 4];
      }
      case Control.AckAck a -> {
        type = ACKACK;
        info = a.ackNumber();
        out = new byte[HEADER + 4];
      }
      case Control.DropRequest r -> {
        type = DROPREQ;
        info = r.messageNumber();
        out = new byte[HEADER + 8];
        Bytes.putInt(out, HEADER, r.first());
        Bytes.putInt(out, HEADER + 4, r.last());
      }
      case Control.KeyMaterial k -> {
        type = USER;
        subtype = k.response() ? KMRSP : KMREQ;
        out = new byte[HEADER + k.km().length()];
        k.km().copyTo(out, HEADER);
      }
      case Control.Unknown u -> {
        type = u.type();
        subtype = u.subtype();
        out = new byte[HEADER];
      }
    }
    Bytes.putShort(out, 0, 0x8000 | type);
    Bytes.putShort(out, 2, subtype);
    Bytes.putInt(out, 4, info);
    Bytes.putInt(out, 8, timestamp);
    Bytes.putInt(out, 12, destination);
    return out;
  }
}
