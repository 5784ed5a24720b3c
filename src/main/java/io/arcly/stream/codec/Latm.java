package io.arcly.stream.codec;

import io.arcly.stream.media.Payload;

/**
 * LATM, the Low-overhead MPEG-4 Audio Transport Multiplex of ISO/IEC 14496-3 1.7.3: the
 * StreamMuxConfig that describes the AAC stream and the AudioMuxElement that carries its frames, as
 * RTP (RFC 6416, {@code MP4A-LATM}) and MPEG-TS (LOAS, stream type 0x11) use them.
 *
 * <p>Supported: one program with one layer, audioMuxVersion 0 and 1, frameLengthType 0 (variable
 * length payloads), several subframes per element. Anything else is a {@link CodecException}.
 */
public final class Latm {
  /** The LOAS AudioSyncStream sync word (11 bits), ISO/IEC 14496-3 1.7.2. */
  public static final int LOAS_SYNC = 0x2B7;

  private Latm() {}

  /**
   * A StreamMuxConfig as far as a receiver needs it.
   *
   * @param asc the AudioSpecificConfig, byte aligned
   * @param subFrames the number of frames in each AudioMuxElement (numSubFrames + 1)
   */
  public record MuxConfig(Payload asc, int subFrames) {
    /** The parsed AudioSpecificConfig. */
    public Aac.AudioSpecificConfig audioConfig() {
      return Aac.parse(asc);
    }
  }

  /** Receives what one AudioMuxElement holds. */
  public interface Sink {
    /** A StreamMuxConfig read in band, before the frames it describes (also when unchanged). */
    void config(MuxConfig config);

    /** The frame of subframe {@code index}, in order. */
    void frame(int index, Payload frame);
  }

  /**
   * StreamMuxConfig(), ISO/IEC 14496-3 1.7.3.1, for one program and layer, read by {@code r} over
   * the whole of {@code b}. A {@code lenient} read (of RTP format parameters, where nothing
   * follows) takes a config that ends after the AudioSpecificConfig, as GStreamer's rtpmp4apay
   * writes it, as one with frameLengthType 0 and nothing else.
   *
   * @throws CodecException when the config is truncated or not supported
   */
  public static MuxConfig streamMuxConfig(byte[] b, BitReader r, boolean lenient) {
    return streamMuxConfig(b, 0, b.length, r, lenient);
  }

  private static MuxConfig streamMuxConfig(
      byte[] b, int off, int len, BitReader r, boolean lenient) {
    int version = r.u(1);
    int versionA = version == 1 ? r.u(1) : 0;
    if (versionA != 0) {
      throw new CodecException("latm audio mux version a not supported");
    }
    if (version == 1) {
      latmValue(r); // taraBufferFullness
    }
    r.skip(1); // allStreamsSameTimeFraming
    int subFrames = r.u(6) + 1;
    int programs = r.u(4);
    int layers = r.u(3);
    if (programs != 0 || layers != 0) {
      throw new CodecException("latm several programs or layers not supported");
    }
    byte[] asc;
    if (version == 0) {
      asc = AscBits.read(b, off, len, r);
    } else {
      long ascLen = latmValue(r);
      long start = r.position();
      asc = AscBits.read(b, off, len, r);
      long fill = ascLen - (r.position() - start);
      if (fill < 0) {
        throw new CodecException("latm audio specific config longer than announced");
      }
      r.skip(fill);
    }
    Aac.parse(asc, 0, asc.length);
    MuxConfig config = new MuxConfig(Payload.wrap(asc), subFrames);
    if (lenient && r.bitsLeft() < 11) {
      return config;
    }
    int frameLengthType = r.u(3);
    if (frameLengthType != 0) {
      throw new CodecException("latm frame length type not supported");
    }
    r.skip(8); // latmBufferFullness
    if (r.flag()) { // otherDataPresent
      if (version == 1) {
        latmValue(r);
      } else {
        boolean esc;
        do {
          esc = r.flag();
          r.skip(8);
        } while (esc);
      }
    }
    if (r.flag()) { // crcCheckPresent
      r.skip(8);
    }
    return config;
  }

  /**
   * Reads the AudioMuxElement in {@code len} bytes of {@code b} from {@code off} (1.7.3.1; with
   * {@code inBand}, muxConfigPresent 1: it may start with a StreamMuxConfig), handing its parts to
   * {@code out}, and returns the StreamMuxConfig in effect: the one it carried, else {@code
   * current}. Returns null without reading frames when there is none yet (the frames cannot be
   * described).
   *
   * <p>Frames that start on a byte boundary share {@code b}; others are copied.
   *
   * @throws CodecException when the element is truncated or its config not supported (frames before
   *     the problem have been handed out)
   */
  public static MuxConfig audioMuxElement(
      byte[] b, int off, int len, boolean inBand, MuxConfig current, Sink out) {
    BitReader r = new BitReader(b, off, len, "latm audio mux element");
    MuxConfig mux = current;
    if (inBand && !r.flag()) { // useSameStreamMux == 0
      mux = streamMuxConfig(b, off, len, r, false);
      out.config(mux);
    }
    if (mux == null) {
      return null;
    }
    for (int i = 0; i < mux.subFrames(); i++) {
      int size = 0;
      int tmp;
      do {
        tmp = r.u(8);
        size += tmp;
      } while (tmp == 255);
      if (!r.byteAligned()) {
        if (size > r.bitsLeft() / 8) {
          throw new CodecException("latm audio mux element truncated");
        }
        byte[] frame = new byte[size];
        for (int j = 0; j < size; j++) {
          frame[j] = (byte) r.u(8);
        }
        out.frame(i, Payload.wrap(frame));
      } else {
        int at = off + (int) (r.position() / 8);
        r.skip(8L * size);
        out.frame(i, Payload.wrap(b, at, size));
      }
    }
    return mux;
  }

  /** LatmGetValue(), ISO/IEC 14496-3 1.7.3.1. */
  private static long latmValue(BitReader r) {
    int bytes = r.u(2) + 1;
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | r.u(8);
    }
    return v;
  }
}
