package io.arcly.stream.format.mpegts;

import java.util.ArrayList;
import java.util.List;

/**
 * The program specific information the demuxer reads: the program association section (ISO/IEC
 * 13818-1 2.4.4.3) and the TS program map section (2.4.4.8), with the descriptors of 2.6 that tell
 * private streams apart (registration descriptor 2.6.8, and the Opus extension descriptor).
 *
 * <p>Both parsers take a complete section whose CRC has been checked and return null for a section
 * that is not of their table, not current, or malformed.
 */
final class Psi {
  /** The format_identifier of Opus in a registration descriptor: {@code 'Opus'}. */
  static final int OPUS = 0x4F707573;

  private Psi() {}

  /** The program a PAT lists first (program_number 0, the network PID, is skipped). */
  record Program(int number, int pmtPid) {}

  /**
   * One elementary stream of a PMT.
   *
   * @param pid the elementary_PID
   * @param type the stream_type (Table 2-34)
   * @param registration the format_identifier of its registration descriptor, or 0
   * @param opusChannels the channel_config_code of its Opus extension descriptor, or -1
   */
  record Stream(int pid, int type, int registration, int opusChannels) {}

  /** A program map section. */
  record Pmt(int program, int version, int pcrPid, List<Stream> streams) {}

  /** The first program of a PAT section, or null. */
  static Program firstProgram(byte[] s, int len) {
    if (!header(s, len, 0x00)) {
      return null;
    }
    for (int p = 8; p + 4 <= len - 4; p += 4) {
      int number = ((s[p] & 0xFF) << 8) | (s[p + 1] & 0xFF);
      int pid = ((s[p + 2] & 0x1F) << 8) | (s[p + 3] & 0xFF);
      if (number != 0) {
        return new Program(number, pid);
      }
    }
    return null;
  }

  /** A PMT section, or null; at most {@code maxStreams} streams are read. */
  static Pmt pmt(byte[] s, int len, int maxStreams) {
    if (!header(s, len, 0x02) || len < 16) {
      return null;
    }
    int program = ((s[3] & 0xFF) << 8) | (s[4] & 0xFF);
    int version = (s[5] >>> 1) & 0x1F;
    int pcrPid = ((s[8] & 0x1F) << 8) | (s[9] & 0xFF);
    int infoLength = ((s[10] & 0x0F) << 8) | (s[11] & 0xFF);
    int end = len - 4; // before the CRC
    int p = 12 + infoLength;
    if (p > end) {
      return null;
    }
    List<Stream> streams = new ArrayList<>();
    while (p + 5 <= end) {
      int type = s[p] & 0xFF;
      int pid = ((s[p + 1] & 0x1F) << 8) | (s[p + 2] & 0xFF);
      int esInfo = ((s[p + 3] & 0x0F) << 8) | (s[p + 4] & 0xFF);
      int d = p + 5;
      p = d + esInfo;
      if (p > end) {
        return null;
      }
      int registration = 0;
      int opusChannels = -1;
      while (d + 2 <= p) {
        int tag = s[d] & 0xFF;
        int dl = s[d + 1] & 0xFF;
        int body = d + 2;
        if (body + dl > p) {
          return null;
        }
        if (tag == 0x05 && dl >= 4) { // registration_descriptor
          registration =
              ((s[body] & 0xFF) << 24)
                  | ((s[body + 1] & 0xFF) << 16)
                  | ((s[body + 2] & 0xFF) << 8)
                  | (s[body + 3] & 0xFF);
        } else if (tag == 0x7F && dl >= 2 && (s[body] & 0xFF) == 0x80) {
          opusChannels = s[body + 1] & 0xFF; // extension descriptor, Opus audio descriptor
        }
        d = body + dl;
      }
      if (streams.size() < maxStreams) {
        streams.add(new Stream(pid, type, registration, opusChannels));
      }
    }
    return new Pmt(program, version, pcrPid, List.copyOf(streams));
  }

  /**
   * Checks the long section header: table_id, section_syntax_indicator, current_next_indicator set.
   */
  private static boolean header(byte[] s, int len, int tableId) {
    return len >= 12 && (s[0] & 0xFF) == tableId && (s[1] & 0x80) != 0 && (s[5] & 0x01) != 0;
  }
}
