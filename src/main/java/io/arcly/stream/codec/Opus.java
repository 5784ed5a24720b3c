package io.arcly.stream.codec;

/**
 * Opus identification headers and packet durations: the OpusHead of RFC 7845 5.1 that {@link
 * io.arcly.stream.media.Frame} configuration frames carry, and the duration a packet's TOC byte
 * announces (RFC 6716 3.1).
 */
public final class Opus {
  /** The size of an OpusHead without a channel mapping table. */
  public static final int HEAD_SIZE = 19;

  /** The Opus clock: every duration is counted at 48 kHz. */
  public static final int RATE = 48_000;

  // Vorbis channel order (RFC 7845 5.1.1.2) for 1 to 8 channels: streams, coupled streams, mapping
  private static final int[] STREAMS = {1, 1, 2, 2, 3, 4, 4, 5};
  private static final int[] COUPLED = {0, 1, 1, 2, 2, 2, 3, 3};
  private static final int[][] MAPPING = {
    {0},
    {0, 1},
    {0, 2, 1},
    {0, 1, 2, 3},
    {0, 4, 1, 2, 3},
    {0, 4, 1, 2, 3, 5},
    {0, 4, 1, 2, 3, 5, 6},
    {0, 6, 1, 2, 3, 4, 5, 7},
  };

  private Opus() {}

  /**
   * An OpusHead, RFC 7845 5.1: version 1, no pre-skip, 48 kHz input, no gain; mapping family 0 for
   * 1 or 2 channels, family 1 (Vorbis order) with its mapping table for 3 to 8.
   *
   * @throws IllegalArgumentException when {@code channels} is not 1 to 8
   */
  public static byte[] head(int channels) {
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("opus channels must be 1 to 8: " + channels);
    }
    if (channels <= 2) {
      return head(channels, 0, null);
    }
    int i = channels - 1;
    return head(channels, 1, table(STREAMS[i], COUPLED[i], MAPPING[i]));
  }

  /**
   * An OpusHead for two uncoupled mono streams (mapping family 255, RFC 7845 5.1.1.4), as MPEG-TS
   * signals dual mono.
   */
  public static byte[] dualMonoHead() {
    return head(2, 255, table(2, 0, new int[] {0, 1}));
  }

  private static byte[] table(int streams, int coupled, int[] mapping) {
    byte[] t = new byte[2 + mapping.length];
    t[0] = (byte) streams;
    t[1] = (byte) coupled;
    for (int i = 0; i < mapping.length; i++) {
      t[2 + i] = (byte) mapping[i];
    }
    return t;
  }

  private static byte[] head(int channels, int family, byte[] table) {
    byte[] h = new byte[HEAD_SIZE + (table == null ? 0 : table.length)];
    byte[] magic = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
    System.arraycopy(magic, 0, h, 0, 8);
    h[8] = 1; // version
    h[9] = (byte) channels;
    h[12] = (byte) RATE; // input sample rate, little-endian
    h[13] = (byte) (RATE >>> 8);
    h[14] = (byte) (RATE >>> 16);
    h[15] = (byte) (RATE >>> 24);
    h[18] = (byte) family;
    if (table != null) {
      System.arraycopy(table, 0, h, HEAD_SIZE, table.length);
    }
    return h;
  }

  /**
   * The duration in 48 kHz samples of the Opus packet in {@code len} bytes of {@code b} from {@code
   * off}: the frame size of its TOC configuration times its frame count (RFC 6716 3.1, 3.2.5).
   *
   * @throws CodecException when the packet is empty, or a code 3 packet has no frame count byte or
   *     announces more than 120 ms
   */
  public static int packetSamples(byte[] b, int off, int len) {
    if (len < 1) {
      throw new CodecException("opus packet empty");
    }
    int toc = b[off] & 0xFF;
    int config = toc >>> 3;
    int frame;
    if (config < 12) { // SILK: 10, 20, 40, 60 ms
      frame = new int[] {480, 960, 1920, 2880}[config & 3];
    } else if (config < 16) { // hybrid: 10, 20 ms
      frame = (config & 1) == 0 ? 480 : 960;
    } else { // CELT: 2.5, 5, 10, 20 ms
      frame = 120 << (config & 3);
    }
    int count =
        switch (toc & 3) {
          case 0 -> 1;
          case 1, 2 -> 2;
          default -> {
            if (len < 2) {
              throw new CodecException("opus packet frame count missing");
            }
            yield b[off + 1] & 0x3F;
          }
        };
    int samples = frame * count;
    if (samples > 5760) {
      throw new CodecException("opus packet longer than 120 ms");
    }
    return samples;
  }
}
