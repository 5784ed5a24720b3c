package io.arcly.stream.format.mpegts;

/**
 * The CRC-32/MPEG-2 checksum of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7,
 * initial value 0xFFFFFFFF, bits not reflected, no final XOR.
 */
public final class Crc32Mpeg {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32Mpeg() {}

  /** The CRC of {@code len} bytes of {@code b} from {@code off}. */
  public static int compute(byte[] b, int off, int len) {
    int crc = 0xFFFFFFFF;
    for (int i = off; i < off + len; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
    }
    return crc;
  }
}
