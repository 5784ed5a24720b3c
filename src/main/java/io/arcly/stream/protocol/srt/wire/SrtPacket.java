package io.arcly.stream.protocol.srt.wire;

/**
 * One SRT packet: data or control (draft-sharabayko-srt 3). {@link #decode} reads a datagram with
 * the limits documented there.
 */
public sealed interface SrtPacket permits DataPacket, ControlPacket {
  /** The size of every packet's header. */
  int HEADER = 16;

  /** The largest datagram accepted: an Ethernet MTU without IP and UDP headers, with room. */
  int MAX_DATAGRAM = 1500;

  /** The destination socket id. */
  int destination();

  /**
   * Decodes a datagram. Limits: 16 to {@value #MAX_DATAGRAM} bytes; control packets as their types
   * allow (see {@link ControlPacket}).
   *
   * @throws SrtWireException when the datagram is not a well-formed packet
   */
  static SrtPacket decode(byte[] d, int off, int len) {
    if (len < HEADER) {
      throw new SrtWireException("packet shorter than its header");
    }
    if (len > MAX_DATAGRAM) {
      throw new SrtWireException("packet larger than " + MAX_DATAGRAM + " bytes");
    }
    return (d[off] & 0x80) == 0
        ? DataPacket.decode(d, off, len)
        : ControlPacket.decode(d, off, len);
  }

  /** The destination socket id of a datagram of at least 16 bytes, without decoding it. */
  static int destinationOf(byte[] d) {
    return Bytes.getInt(d, 12);
  }

  /** Whether a datagram is a control packet. */
  static boolean isControl(byte[] d) {
    return d.length > 0 && (d[0] & 0x80) != 0;
  }
}
