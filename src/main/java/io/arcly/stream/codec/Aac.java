package io.arcly.stream.codec;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.util.Objects;

/**
 * MPEG-4 audio (AAC) configuration: the AudioSpecificConfig of ISO/IEC 14496-3 1.6.2.1 and the ADTS
 * header of ISO/IEC 14496-3 1.A.2.2 (also ISO/IEC 13818-7 6.2).
 */
public final class Aac {
  /** AAC Main, ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_AAC_MAIN = 1;

  /** AAC LC, ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_AAC_LC = 2;

  /** AAC SSR, ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_AAC_SSR = 3;

  /** AAC LTP, ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_AAC_LTP = 4;

  /** SBR (HE-AAC), ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_SBR = 5;

  /** PS (HE-AAC v2), ISO/IEC 14496-3 Table 1.1. */
  public static final int AOT_PS = 29;

  /** The size of an ADTS header without CRC, ISO/IEC 14496-3 1.A.2.2. */
  public static final int ADTS_HEADER_SIZE = 7;

  private static final int[] RATES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  /** Output channels per channelConfiguration, ISO/IEC 14496-3 Table 1.19 (0: defined by PCE). */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};

  private Aac() {}

  /**
   * The sampling frequency of a samplingFrequencyIndex, ISO/IEC 14496-3 Table 1.18.
   *
   * @throws CodecException for the reserved indices 13 and 14 and the escape index 15
   */
  public static int sampleRate(int frequencyIndex) {
    if (frequencyIndex < 0 || frequencyIndex >= RATES.length) {
      throw new CodecException("aac sampling frequency index " + frequencyIndex + " has no rate");
    }
    return RATES[frequencyIndex];
  }

  /**
   * The samplingFrequencyIndex of a sampling frequency, ISO/IEC 14496-3 Table 1.18, or 15 (the
   * escape value: the rate is written out) when the table does not hold it.
   */
  public static int frequencyIndex(int sampleRate) {
    for (int i = 0; i < RATES.length; i++) {
      if (RATES[i] == sampleRate) {
        return i;
      }
    }
    return 15;
  }

  /**
   * An MPEG-4 AudioSpecificConfig, ISO/IEC 14496-3 1.6.2.1, as far as stream descriptions need it.
   *
   * <p>With explicit SBR / PS signalling (object type 5 or 29 first, 1.6.5.2), or backward
   * compatible signalling (an AAC LC config followed by the sync extension {@code 0x2b7} with the
   * SBR flag set), the record describes the HE-AAC stream: {@code objectType} is 5 (29 with PS),
   * {@code sampleRate} is the extension (output) sampling frequency, {@code frequencyIndex} and
   * {@code channelConfig} are those of the AAC core, and {@code channels} is 2 for PS over a mono
   * core. The core object type is then assumed to be AAC LC.
   *
   * @param objectType the audio object type, ISO/IEC 14496-3 Table 1.1 (2 AAC LC, 5 SBR, 29 PS)
   * @param sampleRate the output sampling frequency in Hz
   * @param frequencyIndex samplingFrequencyIndex of the (core) rate, 15 when written out
   * @param channels the output channel count, 0 when unknown
   * @param channelConfig channelConfiguration, 0 when a program config element defines channels
   */
  public record AudioSpecificConfig(
      int objectType, int sampleRate, int channels, int frequencyIndex, int channelConfig) {

    /** Validates the ranges of the fields. */
    public AudioSpecificConfig {
      if (objectType < 1 || objectType > 95) {
        throw new IllegalArgumentException("objectType must be 1 to 95: " + objectType);
      }
      if (sampleRate <= 0 || sampleRate >= (1 << 24)) {
        throw new IllegalArgumentException("sampleRate out of range: " + sampleRate);
      }
      if (channels < 0 || frequencyIndex < 0 || frequencyIndex > 15) {
        throw new IllegalArgumentException("channels or frequencyIndex out of range");
      }
      if (channelConfig < 0 || channelConfig > 15) {
        throw new IllegalArgumentException("channelConfig must be 0 to 15: " + channelConfig);
      }
    }

    /**
     * A configuration for a plain (non-SBR) stream, with the frequency index and channel count
     * derived from the rate and channel configuration, ISO/IEC 14496-3 Tables 1.18 and 1.19.
     */
    public static AudioSpecificConfig of(int objectType, int sampleRate, int channelConfig) {
      return new AudioSpecificConfig(
          objectType,
          sampleRate,
          CHANNELS[channelConfig & 15],
          Aac.frequencyIndex(sampleRate),
          channelConfig);
    }

    /** Whether SBR is signalled (HE-AAC, object type 5 or 29), ISO/IEC 14496-3 1.6.5. */
    public boolean sbr() {
      return objectType == AOT_SBR || objectType == AOT_PS;
    }

    /**
     * Whether parametric stereo is signalled (HE-AAC v2, object type 29), ISO/IEC 14496-3 1.6.5.
     */
    public boolean ps() {
      return objectType == AOT_PS;
    }

    /**
     * The sampling frequency of the AAC core: the sampling frequency for plain AAC, the rate of
     * {@code frequencyIndex} (or half the output rate when written out) for HE-AAC.
     */
    public int coreSampleRate() {
      if (!sbr()) {
        return sampleRate;
      }
      return frequencyIndex < RATES.length ? RATES[frequencyIndex] : sampleRate / 2;
    }

    /** The RFC 6381 codec string {@code mp4a.40.<objectType>}, RFC 6381 3.3. */
    public String codecString() {
      return "mp4a.40." + objectType;
    }

    /** The track description for this configuration, ISO/IEC 14496-3 1.6.2.1. */
    public TrackInfo toTrackInfo() {
      return TrackInfo.audio(CodecId.AAC, codecString(), sampleRate, channels);
    }

    /**
     * Encodes the configuration, ISO/IEC 14496-3 1.6.2.1: two bytes for a plain AAC config with a
     * tabled rate, more with an escaped object type or written-out rate; HE-AAC is written with
     * explicit hierarchical signalling (object type 5 or 29, core AAC LC).
     *
     * @throws CodecException for object types other than AAC Main, LC, SSR, LTP, scalable, TwinVQ
     *     and SBR / PS over AAC LC, or for channel configuration 0, which needs a program config
     *     element
     */
    public byte[] toBytes() {
      int core = sbr() ? AOT_AAC_LC : objectType;
      if (core < 1 || core > 7 || core == AOT_SBR) {
        throw new CodecException("aac object type " + objectType + " cannot be encoded");
      }
      if (channelConfig == 0) {
        throw new CodecException("aac channel configuration 0 cannot be encoded");
      }
      BitWriter w = new BitWriter();
      writeObjectType(w, objectType);
      writeFrequency(w, frequencyIndex, coreSampleRate());
      w.u(4, channelConfig);
      if (sbr()) {
        writeFrequency(w, Aac.frequencyIndex(sampleRate), sampleRate);
        writeObjectType(w, core);
      }
      w.u(3, 0); // frameLengthFlag, dependsOnCoreCoder, extensionFlag
      if (core == 6) {
        w.u(3, 0); // layerNr
      }
      return w.align().toByteArray();
    }
  }

  private static void writeObjectType(BitWriter w, int aot) {
    if (aot < 31) {
      w.u(5, aot);
    } else {
      w.u(5, 31).u(6, aot - 32);
    }
  }

  private static void writeFrequency(BitWriter w, int index, int rate) {
    if (index == 15) {
      w.u(4, 15).u(24, rate);
    } else {
      w.u(4, index);
    }
  }

  private static boolean hasGaSpecificConfig(int aot) {
    return switch (aot) {
      case 1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23 -> true;
      default -> false;
    };
  }

  private static boolean isErrorResilient(int aot) {
    return aot >= 17 && aot <= 27 && aot != 18 || aot == 39;
  }

  /**
   * Parses an AudioSpecificConfig, ISO/IEC 14496-3 1.6.2.1: escaped object types (31), written-out
   * sampling frequencies (index 15), explicit SBR / PS signalling, the GASpecificConfig (4.4.1)
   * with its program config element (channel count) and the backward compatible SBR / PS sync
   * extensions (1.6.5.2). Data after what is understood is ignored.
   *
   * @throws CodecException when the config is truncated or uses a reserved sampling frequency index
   */
  public static AudioSpecificConfig parse(byte[] b, int off, int len) {
    BitReader r = new BitReader(b, off, len, "aac audio specific config");
    int aot = readObjectType(r);
    int frequencyIndex = r.u(4);
    int rate = readFrequency(r, frequencyIndex);
    int channelConfig = r.u(4);
    int channels = CHANNELS[channelConfig];
    boolean sbr = false;
    boolean ps = false;
    int extensionRate = 0;
    if (aot == AOT_SBR || aot == AOT_PS) {
      sbr = true;
      ps = aot == AOT_PS;
      extensionRate = readFrequency(r, r.u(4));
      aot = readObjectType(r);
      if (aot == 22) {
        r.skip(4); // extensionChannelConfiguration
      }
    }
    boolean understood = false;
    if (hasGaSpecificConfig(aot)) {
      int pceChannels = gaSpecificConfig(r, channelConfig, aot);
      if (channelConfig == 0) {
        channels = pceChannels;
      }
      understood = true;
      if (isErrorResilient(aot)) {
        int epConfig = r.u(2);
        understood = epConfig < 2; // 2 and 3 carry an ErrorProtectionSpecificConfig
      }
    }
    if (understood && !sbr && r.bitsLeft() >= 16) {
      // Backward compatible signalling, 1.6.5.2; an incomplete extension is ignored.
      try {
        if (r.u(11) == 0x2B7 && readObjectType(r) == AOT_SBR && r.flag()) {
          int ext = readFrequency(r, r.u(4));
          sbr = true;
          extensionRate = ext;
          if (r.bitsLeft() >= 12 && r.u(11) == 0x548 && r.flag()) {
            ps = true;
          }
        }
      } catch (CodecException e) {
        // leave the configuration as signalled before the extension
      }
    }
    if (sbr) {
      int outChannels = ps && channels == 1 ? 2 : channels;
      return new AudioSpecificConfig(
          ps ? AOT_PS : AOT_SBR, extensionRate, outChannels, frequencyIndex, channelConfig);
    }
    return new AudioSpecificConfig(aot, rate, channels, frequencyIndex, channelConfig);
  }

  /** Parses an AudioSpecificConfig held in a payload, ISO/IEC 14496-3 1.6.2.1. */
  public static AudioSpecificConfig parse(Payload config) {
    byte[] b = config.toByteArray();
    return parse(b, 0, b.length);
  }

  /** GetAudioObjectType(), ISO/IEC 14496-3 1.6.2.1.1. */
  private static int readObjectType(BitReader r) {
    int aot = r.u(5);
    if (aot == 31) {
      aot = 32 + r.u(6);
    }
    if (aot == 0) {
      throw new CodecException("aac audio specific config object type 0 is null");
    }
    return aot;
  }

  private static int readFrequency(BitReader r, int index) {
    if (index == 15) {
      int rate = r.u(24);
      if (rate == 0) {
        throw new CodecException("aac audio specific config sampling frequency is 0");
      }
      return rate;
    }
    if (index >= RATES.length) {
      throw new CodecException("aac audio specific config reserved sampling frequency index");
    }
    return RATES[index];
  }

  /**
   * Reads a GASpecificConfig, ISO/IEC 14496-3 4.4.1 Table 4.1, and returns the channel count of its
   * program config element (0 without one).
   */
  private static int gaSpecificConfig(BitReader r, int channelConfig, int aot) {
    r.skip(1); // frameLengthFlag
    if (r.flag()) { // dependsOnCoreCoder
      r.skip(14); // coreCoderDelay
    }
    boolean extension = r.flag();
    int channels = 0;
    if (channelConfig == 0) {
      channels = programConfigElement(r);
    }
    if (aot == 6 || aot == 20) {
      r.skip(3); // layerNr
    }
    if (extension) {
      if (aot == 22) {
        r.skip(5 + 11); // numOfSubFrame, layer_length
      }
      if (aot == 17 || aot == 19 || aot == 20 || aot == 23) {
        r.skip(3); // the three resilience flags
      }
      r.skip(1); // extensionFlag3
    }
    return channels;
  }

  /**
   * Reads a program_config_element, ISO/IEC 14496-3 4.4.1.1 Table 4.2, and returns its channel
   * count (front, side and back elements, two for each channel pair, plus LFE).
   */
  private static int programConfigElement(BitReader r) {
    r.skip(4 + 2 + 4); // element_instance_tag, object_type, sampling_frequency_index
    int front = r.u(4);
    int side = r.u(4);
    int back = r.u(4);
    int lfe = r.u(2);
    int assoc = r.u(3);
    int cc = r.u(4);
    if (r.flag()) {
      r.skip(4); // mono_mixdown_element_number
    }
    if (r.flag()) {
      r.skip(4); // stereo_mixdown_element_number
    }
    if (r.flag()) {
      r.skip(3); // matrix_mixdown_idx, pseudo_surround_enable
    }
    int channels = lfe;
    for (int i = 0; i < front + side + back; i++) {
      channels += r.flag() ? 2 : 1; // is_cpe
      r.skip(4); // element_tag_select
    }
    r.skip(4L * lfe + 4L * assoc + 5L * cc);
    r.byteAlign(); // relative to the start of the AudioSpecificConfig
    r.skip(8L * r.u(8)); // comment_field_bytes
    return channels;
  }

  /**
   * A 7-byte ADTS header (MPEG-4, no CRC, one raw data block, buffer fullness 0x7FF) for a frame of
   * {@code payloadLength} bytes, ISO/IEC 14496-3 1.A.2.2; HE-AAC is written as its AAC LC core
   * (implicit SBR signalling).
   *
   * @throws CodecException when the object type is not AAC Main, LC, SSR or LTP (or SBR / PS over
   *     LC), the sampling frequency is not in the table, the channel configuration exceeds 7 or the
   *     frame exceeds 8191 bytes
   */
  public static byte[] adtsHeader(AudioSpecificConfig c, int payloadLength) {
    int aot = c.sbr() ? AOT_AAC_LC : c.objectType();
    if (aot < 1 || aot > 4) {
      throw new CodecException("adts cannot carry object type " + c.objectType());
    }
    if (c.frequencyIndex() >= RATES.length) {
      throw new CodecException("adts cannot carry a written-out sampling frequency");
    }
    if (c.channelConfig() > 7) {
      throw new CodecException("adts cannot carry channel configuration " + c.channelConfig());
    }
    int frameLength = payloadLength + ADTS_HEADER_SIZE;
    if (payloadLength < 0 || frameLength > 0x1FFF) {
      throw new CodecException("adts frame length out of range");
    }
    int profile = aot - 1;
    int ch = c.channelConfig();
    return new byte[] {
      (byte) 0xFF,
      (byte) 0xF1, // syncword low bits, ID 0 (MPEG-4), layer 0, protection_absent 1
      (byte) ((profile << 6) | (c.frequencyIndex() << 2) | (ch >>> 2)),
      (byte) (((ch & 3) << 6) | (frameLength >>> 11)),
      (byte) (frameLength >>> 3),
      (byte) (((frameLength & 7) << 5) | 0x1F), // buffer fullness 0x7FF, high bits
      (byte) 0xFC // buffer fullness low bits, number_of_raw_data_blocks_in_frame 0
    };
  }

  /**
   * The configuration an ADTS header at {@code off} describes, ISO/IEC 14496-3 1.A.2.2 (profile + 1
   * as object type, sampling frequency index, channel configuration).
   *
   * @throws CodecException when fewer than 7 bytes are left, the sync word is missing or the
   *     sampling frequency index is reserved
   */
  public static AudioSpecificConfig fromAdts(byte[] b, int off) {
    checkAdts(b, off);
    int profile = (b[off + 2] & 0xFF) >>> 6;
    int index = (b[off + 2] >>> 2) & 0x0F;
    int ch = ((b[off + 2] & 1) << 2) | ((b[off + 3] & 0xFF) >>> 6);
    if (index >= RATES.length) {
      throw new CodecException("adts reserved sampling frequency index");
    }
    return new AudioSpecificConfig(profile + 1, RATES[index], CHANNELS[ch], index, ch);
  }

  /**
   * The frame_length of the ADTS frame at {@code off}: header, CRC and raw data in bytes, ISO/IEC
   * 14496-3 1.A.2.2.2.
   *
   * @throws CodecException when fewer than 7 bytes are left or the sync word is missing
   */
  public static int adtsFrameLength(byte[] b, int off) {
    checkAdts(b, off);
    return ((b[off + 3] & 3) << 11) | ((b[off + 4] & 0xFF) << 3) | ((b[off + 5] & 0xFF) >>> 5);
  }

  /**
   * The size of the ADTS header at {@code off}: 7, or 9 when protection_absent is 0 and a CRC
   * follows, ISO/IEC 14496-3 1.A.2.2.1.
   *
   * @throws CodecException when fewer than 7 bytes are left or the sync word is missing
   */
  public static int adtsHeaderLength(byte[] b, int off) {
    checkAdts(b, off);
    return (b[off + 1] & 1) != 0 ? 7 : 9;
  }

  private static void checkAdts(byte[] b, int off) {
    Objects.requireNonNull(b, "b");
    if (off < 0 || off > b.length || b.length - off < ADTS_HEADER_SIZE) {
      throw new CodecException("adts header truncated");
    }
    if ((b[off] & 0xFF) != 0xFF || (b[off + 1] & 0xF6) != 0xF0) {
      throw new CodecException("adts sync word missing");
    }
  }
}
