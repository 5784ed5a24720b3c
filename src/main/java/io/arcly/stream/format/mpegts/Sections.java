package io.arcly.stream.format.mpegts;

import java.util.function.IntConsumer;

/**
 * Reassembles the PSI sections of one PID from transport packet payloads, ISO/IEC 13818-1 2.4.4:
 * the pointer_field of a packet that starts a section, sections spanning packets, several sections
 * in one packet, 0xFF stuffing after the last one.
 *
 * <p>Sections over {@link #MAX_SECTION} bytes, sections cut short by the next start or a lost
 * packet, and sections with a bad CRC-32 are dropped and reported as errors.
 */
final class Sections extends PidInput {
  /** The largest PAT or PMT section, header and CRC included (section_length at most 1021). */
  static final int MAX_SECTION = 1024;

  /** Receives a complete section whose CRC checked out. */
  interface Handler {
    void section(byte[] b, int len);
  }

  private final byte[] buf = new byte[MAX_SECTION];
  private int have;
  private int total = -1; // -1: no section being assembled; 0: its length is not known yet
  private final Handler handler;
  private final IntConsumer errors;

  /** An assembler handing sections to {@code handler} and counting errors with {@code errors}. */
  Sections(Handler handler, IntConsumer errors) {
    this.handler = handler;
    this.errors = errors;
  }

  /** Forgets the section being assembled (a packet was lost). */
  @Override
  void damage() {
    if (total >= 0) {
      errors.accept(1);
    }
    total = -1;
  }

  @Override
  void payload(byte[] b, int off, int len, boolean unitStart) {
    int end = off + len;
    int p = off;
    if (unitStart) {
      if (len < 1) {
        damage();
        return;
      }
      int pointer = b[p++] & 0xFF;
      if (pointer > end - p) {
        total = -1;
        errors.accept(1);
        return;
      }
      if (total >= 0) {
        append(b, p, pointer);
        if (total >= 0) {
          damage(); // the new section started before this one ended
        }
      }
      p += pointer;
      while (p < end && (b[p] & 0xFF) != 0xFF) {
        total = 0;
        have = 0;
        p += append(b, p, end - p);
        if (total >= 0) {
          return; // continues in the next packet
        }
      }
    } else if (total >= 0) {
      append(b, p, end - p);
    }
  }

  /** Appends up to {@code n} bytes to the section being built; returns how many it took. */
  private int append(byte[] b, int p, int n) {
    int taken = 0;
    if (total == 0) {
      int head = Math.min(n, 3 - have);
      System.arraycopy(b, p, buf, have, head);
      have += head;
      taken = head;
      if (have < 3) {
        return taken;
      }
      int sectionLength = ((buf[1] & 0x0F) << 8) | (buf[2] & 0xFF);
      total = 3 + sectionLength;
      if (total > MAX_SECTION || sectionLength < 9) {
        total = -1;
        errors.accept(1);
        return n; // the rest of the packet belongs to this section: skip it
      }
    }
    int more = Math.min(n - taken, total - have);
    System.arraycopy(b, p + taken, buf, have, more);
    have += more;
    taken += more;
    if (have == total) {
      int len = total;
      total = -1;
      if (Crc32Mpeg.compute(buf, 0, len) != 0) {
        errors.accept(1); // a section with its CRC appended checks to 0 (Annex A)
      } else {
        handler.section(buf, len);
      }
    }
    return taken;
  }
}
