package io.arcly.stream.protocol.srt.wire;

import io.arcly.stream.media.Payload;

/**
 * An SRT data packet (draft-sharabayko-srt 3.1): the header fields and the payload, which shares
 * the datagram's bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0|                    Packet Sequence Number                   |
 * |P P|O|K K|R|                   Message Number                  |
 * |                           Timestamp                           |
 * |                     Destination Socket ID                     |
 * |                              Data                             ...
 * </pre>
 *
 * @param seq the packet sequence number (31 bits)
 * @param position the PP bits: 2 first, 0 middle, 1 last, 3 a whole message in one packet
 * @param inOrder the O bit
 * @param keyFlags the KK bits: 0 clear, 1 even key, 2 odd key
 * @param retransmitted the R bit
 * @param messageNumber the message number (26 bits)
 * @param timestamp microseconds since the sender's connection started (32 bits, wrapping)
 * @param destination the receiver's socket id
 * @param payload the data
 */
public record DataPacket(
    int seq,
    int position,
    boolean inOrder,
    int keyFlags,
    boolean retransmitted,
    int messageNumber,
    int timestamp,
    int destination,
    Payload payload)
    implements SrtPacket {
  /** The size of the header before the data. */
  public static final int HEADER = 16;

  /** Position bits of a packet that is a whole message. */
  public static final int SOLO = 3;

  /** The largest message number. */
  public static final int MAX_MESSAGE = 0x03FF_FFFF;

  /** Puts the 16-byte header into {@code out} at its position. */
  public static void writeHeader(
      java.nio.ByteBuffer out,
      int seq,
      int position,
      boolean inOrder,
      int keyFlags,
      boolean retransmitted,
      int messageNumber,
      int timestamp,
      int destination) {
    out.putInt(seq & SeqNo.MAX);
    int word =
        (position & 3) << 30
            | (inOrder ? 1 << 29 : 0)
            | (keyFlags & 3) << 27
            | (retransmitted ? 1 << 26 : 0)
            | messageNumber & MAX_MESSAGE;
    out.putInt(word);
    out.putInt(timestamp);
    out.putInt(destination);
  }

  /** Decodes a data packet from a datagram whose first bit is 0. */
  static DataPacket decode(byte[] d, int off, int len) {
    int word = Bytes.getInt(d, off + 4);
    return new DataPacket(
        Bytes.getInt(d, off) & SeqNo.MAX,
        word >>> 30,
        (word & 1 << 29) != 0,
        word >>> 27 & 3,
        (word & 1 << 26) != 0,
        word & MAX_MESSAGE,
        Bytes.getInt(d, off + 8),
        Bytes.getInt(d, off + 12),
        Payload.wrap(d, off + HEADER, len - HEADER));
  }
}
