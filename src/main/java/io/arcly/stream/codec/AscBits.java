package io.arcly.stream.codec;

import java.io.ByteArrayOutputStream;

/**
 * Reads an AudioSpecificConfig that is not byte aligned (inside a LATM StreamMuxConfig) and returns
 * its bits as a byte-aligned array (zero bits pad the last byte), which is a valid
 * AudioSpecificConfig on its own (ISO/IEC 14496-3 1.6.2.1).
 *
 * <p>Object types with a GASpecificConfig (AAC Main, LC, SSR, LTP, scalable, TwinVQ and their ER
 * versions) and explicit SBR / PS signalling; a program config element (channel configuration 0)
 * and the other object types are not supported.
 */
final class AscBits {
  private final byte[] src;
  private final int off;
  private final int len;
  private final BitReader r;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int acc;
  private int bits;

  private AscBits(byte[] src, int off, int len, BitReader r) {
    this.src = src;
    this.off = off;
    this.len = len;
    this.r = r;
  }

  /**
   * Reads the AudioSpecificConfig at the position of {@code r}, a reader over the whole of {@code
   * src}'s {@code len} bytes from {@code off}.
   */
  static byte[] read(byte[] src, int off, int len, BitReader r) {
    AscBits a = new AscBits(src, off, len, r);
    a.config();
    return a.bytes();
  }

  private int take(int n) {
    int v = r.u(n);
    for (int i = n - 1; i >= 0; i--) {
      acc = (acc << 1) | ((v >>> i) & 1);
      if (++bits == 8) {
        out.write(acc);
        acc = 0;
        bits = 0;
      }
    }
    return v;
  }

  private byte[] bytes() {
    if (bits > 0) {
      out.write(acc << (8 - bits));
    }
    return out.toByteArray();
  }

  private int objectType() {
    int aot = take(5);
    return aot == 31 ? 32 + take(6) : aot;
  }

  private void frequency() {
    if (take(4) == 15) {
      take(24);
    }
  }

  private void config() {
    int aot = objectType();
    frequency();
    int channelConfig = take(4);
    if (aot == 5 || aot == 29) {
      frequency();
      aot = objectType();
      if (aot == 22) {
        take(4);
      }
    }
    switch (aot) {
      case 1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23 -> gaSpecific(aot, channelConfig);
      default -> throw new CodecException("latm audio object type not supported");
    }
    if (aot >= 17 && aot <= 27 || aot == 39) {
      if (take(2) >= 2) {
        throw new CodecException("latm error protection config not supported");
      }
    } else if (aot != 5 && aot != 29 && peek(11) == 0x2B7) {
      // backward compatible SBR / PS signalling (1.6.5.2), as ffmpeg's encoder writes it
      take(11);
      if (objectType() == 5 && take(1) == 1) {
        frequency();
        if (peek(11) == 0x548) {
          take(12); // syncExtensionType, psPresentFlag
        }
      }
    }
  }

  /** The next {@code n} bits without reading them, or -1 when fewer are left. */
  private int peek(int n) {
    if (r.bitsLeft() < n) {
      return -1;
    }
    BitReader p = new BitReader(src, off, len, "latm audio specific config");
    p.skip(r.position());
    return p.u(n);
  }

  private void gaSpecific(int aot, int channelConfig) {
    take(1); // frameLengthFlag
    if (take(1) == 1) { // dependsOnCoreCoder
      take(14);
    }
    int extension = take(1);
    if (channelConfig == 0) {
      throw new CodecException("latm program config element not supported");
    }
    if (aot == 6 || aot == 20) {
      take(3); // layerNr
    }
    if (extension == 1) {
      if (aot == 22) {
        take(16); // numOfSubFrame, layer_length
      }
      if (aot == 17 || aot == 19 || aot == 20 || aot == 23) {
        take(3); // resilience flags
      }
      take(1); // extensionFlag3
    }
  }
}
