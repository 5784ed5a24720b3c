package io.arcly.stream.conformance.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Test-only writer of pcapng files, block by block. */
final class PcapngWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean bigEndian;

  /** Starts a file with a section header block in the given byte order. */
  PcapngWriter(boolean bigEndian) {
    this.bigEndian = bigEndian;
    ByteBuffer body = PcapWriter.buffer(16, bigEndian);
    body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
    block(0x0A0D0D0A, body.array());
  }

  /** Adds an interface description block; {@code tsresol} below 0 means no if_tsresol option. */
  PcapngWriter idb(int linkType, int tsresol) {
    ByteBuffer body = PcapWriter.buffer(tsresol >= 0 ? 20 : 8, bigEndian);
    body.putShort((short) linkType).putShort((short) 0).putInt(0);
    if (tsresol >= 0) {
      body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
      body.putInt(0); // opt_endofopt
    }
    return block(1, body.array());
  }

  /** Adds an enhanced packet block with a raw timestamp in the interface's units. */
  PcapngWriter epb(int interfaceId, long timestamp, byte[] frame) {
    ByteBuffer body = PcapWriter.buffer(20 + pad(frame.length), bigEndian);
    body.putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp);
    body.putInt(frame.length).putInt(frame.length).put(frame);
    return block(6, body.array());
  }

  /** Adds a simple packet block (interface 0, no timestamp). */
  PcapngWriter spb(byte[] frame) {
    ByteBuffer body = PcapWriter.buffer(4 + pad(frame.length), bigEndian);
    body.putInt(frame.length).put(frame);
    return block(3, body.array());
  }

  /** Adds a block of any type with the given body (padded). */
  PcapngWriter block(int type, byte[] body) {
    int len = 12 + pad(body.length);
    ByteBuffer b = PcapWriter.buffer(len, bigEndian);
    b.putInt(type).putInt(len).put(body);
    b.position(len - 4);
    b.putInt(len);
    out.writeBytes(b.array());
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static int pad(int n) {
    return (n + 3) & ~3;
  }
}
