package io.arcly.stream.format.mpegts;

import java.util.Arrays;

/**
 * Transport packet building blocks (ISO/IEC 13818-1 2.4.3 and 2.4.4): a growable output buffer that
 * cuts PES packets and PSI sections into 188-byte transport packets, and the PES header and
 * timestamp encodings.
 */
final class TsPackets {
  /** The size of a transport packet. */
  static final int PACKET_SIZE = 188;

  /** The sync byte that starts every transport packet. */
  static final int SYNC = 0x47;

  /** The largest value of a 33-bit PTS, DTS or PCR base, plus one. */
  static final long WRAP_33 = 1L << 33;

  private byte[] buf = new byte[PACKET_SIZE * 16];
  private int size;

  /** The packets written so far. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** The number of bytes written so far. */
  int size() {
    return size;
  }

  private int reserve(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
    int at = size;
    size += n;
    return at;
  }

  /**
   * Cuts {@code data[0..len)} (a PES packet or a pointer field plus PSI section) into transport
   * packets on {@code pid}, setting payload_unit_start_indicator on the first one.
   *
   * <p>The first packet gets an adaptation field when {@code withPcr} ({@code pcr} in 27 MHz units)
   * or {@code randomAccess} is set; the last packet is filled with adaptation-field stuffing when
   * the data does not fill it. PSI sections pass {@code stuffWithFf} to pad the last packet's
   * payload with 0xFF bytes instead, as 2.4.4 allows for sections (never for PES).
   *
   * @param counter the continuity counter of the pid, advanced in place ({@code counter[0]})
   */
  void packetize(
      int pid,
      int[] counter,
      byte[] data,
      int len,
      boolean withPcr,
      long pcr,
      boolean randomAccess,
      boolean stuffWithFf) {
    int pos = 0;
    boolean first = true;
    do {
      int at = reserve(PACKET_SIZE);
      int remaining = len - pos;
      int afBody = 0; // adaptation field bytes after adaptation_field_length
      boolean flags = first && (withPcr || randomAccess);
      if (flags) {
        afBody = 1 + (withPcr ? 6 : 0);
      }
      int afTotal = afBody == 0 ? 0 : 1 + afBody;
      int room = PACKET_SIZE - 4 - afTotal;
      int take = Math.min(room, remaining);
      if (take < room && !stuffWithFf) {
        afTotal = PACKET_SIZE - 4 - take; // 1 (length byte only) or more
        afBody = afTotal - 1;
      }
      int cc = counter[0];
      counter[0] = (cc + 1) & 0xF;
      buf[at] = (byte) SYNC;
      buf[at + 1] = (byte) ((first ? 0x40 : 0) | (pid >>> 8) & 0x1F);
      buf[at + 2] = (byte) pid;
      buf[at + 3] = (byte) ((afTotal > 0 ? 0x30 : 0x10) | cc);
      int p = at + 4;
      if (afTotal > 0) {
        buf[p++] = (byte) afBody;
        if (afBody > 0) {
          int flagByte = 0;
          if (first && randomAccess) {
            flagByte |= 0x40;
          }
          if (first && withPcr) {
            flagByte |= 0x10;
          }
          buf[p++] = (byte) flagByte;
          if (first && withPcr) {
            p = writePcr(buf, p, pcr);
          }
          int end = at + 4 + afTotal;
          Arrays.fill(buf, p, end, (byte) 0xFF);
          p = end;
        }
      }
      System.arraycopy(data, pos, buf, p, take);
      p += take;
      pos += take;
      Arrays.fill(buf, p, at + PACKET_SIZE, (byte) 0xFF); // only sections get here with room
      first = false;
    } while (pos < len);
  }

  /**
   * Writes the 6-byte program_clock_reference of 2.4.3.5 for a 27 MHz value: 33-bit base (value /
   * 300, wrapped), 6 reserved bits set, 9-bit extension (value % 300); returns the next offset.
   */
  static int writePcr(byte[] b, int p, long pcr27) {
    long base = Math.floorMod(Math.floorDiv(pcr27, 300L), WRAP_33);
    int ext = (int) Math.floorMod(pcr27, 300L);
    b[p] = (byte) (base >>> 25);
    b[p + 1] = (byte) (base >>> 17);
    b[p + 2] = (byte) (base >>> 9);
    b[p + 3] = (byte) (base >>> 1);
    b[p + 4] = (byte) (((base & 1) << 7) | 0x7E | (ext >>> 8));
    b[p + 5] = (byte) ext;
    return p + 6;
  }

  /**
   * Writes a 5-byte PTS or DTS field of 2.4.3.7: the 4-bit {@code prefix} ('0010' PTS alone, '0011'
   * PTS followed by DTS, '0001' DTS), the 33-bit value (wrapped) in 3 / 15 / 15 bit parts each
   * followed by a marker bit; returns the next offset.
   */
  static int writeTimestamp(byte[] b, int p, int prefix, long ts90) {
    long t = Math.floorMod(ts90, WRAP_33);
    b[p] = (byte) ((prefix << 4) | ((t >>> 29) & 0x0E) | 1);
    b[p + 1] = (byte) (t >>> 22);
    b[p + 2] = (byte) (((t >>> 14) & 0xFE) | 1);
    b[p + 3] = (byte) (t >>> 7);
    b[p + 4] = (byte) (((t << 1) & 0xFE) | 1);
    return p + 5;
  }

  /**
   * The size of a PES header (2.4.3.6) with a PTS and, when {@code withDts}, a DTS: 9 fixed bytes
   * plus 5 or 10.
   */
  static int pesHeaderSize(boolean withDts) {
    return 9 + (withDts ? 10 : 5);
  }

  /**
   * Writes a PES header at {@code b[0]} for {@code payloadLength} bytes of elementary stream data
   * and returns its size: packet_start_code_prefix, {@code streamId}, PES_packet_length (0 when
   * {@code unbounded}, as video may use), '10' marker with data_alignment_indicator set,
   * PTS_DTS_flags ('10' PTS only, '11' when {@code dts != pts}), PES_header_data_length and the
   * timestamps (90 kHz).
   */
  static int writePesHeader(
      byte[] b, int streamId, long pts90, long dts90, int payloadLength, boolean unbounded) {
    boolean withDts = Math.floorMod(pts90, WRAP_33) != Math.floorMod(dts90, WRAP_33);
    int headerData = withDts ? 10 : 5;
    int packetLength = unbounded ? 0 : 3 + headerData + payloadLength;
    if (packetLength > 0xFFFF) {
      packetLength = 0; // only allowed for video; audio frames never get this large
    }
    b[0] = 0;
    b[1] = 0;
    b[2] = 1;
    b[3] = (byte) streamId;
    b[4] = (byte) (packetLength >>> 8);
    b[5] = (byte) packetLength;
    b[6] = (byte) 0x84; // '10', not scrambled, no priority, data_alignment_indicator, no copyright
    b[7] = (byte) (withDts ? 0xC0 : 0x80); // PTS_DTS_flags, no other optional fields
    b[8] = (byte) headerData;
    int p = writeTimestamp(b, 9, withDts ? 0b0011 : 0b0010, pts90);
    if (withDts) {
      p = writeTimestamp(b, p, 0b0001, dts90);
    }
    return p;
  }
}
