package io.arcly.stream.codec;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * AV1 parsing: OBU headers (AV1 Bitstream and Decoding Process Specification 5.3), the sequence
 * header OBU (5.5) and the AV1CodecConfigurationRecord of the AV1 Codec ISO Media File Format
 * Binding (section 2.3).
 */
public final class Av1 {
  /** OBU_SEQUENCE_HEADER, AV1 specification 6.2.2. */
  public static final int OBU_SEQUENCE_HEADER = 1;

  /** OBU_TEMPORAL_DELIMITER, AV1 specification 6.2.2. */
  public static final int OBU_TEMPORAL_DELIMITER = 2;

  /** OBU_FRAME_HEADER, AV1 specification 6.2.2. */
  public static final int OBU_FRAME_HEADER = 3;

  /** OBU_TILE_GROUP, AV1 specification 6.2.2. */
  public static final int OBU_TILE_GROUP = 4;

  /** OBU_METADATA, AV1 specification 6.2.2. */
  public static final int OBU_METADATA = 5;

  /** OBU_FRAME, AV1 specification 6.2.2. */
  public static final int OBU_FRAME = 6;

  private Av1() {}

  /** The obu_type in the first byte of an OBU header, AV1 specification 5.3.2. */
  public static int obuType(int firstByte) {
    return (firstByte >> 3) & 0x0F;
  }

  /**
   * An AV1CodecConfigurationRecord, AV1-ISOBMFF 2.3.3: the sequence header's profile, level, tier
   * and colour format, and the configOBUs (normally the sequence header OBU).
   *
   * <p>The picture size is not a field: {@link #sequenceHeader()} parses it from the configOBUs
   * when they hold a sequence header. The initial presentation delay is not kept ({@link
   * #toRecord()} writes it as absent). The record keeps a private copy of the configOBUs; the array
   * it hands out must not be modified. Equality compares its content.
   *
   * @param seqProfile seq_profile, 0 Main, 1 High, 2 Professional
   * @param seqLevelIdx0 seq_level_idx[0]
   * @param seqTier0 seq_tier[0], 0 main tier ('M'), 1 high tier ('H')
   * @param highBitdepth high_bitdepth
   * @param twelveBit twelve_bit
   * @param monochrome mono_chrome
   * @param chromaSubsamplingX subsampling_x, 0 or 1
   * @param chromaSubsamplingY subsampling_y, 0 or 1
   * @param chromaSamplePosition chroma_sample_position, 0 to 3
   * @param configObus the configOBUs in low-overhead format, possibly empty
   */
  public record Av1Config(
      int seqProfile,
      int seqLevelIdx0,
      int seqTier0,
      boolean highBitdepth,
      boolean twelveBit,
      boolean monochrome,
      int chromaSubsamplingX,
      int chromaSubsamplingY,
      int chromaSamplePosition,
      byte[] configObus) {

    /** Validates that every field fits its place in the record and copies the configOBUs. */
    public Av1Config {
      if (seqProfile < 0 || seqProfile > 7 || seqLevelIdx0 < 0 || seqLevelIdx0 > 31) {
        throw new IllegalArgumentException("seqProfile must be 0 to 7 and seqLevelIdx0 0 to 31");
      }
      if ((seqTier0 | chromaSubsamplingX | chromaSubsamplingY) >>> 1 != 0) {
        throw new IllegalArgumentException("tier and chroma subsampling must be 0 or 1");
      }
      if (chromaSamplePosition < 0 || chromaSamplePosition > 3) {
        throw new IllegalArgumentException("chromaSamplePosition must be 0 to 3");
      }
      configObus = Objects.requireNonNull(configObus, "configObus").clone();
    }

    /** Encodes the record, AV1-ISOBMFF 2.3.3, without initial presentation delay. */
    public byte[] toRecord() {
      byte[] out = new byte[4 + configObus.length];
      out[0] = (byte) 0x81; // marker, version 1
      out[1] = (byte) ((seqProfile << 5) | seqLevelIdx0);
      out[2] =
          (byte)
              ((seqTier0 << 7)
                  | (highBitdepth ? 0x40 : 0)
                  | (twelveBit ? 0x20 : 0)
                  | (monochrome ? 0x10 : 0)
                  | (chromaSubsamplingX << 3)
                  | (chromaSubsamplingY << 2)
                  | chromaSamplePosition);
      out[3] = 0;
      System.arraycopy(configObus, 0, out, 4, configObus.length);
      return out;
    }

    /** The bit depth: 8, 10 or 12, AV1 specification 6.4.2 (BitDepth). */
    public int bitDepth() {
      return twelveBit ? 12 : highBitdepth ? 10 : 8;
    }

    /** The codec string such as {@code av01.0.08M.08}, AV1-ISOBMFF Codecs Parameter String. */
    public String codecString() {
      return Av1.codecString(this);
    }

    /**
     * The sequence header in the configOBUs, AV1 specification 5.5, or empty when they hold none;
     * gives the maximum picture size.
     *
     * @throws CodecException when the configOBUs or the sequence header are malformed
     */
    public Optional<SequenceHeader> sequenceHeader() {
      return findSequenceHeader(configObus, 0, configObus.length);
    }

    /**
     * The track description for this configuration, AV1-ISOBMFF 2.3, with the maximum picture size
     * of the sequence header in the configOBUs (0 x 0 without one).
     *
     * @throws CodecException when the configOBUs are malformed
     */
    public TrackInfo toTrackInfo() {
      Optional<SequenceHeader> sh = sequenceHeader();
      return TrackInfo.video(
          CodecId.AV1,
          codecString(),
          sh.map(SequenceHeader::maxFrameWidth).orElse(0),
          sh.map(SequenceHeader::maxFrameHeight).orElse(0));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Av1Config c
          && seqProfile == c.seqProfile
          && seqLevelIdx0 == c.seqLevelIdx0
          && seqTier0 == c.seqTier0
          && highBitdepth == c.highBitdepth
          && twelveBit == c.twelveBit
          && monochrome == c.monochrome
          && chromaSubsamplingX == c.chromaSubsamplingX
          && chromaSubsamplingY == c.chromaSubsamplingY
          && chromaSamplePosition == c.chromaSamplePosition
          && Arrays.equals(configObus, c.configObus);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
              seqProfile,
              seqLevelIdx0,
              seqTier0,
              highBitdepth,
              twelveBit,
              monochrome,
              chromaSubsamplingX,
              chromaSubsamplingY,
              chromaSamplePosition)
          + 31 * Arrays.hashCode(configObus);
    }

    @Override
    public String toString() {
      return "Av1Config["
          + codecString()
          + ", monochrome="
          + monochrome
          + ", subsampling="
          + chromaSubsamplingX
          + chromaSubsamplingY
          + ", chromaSamplePosition="
          + chromaSamplePosition
          + ", configObus="
          + configObus.length
          + " bytes]";
    }
  }

  /**
   * The codec string {@code av01.P.LLT.DD} (profile, two-digit level, tier M or H, two-digit bit
   * depth), AV1-ISOBMFF Codecs Parameter String, without the optional colour fields.
   */
  public static String codecString(Av1Config c) {
    return String.format(
        Locale.ROOT,
        "av01.%d.%02d%c.%02d",
        c.seqProfile(),
        c.seqLevelIdx0(),
        c.seqTier0() == 0 ? 'M' : 'H',
        c.bitDepth());
  }

  /**
   * Parses an AV1CodecConfigurationRecord, AV1-ISOBMFF 2.3.3: four bytes of fields, then the
   * configOBUs, kept as they are.
   *
   * @throws CodecException when the record is shorter than 4 bytes or its marker or version is not
   *     1
   */
  public static Av1Config parseAv1C(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len < 4) {
      throw new CodecException("av1c record too short");
    }
    if ((b[off] & 0xFF) != 0x81) {
      throw new CodecException("av1c unsupported version");
    }
    int b1 = b[off + 1] & 0xFF;
    int b2 = b[off + 2] & 0xFF;
    return new Av1Config(
        b1 >>> 5,
        b1 & 0x1F,
        b2 >>> 7,
        (b2 & 0x40) != 0,
        (b2 & 0x20) != 0,
        (b2 & 0x10) != 0,
        (b2 >>> 3) & 1,
        (b2 >>> 2) & 1,
        b2 & 3,
        Arrays.copyOfRange(b, off + 4, off + len));
  }

  /** Parses an AV1CodecConfigurationRecord held in a payload, AV1-ISOBMFF 2.3.3. */
  public static Av1Config parseAv1C(Payload record) {
    byte[] b = record.toByteArray();
    return parseAv1C(b, 0, b.length);
  }

  /**
   * The fields of a sequence header OBU that describe the stream, AV1 specification 5.5 / 6.4.
   *
   * @param seqProfile seq_profile
   * @param stillPicture still_picture
   * @param seqLevelIdx0 seq_level_idx[0]
   * @param seqTier0 seq_tier[0]
   * @param maxFrameWidth max_frame_width_minus_1 + 1, the largest picture width in pixels
   * @param maxFrameHeight max_frame_height_minus_1 + 1, the largest picture height in pixels
   * @param bitDepth 8, 10 or 12
   * @param monochrome mono_chrome
   * @param chromaSubsamplingX subsampling_x
   * @param chromaSubsamplingY subsampling_y
   * @param chromaSamplePosition chroma_sample_position
   * @param colorPrimaries color_primaries (2 when not signalled)
   * @param transferCharacteristics transfer_characteristics (2 when not signalled)
   * @param matrixCoefficients matrix_coefficients (2 when not signalled)
   * @param fullRange color_range
   */
  public record SequenceHeader(
      int seqProfile,
      boolean stillPicture,
      int seqLevelIdx0,
      int seqTier0,
      int maxFrameWidth,
      int maxFrameHeight,
      int bitDepth,
      boolean monochrome,
      int chromaSubsamplingX,
      int chromaSubsamplingY,
      int chromaSamplePosition,
      int colorPrimaries,
      int transferCharacteristics,
      int matrixCoefficients,
      boolean fullRange) {}

  /**
   * Parses the payload of a sequence header OBU (the bytes after its OBU header and size), AV1
   * specification 5.5.1 with color_config 5.5.2.
   *
   * @throws CodecException when the data is truncated or holds reserved values
   */
  public static SequenceHeader parseSequenceHeader(byte[] b, int off, int len) {
    BitReader r = new BitReader(b, off, len, "av1 sequence header");
    int profile = r.u(3);
    if (profile > 2) {
      throw new CodecException("av1 sequence header seq_profile out of range");
    }
    boolean still = r.flag();
    boolean reduced = r.flag();
    int level0;
    int tier0 = 0;
    if (reduced) {
      level0 = r.u(5);
    } else {
      boolean decoderModelInfo = false;
      int bufferDelayLength = 0;
      if (r.flag()) { // timing_info_present_flag
        r.skip(64); // num_units_in_display_tick, time_scale
        if (r.flag()) { // equal_picture_interval
          r.uvlc(); // num_ticks_per_picture_minus_1
        }
        decoderModelInfo = r.flag();
        if (decoderModelInfo) {
          bufferDelayLength = r.u(5) + 1;
          r.skip(32 + 5 + 5); // num_units_in_decoding_tick, two length fields
        }
      }
      boolean initialDisplayDelay = r.flag();
      int operatingPoints = r.u(5) + 1;
      level0 = 0;
      for (int i = 0; i < operatingPoints; i++) {
        r.skip(12); // operating_point_idc[i]
        int level = r.u(5);
        int tier = level > 7 ? r.u(1) : 0;
        if (i == 0) {
          level0 = level;
          tier0 = tier;
        }
        if (decoderModelInfo && r.flag()) { // decoder_model_present_for_this_op[i]
          r.skip(2L * bufferDelayLength + 1); // decoder/encoder_buffer_delay, low_delay_mode_flag
        }
        if (initialDisplayDelay && r.flag()) { // initial_display_delay_present_for_this_op[i]
          r.skip(4);
        }
      }
    }
    int widthBits = r.u(4) + 1;
    int heightBits = r.u(4) + 1;
    long width = r.uLong(widthBits) + 1;
    long height = r.uLong(heightBits) + 1;
    if (!reduced && r.flag()) { // frame_id_numbers_present_flag
      r.skip(4 + 3);
    }
    r.skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
    if (!reduced) {
      r.skip(4); // interintra, masked compound, warped motion, dual filter
      boolean orderHint = r.flag();
      if (orderHint) {
        r.skip(2); // enable_jnt_comp, enable_ref_frame_mvs
      }
      int forceScreenContentTools = 2;
      if (!r.flag()) { // seq_choose_screen_content_tools
        forceScreenContentTools = r.u(1);
      }
      if (forceScreenContentTools > 0 && !r.flag()) { // seq_choose_integer_mv
        r.skip(1); // seq_force_integer_mv
      }
      if (orderHint) {
        r.skip(3); // order_hint_bits_minus_1
      }
    }
    r.skip(3); // enable_superres, enable_cdef, enable_restoration
    // color_config(), 5.5.2
    boolean highBitdepth = r.flag();
    int bitDepth = 8;
    if (profile == 2 && highBitdepth) {
      bitDepth = r.flag() ? 12 : 10;
    } else if (highBitdepth) {
      bitDepth = 10;
    }
    boolean mono = profile != 1 && r.flag();
    int primaries = 2;
    int transfer = 2;
    int matrix = 2;
    if (r.flag()) { // color_description_present_flag
      primaries = r.u(8);
      transfer = r.u(8);
      matrix = r.u(8);
    }
    boolean fullRange;
    int subX;
    int subY;
    int samplePosition = 0;
    if (mono) {
      fullRange = r.flag();
      subX = 1;
      subY = 1;
    } else if (primaries == 1 && transfer == 13 && matrix == 0) { // BT.709, sRGB, identity
      fullRange = true;
      subX = 0;
      subY = 0;
    } else {
      fullRange = r.flag();
      if (profile == 0) {
        subX = 1;
        subY = 1;
      } else if (profile == 1) {
        subX = 0;
        subY = 0;
      } else if (bitDepth == 12) {
        subX = r.u(1);
        subY = subX == 1 ? r.u(1) : 0;
      } else {
        subX = 1;
        subY = 0;
      }
      if (subX == 1 && subY == 1) {
        samplePosition = r.u(2);
      }
    }
    return new SequenceHeader(
        profile,
        still,
        level0,
        tier0,
        (int) width,
        (int) height,
        bitDepth,
        mono,
        subX,
        subY,
        samplePosition,
        primaries,
        transfer,
        matrix,
        fullRange);
  }

  /**
   * Finds and parses the first sequence header OBU in a sequence of low-overhead OBUs (AV1
   * specification 5.2 / 5.3: each with obu_has_size_field set, except possibly the last).
   *
   * @throws CodecException when an OBU header or size is malformed or the sequence header is
   */
  public static Optional<SequenceHeader> findSequenceHeader(byte[] b, int off, int len) {
    int[] span = findObu(b, off, len, OBU_SEQUENCE_HEADER);
    if (span == null) {
      return Optional.empty();
    }
    return Optional.of(parseSequenceHeader(b, span[2], span[3]));
  }

  /**
   * Builds the configuration record for a stream received without one (RTP, MPEG-TS, SRT) from the
   * first sequence header OBU in {@code obus}, AV1-ISOBMFF 2.3.4: the fields come from the sequence
   * header and the configOBUs are that OBU.
   *
   * @throws CodecException when {@code obus} holds no sequence header or it is malformed
   */
  public static Av1Config fromSequenceHeader(byte[] obus, int off, int len) {
    int[] span = findObu(obus, off, len, OBU_SEQUENCE_HEADER);
    if (span == null) {
      throw new CodecException("av1 no sequence header");
    }
    SequenceHeader sh = parseSequenceHeader(obus, span[2], span[3]);
    return new Av1Config(
        sh.seqProfile(),
        sh.seqLevelIdx0(),
        sh.seqTier0(),
        sh.bitDepth() > 8,
        sh.bitDepth() == 12,
        sh.monochrome(),
        sh.chromaSubsamplingX(),
        sh.chromaSubsamplingY(),
        sh.chromaSamplePosition(),
        Arrays.copyOfRange(obus, span[0], span[1]));
  }

  /**
   * The first OBU of {@code type}: {start, end, payload start, payload length}, or null; an OBU
   * without a size field extends to the end of the region.
   */
  private static int[] findObu(byte[] b, int off, int len, int type) {
    Objects.checkFromIndexSize(off, len, b.length);
    int end = off + len;
    int pos = off;
    while (pos < end) {
      int start = pos;
      int header = b[pos++] & 0xFF;
      if ((header & 0x80) != 0) {
        throw new CodecException("av1 obu forbidden bit set");
      }
      if ((header & 0x04) != 0) { // obu_extension_flag
        Records.need(pos, 1, end, "av1 obu truncated");
        pos++;
      }
      long size;
      if ((header & 0x02) != 0) { // obu_has_size_field
        BitReader r = new BitReader(b, pos, end - pos, "av1 obu");
        size = r.leb128();
        pos += (int) (r.position() / 8);
      } else {
        size = end - pos;
      }
      if (size > end - pos) {
        throw new CodecException("av1 obu truncated");
      }
      int payloadEnd = pos + (int) size;
      if (obuType(header) == type) {
        return new int[] {start, payloadEnd, pos, (int) size};
      }
      pos = payloadEnd;
    }
    return null;
  }
}
