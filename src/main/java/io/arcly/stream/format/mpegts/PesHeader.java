package io.arcly.stream.format.mpegts;

/**
 * The header of a PES packet, ISO/IEC 13818-1 2.4.3.6 and 2.4.3.7.
 *
 * <pre>
 * 00 00 01          packet_start_code_prefix
 * sid               stream_id
 * LL LL             PES_packet_length (0: unbounded, video only)
 * 10ss pdca         marker, scrambling control, priority, data_alignment, copyright, original
 * PD eeeeee         PTS_DTS_flags, other flags
 * hl                PES_header_data_length
 * [PTS 5] [DTS 5] ...
 * </pre>
 *
 * @param payloadOffset where the elementary stream data starts, from the start of the PES packet
 * @param pts the 33-bit PTS, or {@link #NONE}
 * @param dts the 33-bit DTS ({@code pts} when absent), or {@link #NONE}
 */
record PesHeader(int payloadOffset, long pts, long dts) {
  /** No timestamp. */
  static final long NONE = Long.MIN_VALUE;

  /**
   * Parses the header at {@code b[off]}, {@code len} bytes of PES packet; null when it is
   * malformed, scrambled or of a stream_id without the optional header (padding, private_stream_2,
   * ECM, ...).
   */
  static PesHeader parse(byte[] b, int off, int len) {
    if (len < 9 || b[off] != 0 || b[off + 1] != 0 || b[off + 2] != 1) {
      return null;
    }
    int sid = b[off + 3] & 0xFF;
    if (sid == 0xBC
        || sid == 0xBE
        || sid == 0xBF
        || sid == 0xF0
        || sid == 0xF1
        || sid == 0xFF
        || sid == 0xF2
        || sid == 0xF8) {
      return null;
    }
    int flags1 = b[off + 6] & 0xFF;
    if ((flags1 & 0xC0) != 0x80 || (flags1 & 0x30) != 0) {
      return null; // no '10' marker, or scrambled
    }
    int ptsDts = (b[off + 7] & 0xFF) >>> 6;
    int headerLength = b[off + 8] & 0xFF;
    int payload = 9 + headerLength;
    if (payload > len || ptsDts == 1) {
      return null;
    }
    long pts = NONE;
    long dts = NONE;
    if (ptsDts >= 2) {
      if (headerLength < 5) {
        return null;
      }
      pts = timestamp(b, off + 9);
      dts = pts;
      if (ptsDts == 3) {
        if (headerLength < 10) {
          return null;
        }
        dts = timestamp(b, off + 14);
      }
    }
    return new PesHeader(payload, pts, dts);
  }

  /** A 5-byte PTS or DTS field: 3, 15 and 15 bits each followed by a marker bit. */
  static long timestamp(byte[] b, int p) {
    return ((long) (b[p] & 0x0E) << 29)
        | ((long) (b[p + 1] & 0xFF) << 22)
        | ((long) (b[p + 2] & 0xFE) << 14)
        | ((long) (b[p + 3] & 0xFF) << 7)
        | ((b[p + 4] & 0xFF) >>> 1);
  }
}
