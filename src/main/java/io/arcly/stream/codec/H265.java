package io.arcly.stream.codec;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * H.265 / HEVC parsing: NAL unit types (ITU-T H.265 7.4.2.2, Table 7-1), the sequence parameter set
 * (7.3.2.2.1) with its profile_tier_level (7.3.3) and the HEVCDecoderConfigurationRecord (ISO/IEC
 * 14496-15 8.3.3.1).
 */
public final class H265 {
  /** The first IRAP (intra random access point) NAL unit type, BLA_W_LP, ITU-T H.265 Table 7-1. */
  public static final int IRAP_FIRST = 16;

  /** The last IRAP NAL unit type (RSV_IRAP_VCL23), ITU-T H.265 Table 7-1. */
  public static final int IRAP_LAST = 23;

  /** IDR_W_RADL, ITU-T H.265 Table 7-1. */
  public static final int IDR_W_RADL = 19;

  /** IDR_N_LP, ITU-T H.265 Table 7-1. */
  public static final int IDR_N_LP = 20;

  /** CRA_NUT, ITU-T H.265 Table 7-1. */
  public static final int CRA = 21;

  /** Video parameter set, ITU-T H.265 Table 7-1. */
  public static final int VPS = 32;

  /** Sequence parameter set, ITU-T H.265 Table 7-1. */
  public static final int SPS = 33;

  /** Picture parameter set, ITU-T H.265 Table 7-1. */
  public static final int PPS = 34;

  /** Access unit delimiter, ITU-T H.265 Table 7-1. */
  public static final int AUD = 35;

  /** Prefix SEI, ITU-T H.265 Table 7-1. */
  public static final int SEI_PREFIX = 39;

  /** Suffix SEI, ITU-T H.265 Table 7-1. */
  public static final int SEI_SUFFIX = 40;

  private H265() {}

  /** The nal_unit_type in the first byte of a NAL unit header, ITU-T H.265 7.3.1.2. */
  public static int nalType(int firstByte) {
    return (firstByte >> 1) & 0x3F;
  }

  /** Whether a NAL unit type is an IRAP picture (16 to 23), ITU-T H.265 Table 7-1. */
  public static boolean isIrap(int nalType) {
    return nalType >= IRAP_FIRST && nalType <= IRAP_LAST;
  }

  /**
   * Whether a 4-byte-length-prefixed access unit holds an IRAP slice (ITU-T H.265 Table 7-1);
   * throws a {@link CodecException} when a length prefix overruns the payload.
   */
  public static boolean isKeyframe(Payload au) {
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      if (w.length() > 0 && isIrap(nalType(au.get(w.offset())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The fields of a sequence parameter set that describe the stream, ITU-T H.265 7.4.3.2.1 and the
   * general profile, tier and level of its profile_tier_level (7.4.4).
   *
   * @param generalProfileSpace general_profile_space, 0 to 3
   * @param generalTierFlag general_tier_flag, 0 main tier, 1 high tier
   * @param generalProfileIdc general_profile_idc, for example 1 Main, 2 Main 10, 4 RExt
   * @param generalProfileCompatibilityFlags the 32 general_profile_compatibility_flag bits, flag
   *     [0] in bit 31
   * @param generalConstraintIndicatorFlags the 48 bits from general_progressive_source_flag (bit
   *     47) to general_inbld_flag / general_reserved_zero_bit (bit 0)
   * @param generalLevelIdc general_level_idc, thirty times the level number (93 for level 3.1)
   * @param width the displayed width in pixels, after the conformance window
   * @param height the displayed height in pixels, after the conformance window
   * @param chromaFormatIdc 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
   * @param bitDepthLuma the luma bit depth, 8 to 16
   */
  public record Sps(
      int generalProfileSpace,
      int generalTierFlag,
      int generalProfileIdc,
      long generalProfileCompatibilityFlags,
      long generalConstraintIndicatorFlags,
      int generalLevelIdc,
      int width,
      int height,
      int chromaFormatIdc,
      int bitDepthLuma) {

    /**
     * The codec string such as {@code hvc1.1.6.L93.B0}, ISO/IEC 14496-15 E.3 (RFC 6381): profile
     * space letter and profile idc, compatibility flags in reverse bit order in hex, tier and
     * level, then the constraint bytes in hex with trailing zero bytes left out.
     */
    public String codecString() {
      return H265.codecString(
          "hvc1",
          generalProfileSpace,
          generalProfileIdc,
          generalProfileCompatibilityFlags,
          generalTierFlag,
          generalLevelIdc,
          generalConstraintIndicatorFlags);
    }
  }

  /** An SPS with the fields the configuration record needs but {@link Sps} does not carry. */
  record SpsDetails(
      Sps sps,
      int bitDepthChroma,
      int maxSubLayers,
      boolean temporalIdNesting,
      boolean separateColourPlane,
      int log2MaxPocLsb,
      int maxNumReorderPics) {}

  /**
   * Parses a sequence parameter set NAL unit (its 2-byte header, then the escaped RBSP), ITU-T
   * H.265 7.3.2.2.1, through the bit depths: profile_tier_level with sub-layers (7.3.3), chroma
   * format, picture size and conformance window (7.4.3.2.1); only base-layer SPS (nuh_layer_id 0)
   * are supported.
   *
   * @throws CodecException when the data is not a base-layer SPS, is truncated or holds
   *     out-of-range values
   */
  public static Sps parseSps(byte[] nal, int off, int len) {
    return parseDetails(nal, off, len).sps();
  }

  static SpsDetails parseDetails(byte[] nal, int off, int len) {
    Objects.checkFromIndexSize(off, len, nal.length);
    if (len < 2) {
      throw new CodecException("h265 sps truncated");
    }
    if (nalType(nal[off]) != SPS) {
      throw new CodecException("h265 nal unit is not an sps");
    }
    if ((((nal[off] & 1) << 5) | ((nal[off + 1] & 0xFF) >>> 3)) != 0) {
      // nuh_layer_id > 0: a multi-layer SPS (F.7.3.2.2.1) may omit profile_tier_level.
      throw new CodecException("h265 sps of a non-base layer is not supported");
    }
    byte[] rbsp = Nal.unescape(nal, off + 2, len - 2);
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h265 sps");
    r.skip(4); // sps_video_parameter_set_id
    int maxSubLayersMinus1 = r.u(3);
    check(maxSubLayersMinus1 <= 6, "sps_max_sub_layers_minus1");
    boolean temporalIdNesting = r.flag();
    // profile_tier_level(1, sps_max_sub_layers_minus1), 7.3.3
    int profileSpace = r.u(2);
    int tier = r.u(1);
    int profileIdc = r.u(5);
    long compatibility = r.uLong(32);
    long constraints = r.uLong(48);
    int level = r.u(8);
    boolean[] profilePresent = new boolean[maxSubLayersMinus1];
    boolean[] levelPresent = new boolean[maxSubLayersMinus1];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = r.flag();
      levelPresent[i] = r.flag();
    }
    if (maxSubLayersMinus1 > 0) {
      r.skip(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
    }
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      if (profilePresent[i]) {
        r.skip(88); // sub_layer profile space to sub_layer_inbld_flag
      }
      if (levelPresent[i]) {
        r.skip(8); // sub_layer_level_idc
      }
    }
    check(r.ue() <= 15, "sps_seq_parameter_set_id");
    int chroma = r.ue();
    check(chroma <= 3, "chroma_format_idc");
    boolean separateColourPlane = chroma == 3 && r.flag();
    long width = r.ue();
    long height = r.ue();
    check(width > 0 && height > 0 && width <= 65536 && height <= 65536, "picture size");
    long left = 0;
    long right = 0;
    long top = 0;
    long bottom = 0;
    if (r.flag()) { // conformance_window_flag
      left = r.ue();
      right = r.ue();
      top = r.ue();
      bottom = r.ue();
    }
    int lumaMinus8 = r.ue();
    check(lumaMinus8 <= 8, "bit_depth_luma_minus8");
    int chromaMinus8 = r.ue();
    check(chromaMinus8 <= 8, "bit_depth_chroma_minus8");
    // 7.4.3.2.1: offsets count in chroma samples, SubWidthC and SubHeightC from Table 6-1.
    int chromaArrayType = separateColourPlane ? 0 : chroma;
    long subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
    long subHeight = chromaArrayType == 1 ? 2 : 1;
    long croppedWidth = width - subWidth * (left + right);
    long croppedHeight = height - subHeight * (top + bottom);
    check(croppedWidth > 0 && croppedHeight > 0, "conformance window");
    Sps sps =
        new Sps(
            profileSpace,
            tier,
            profileIdc,
            compatibility,
            constraints,
            level,
            (int) croppedWidth,
            (int) croppedHeight,
            chroma,
            lumaMinus8 + 8);
    int log2MaxPocLsb = -1;
    int reorder = -1;
    try {
      log2MaxPocLsb = r.ue() + 4;
      check(log2MaxPocLsb <= 16, "log2_max_pic_order_cnt_lsb_minus4");
      // sps_sub_layer_ordering_info: the highest sub-layer's values are the last ones read
      boolean allLayers = r.flag();
      for (int i = allLayers ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
        r.ue(); // sps_max_dec_pic_buffering_minus1
        reorder = r.ue(); // sps_max_num_reorder_pics
        check(reorder <= 16, "sps_max_num_reorder_pics");
        r.ue(); // sps_max_latency_increase_plus1
      }
    } catch (CodecException e) {
      // a truncated tail leaves picture order fields unknown; the description is fine
      log2MaxPocLsb = log2MaxPocLsb <= 16 ? log2MaxPocLsb : -1;
    }
    return new SpsDetails(
        sps,
        chromaMinus8 + 8,
        maxSubLayersMinus1 + 1,
        temporalIdNesting,
        separateColourPlane,
        log2MaxPocLsb,
        reorder);
  }

  private static void check(boolean ok, String field) {
    if (!ok) {
      throw new CodecException("h265 sps " + field + " out of range");
    }
  }

  private static String codecString(
      String sampleEntry,
      int profileSpace,
      int profileIdc,
      long compatibility,
      int tier,
      int level,
      long constraints) {
    StringBuilder sb = new StringBuilder(sampleEntry).append('.');
    if (profileSpace > 0) {
      sb.append((char) ('A' + profileSpace - 1));
    }
    sb.append(profileIdc).append('.');
    long reversed = Integer.reverse((int) compatibility) & 0xFFFF_FFFFL;
    sb.append(Long.toHexString(reversed).toUpperCase(Locale.ROOT));
    sb.append('.').append(tier == 0 ? 'L' : 'H').append(level);
    int last = -1;
    for (int i = 0; i < 6; i++) {
      if (constraintByte(constraints, i) != 0) {
        last = i;
      }
    }
    for (int i = 0; i <= last; i++) {
      sb.append('.').append(String.format(Locale.ROOT, "%02X", constraintByte(constraints, i)));
    }
    return sb.toString();
  }

  private static int constraintByte(long constraints, int i) {
    return (int) (constraints >>> (40 - 8 * i)) & 0xFF;
  }

  /**
   * An HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 8.3.3.1: the stream's general profile, tier
   * and level, its format, the NAL unit length size of its samples and its parameter sets.
   *
   * <p>Parameter sets are whole NAL units (2-byte header included, no start code or length). Arrays
   * of other NAL unit types (such as SEI) found in a parsed record are not kept. The record keeps
   * private copies; the arrays it hands out must not be modified. Equality compares their content.
   *
   * @param generalProfileSpace general_profile_space, 0 to 3
   * @param generalTierFlag general_tier_flag, 0 or 1
   * @param generalProfileIdc general_profile_idc, 0 to 31
   * @param generalProfileCompatibilityFlags the 32 compatibility flags, flag [0] in bit 31
   * @param generalConstraintIndicatorFlags the 48 constraint indicator bits
   * @param generalLevelIdc general_level_idc
   * @param minSpatialSegmentationIdc min_spatial_segmentation_idc, 0 when unknown
   * @param parallelismType 0 unknown or mixed, 1 slices, 2 tiles, 3 wavefront
   * @param chromaFormatIdc chroma_format_idc of the SPS
   * @param bitDepthLuma the luma bit depth, 8 to 15
   * @param bitDepthChroma the chroma bit depth, 8 to 15
   * @param avgFrameRate average frame rate in frames per 256 seconds, 0 when unknown
   * @param constantFrameRate 0 unknown, 1 constant, 2 constant per temporal layer
   * @param numTemporalLayers 0 unknown, else the number of temporal layers (1 to 7)
   * @param temporalIdNested sps_temporal_id_nesting_flag
   * @param nalLengthSize the size in bytes of each NAL unit's length prefix in samples: 1, 2 or 4
   * @param vps the video parameter set NAL units
   * @param sps the sequence parameter set NAL units
   * @param pps the picture parameter set NAL units
   */
  public record HevcConfig(
      int generalProfileSpace,
      int generalTierFlag,
      int generalProfileIdc,
      long generalProfileCompatibilityFlags,
      long generalConstraintIndicatorFlags,
      int generalLevelIdc,
      int minSpatialSegmentationIdc,
      int parallelismType,
      int chromaFormatIdc,
      int bitDepthLuma,
      int bitDepthChroma,
      int avgFrameRate,
      int constantFrameRate,
      int numTemporalLayers,
      boolean temporalIdNested,
      int nalLengthSize,
      List<byte[]> vps,
      List<byte[]> sps,
      List<byte[]> pps) {

    /** Validates that every field fits its place in the record and copies the parameter sets. */
    public HevcConfig {
      in(generalProfileSpace, 3, "generalProfileSpace");
      in(generalTierFlag, 1, "generalTierFlag");
      in(generalProfileIdc, 31, "generalProfileIdc");
      if (generalProfileCompatibilityFlags >>> 32 != 0) {
        throw new IllegalArgumentException("generalProfileCompatibilityFlags must fit 32 bits");
      }
      if (generalConstraintIndicatorFlags >>> 48 != 0) {
        throw new IllegalArgumentException("generalConstraintIndicatorFlags must fit 48 bits");
      }
      in(generalLevelIdc, 255, "generalLevelIdc");
      in(minSpatialSegmentationIdc, 4095, "minSpatialSegmentationIdc");
      in(parallelismType, 3, "parallelismType");
      in(chromaFormatIdc, 3, "chromaFormatIdc");
      if (bitDepthLuma < 8 || bitDepthLuma > 15 || bitDepthChroma < 8 || bitDepthChroma > 15) {
        throw new IllegalArgumentException("bit depths must be 8 to 15");
      }
      in(avgFrameRate, 0xFFFF, "avgFrameRate");
      in(constantFrameRate, 3, "constantFrameRate");
      in(numTemporalLayers, 7, "numTemporalLayers");
      if (nalLengthSize < 1 || nalLengthSize > 4) {
        throw new IllegalArgumentException("nal length size must be 1 to 4: " + nalLengthSize);
      }
      vps = Records.copy(vps, "vps");
      sps = Records.copy(sps, "sps");
      pps = Records.copy(pps, "pps");
    }

    private static void in(int value, int max, String name) {
      if (value < 0 || value > max) {
        throw new IllegalArgumentException(name + " must be 0 to " + max + ": " + value);
      }
    }

    /**
     * Encodes the record, ISO/IEC 14496-15 8.3.3.1.2: one array per non-empty list of VPS, SPS and
     * PPS, each marked complete (array_completeness 1).
     *
     * @throws CodecException when a list holds more than 65535 NAL units or one exceeds 65535 bytes
     */
    public byte[] toRecord() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(1);
      out.write((generalProfileSpace << 6) | (generalTierFlag << 5) | generalProfileIdc);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (generalProfileCompatibilityFlags >>> shift) & 0xFF);
      }
      for (int shift = 40; shift >= 0; shift -= 8) {
        out.write((int) (generalConstraintIndicatorFlags >>> shift) & 0xFF);
      }
      out.write(generalLevelIdc);
      out.write(0xF0 | (minSpatialSegmentationIdc >>> 8));
      out.write(minSpatialSegmentationIdc & 0xFF);
      out.write(0xFC | parallelismType);
      out.write(0xFC | chromaFormatIdc);
      out.write(0xF8 | (bitDepthLuma - 8));
      out.write(0xF8 | (bitDepthChroma - 8));
      out.write(avgFrameRate >>> 8);
      out.write(avgFrameRate & 0xFF);
      out.write(
          (constantFrameRate << 6)
              | (numTemporalLayers << 3)
              | (temporalIdNested ? 4 : 0)
              | (nalLengthSize - 1));
      int arrays = (vps.isEmpty() ? 0 : 1) + (sps.isEmpty() ? 0 : 1) + (pps.isEmpty() ? 0 : 1);
      out.write(arrays);
      writeArray(out, VPS, vps);
      writeArray(out, SPS, sps);
      writeArray(out, PPS, pps);
      return out.toByteArray();
    }

    private static void writeArray(ByteArrayOutputStream out, int type, List<byte[]> nals) {
      if (nals.isEmpty()) {
        return;
      }
      if (nals.size() > 0xFFFF) {
        throw new CodecException("hvcc too many parameter sets");
      }
      out.write(0x80 | type);
      out.write(nals.size() >>> 8);
      out.write(nals.size() & 0xFF);
      for (byte[] nal : nals) {
        if (nal.length > 0xFFFF) {
          throw new CodecException("hvcc parameter set too long");
        }
        out.write(nal.length >>> 8);
        out.write(nal.length & 0xFF);
        out.write(nal, 0, nal.length);
      }
    }

    /** The codec string such as {@code hvc1.1.6.L93.B0}, ISO/IEC 14496-15 E.3 (RFC 6381). */
    public String codecString() {
      return H265.codecString(
          "hvc1",
          generalProfileSpace,
          generalProfileIdc,
          generalProfileCompatibilityFlags,
          generalTierFlag,
          generalLevelIdc,
          generalConstraintIndicatorFlags);
    }

    /**
     * The track description for this configuration, ISO/IEC 14496-15 8.3.3.1, with the picture size
     * of the first SPS (0 x 0 without one).
     *
     * @throws CodecException when the first SPS cannot be parsed
     */
    public TrackInfo toTrackInfo() {
      if (sps.isEmpty()) {
        return TrackInfo.video(CodecId.H265, codecString(), 0, 0);
      }
      byte[] first = sps.get(0);
      Sps s = parseSps(first, 0, first.length);
      return TrackInfo.video(CodecId.H265, codecString(), s.width(), s.height());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HevcConfig c
          && generalProfileSpace == c.generalProfileSpace
          && generalTierFlag == c.generalTierFlag
          && generalProfileIdc == c.generalProfileIdc
          && generalProfileCompatibilityFlags == c.generalProfileCompatibilityFlags
          && generalConstraintIndicatorFlags == c.generalConstraintIndicatorFlags
          && generalLevelIdc == c.generalLevelIdc
          && minSpatialSegmentationIdc == c.minSpatialSegmentationIdc
          && parallelismType == c.parallelismType
          && chromaFormatIdc == c.chromaFormatIdc
          && bitDepthLuma == c.bitDepthLuma
          && bitDepthChroma == c.bitDepthChroma
          && avgFrameRate == c.avgFrameRate
          && constantFrameRate == c.constantFrameRate
          && numTemporalLayers == c.numTemporalLayers
          && temporalIdNested == c.temporalIdNested
          && nalLengthSize == c.nalLengthSize
          && Records.same(vps, c.vps)
          && Records.same(sps, c.sps)
          && Records.same(pps, c.pps);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
              generalProfileSpace,
              generalTierFlag,
              generalProfileIdc,
              generalProfileCompatibilityFlags,
              generalConstraintIndicatorFlags,
              generalLevelIdc,
              minSpatialSegmentationIdc,
              parallelismType,
              chromaFormatIdc,
              bitDepthLuma,
              bitDepthChroma,
              avgFrameRate,
              constantFrameRate,
              numTemporalLayers,
              temporalIdNested,
              nalLengthSize)
          + 31 * Records.hash(vps)
          + 961 * Records.hash(sps)
          + 29791 * Records.hash(pps);
    }

    @Override
    public String toString() {
      return "HevcConfig["
          + codecString()
          + ", chromaFormatIdc="
          + chromaFormatIdc
          + ", bitDepthLuma="
          + bitDepthLuma
          + ", bitDepthChroma="
          + bitDepthChroma
          + ", numTemporalLayers="
          + numTemporalLayers
          + ", temporalIdNested="
          + temporalIdNested
          + ", nalLengthSize="
          + nalLengthSize
          + ", vps="
          + Records.sizes(vps)
          + ", sps="
          + Records.sizes(sps)
          + ", pps="
          + Records.sizes(pps)
          + "]";
    }
  }

  /**
   * Parses an HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 8.3.3.1.2, keeping the VPS, SPS and
   * PPS arrays and skipping arrays of other NAL unit types; configurationVersion 0 (written by
   * early muxers) is accepted like 1.
   *
   * @throws CodecException when the record is too short, truncated or of a later version
   */
  public static HevcConfig parseHvcC(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len < 23) {
      throw new CodecException("hvcc record too short");
    }
    if ((b[off] & 0xFF) > 1) {
      throw new CodecException("hvcc unsupported version");
    }
    int end = off + len;
    BitReader r = new BitReader(b, off + 1, 22, "hvcc record");
    int profileSpace = r.u(2);
    int tier = r.u(1);
    int profileIdc = r.u(5);
    long compatibility = r.uLong(32);
    long constraints = r.uLong(48);
    int level = r.u(8);
    r.skip(4);
    int minSpatialSegmentation = r.u(12);
    r.skip(6);
    int parallelism = r.u(2);
    r.skip(6);
    int chroma = r.u(2);
    r.skip(5);
    int depthLuma = r.u(3) + 8;
    r.skip(5);
    int depthChroma = r.u(3) + 8;
    int avgFrameRate = r.u(16);
    int constantFrameRate = r.u(2);
    int temporalLayers = r.u(3);
    boolean nested = r.flag();
    int lengthSize = r.u(2) + 1;
    int arrays = r.u(8);
    List<byte[]> vps = new ArrayList<>();
    List<byte[]> sps = new ArrayList<>();
    List<byte[]> pps = new ArrayList<>();
    int pos = off + 23;
    for (int a = 0; a < arrays; a++) {
      Records.need(pos, 3, end, "hvcc record truncated");
      int type = b[pos] & 0x3F;
      int count = ((b[pos + 1] & 0xFF) << 8) | (b[pos + 2] & 0xFF);
      pos += 3;
      List<byte[]> into =
          switch (type) {
            case VPS -> vps;
            case SPS -> sps;
            case PPS -> pps;
            default -> null;
          };
      for (int i = 0; i < count; i++) {
        Records.need(pos, 2, end, "hvcc record truncated");
        int n = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        Records.need(pos, n, end, "hvcc record truncated");
        if (into != null) {
          into.add(Arrays.copyOfRange(b, pos, pos + n));
        }
        pos += n;
      }
    }
    return new HevcConfig(
        profileSpace,
        tier,
        profileIdc,
        compatibility,
        constraints,
        level,
        minSpatialSegmentation,
        parallelism,
        chroma,
        depthLuma,
        depthChroma,
        avgFrameRate,
        constantFrameRate,
        temporalLayers,
        nested,
        lengthSize,
        vps,
        sps,
        pps);
  }

  /** Parses an HEVCDecoderConfigurationRecord held in a payload, ISO/IEC 14496-15 8.3.3.1.2. */
  public static HevcConfig parseHvcC(Payload record) {
    byte[] b = record.toByteArray();
    return parseHvcC(b, 0, b.length);
  }

  /**
   * Builds the configuration record for parameter sets received in band (RTSP, MPEG-TS, SRT),
   * ISO/IEC 14496-15 8.3.3.1: general profile, tier and level, chroma format, bit depths and
   * temporal layering come from the first SPS; the NAL unit length size is 4 and the fields the SPS
   * does not tell (min_spatial_segmentation_idc, parallelismType, frame rates) are 0.
   *
   * @throws CodecException when there is no SPS or the first SPS cannot be parsed
   */
  public static HevcConfig fromParameterSets(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
    if (sps.isEmpty()) {
      throw new CodecException("h265 no sps");
    }
    byte[] first = sps.get(0);
    SpsDetails d = parseDetails(first, 0, first.length);
    Sps s = d.sps();
    if (s.bitDepthLuma() > 15 || d.bitDepthChroma() > 15) {
      throw new CodecException("h265 sps bit depth not representable in hvcc");
    }
    return new HevcConfig(
        s.generalProfileSpace(),
        s.generalTierFlag(),
        s.generalProfileIdc(),
        s.generalProfileCompatibilityFlags(),
        s.generalConstraintIndicatorFlags(),
        s.generalLevelIdc(),
        0,
        0,
        s.chromaFormatIdc(),
        s.bitDepthLuma(),
        d.bitDepthChroma(),
        0,
        0,
        d.maxSubLayers(),
        d.temporalIdNesting(),
        4,
        vps,
        sps,
        pps);
  }
}
