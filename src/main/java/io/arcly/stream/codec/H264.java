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
 * H.264 / AVC parsing: NAL unit types (ITU-T H.264 7.4.1, Table 7-1), the sequence parameter set
 * (7.3.2.1.1) and the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1).
 */
public final class H264 {
  /** Coded slice of a non-IDR picture, ITU-T H.264 Table 7-1. */
  public static final int NON_IDR = 1;

  /** Coded slice of an IDR picture, ITU-T H.264 Table 7-1. */
  public static final int IDR = 5;

  /** Supplemental enhancement information, ITU-T H.264 Table 7-1. */
  public static final int SEI = 6;

  /** Sequence parameter set, ITU-T H.264 Table 7-1. */
  public static final int SPS = 7;

  /** Picture parameter set, ITU-T H.264 Table 7-1. */
  public static final int PPS = 8;

  /** Access unit delimiter, ITU-T H.264 Table 7-1. */
  public static final int AUD = 9;

  private H264() {}

  /** The nal_unit_type in a NAL unit's first byte, ITU-T H.264 7.3.1. */
  public static int nalType(int firstByte) {
    return firstByte & 0x1F;
  }

  /**
   * Whether a 4-byte-length-prefixed access unit holds an IDR slice (ITU-T H.264 Table 7-1); throws
   * a {@link CodecException} when a length prefix overruns the payload.
   */
  public static boolean isKeyframe(Payload au) {
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      if (w.length() > 0 && nalType(au.get(w.offset())) == IDR) {
        return true;
      }
    }
    return false;
  }

  /**
   * The fields of a sequence parameter set that describe the stream, ITU-T H.264 7.4.2.1.1.
   *
   * @param profileIdc profile_idc, for example 66 baseline, 77 main, 100 high
   * @param constraintFlags the byte holding constraint_set0_flag (bit 7) to constraint_set5_flag
   *     and the two reserved bits
   * @param levelIdc level_idc, ten times the level number (31 for level 3.1)
   * @param width the displayed width in pixels, after frame cropping
   * @param height the displayed height in pixels, after frame cropping, frames not fields
   * @param chromaFormatIdc 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
   * @param bitDepth the luma bit depth, 8 to 14
   */
  public record Sps(
      int profileIdc,
      int constraintFlags,
      int levelIdc,
      int width,
      int height,
      int chromaFormatIdc,
      int bitDepth) {

    /** The RFC 6381 codec string {@code avc1.PPCCLL} in lowercase hex, ISO/IEC 14496-15 E.2. */
    public String codecString() {
      return H264.codecString(profileIdc, constraintFlags, levelIdc);
    }
  }

  /**
   * An SPS with the fields the configuration record and slice header readers need but {@link Sps}
   * does not carry; {@code maxNumReorderFrames} is -1 when the VUI does not tell it.
   */
  record SpsDetails(
      Sps sps,
      int bitDepthChroma,
      boolean separateColourPlane,
      int log2MaxFrameNum,
      int pocType,
      int log2MaxPocLsb,
      boolean frameMbsOnly,
      int maxNumReorderFrames) {}

  /**
   * Parses a sequence parameter set NAL unit (its 1-byte header, then the escaped RBSP), ITU-T
   * H.264 7.3.2.1.1, including high-profile chroma format, bit depth and scaling lists,
   * frame_mbs_only and frame cropping; the VUI is not read.
   *
   * @throws CodecException when the data is not an SPS, is truncated or holds out-of-range values
   */
  public static Sps parseSps(byte[] nal, int off, int len) {
    return parseDetails(nal, off, len).sps();
  }

  static SpsDetails parseDetails(byte[] nal, int off, int len) {
    Objects.checkFromIndexSize(off, len, nal.length);
    if (len < 1) {
      throw new CodecException("h264 sps truncated");
    }
    if (nalType(nal[off]) != SPS) {
      throw new CodecException("h264 nal unit is not an sps");
    }
    byte[] rbsp = Nal.unescape(nal, off + 1, len - 1);
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h264 sps");
    int profile = r.u(8);
    int constraints = r.u(8);
    int level = r.u(8);
    check(r.ue() <= 31, "seq_parameter_set_id");
    int chroma = 1;
    boolean separateColourPlane = false;
    int depthLuma = 8;
    int depthChroma = 8;
    if (hasChromaInfo(profile)) {
      chroma = r.ue();
      check(chroma <= 3, "chroma_format_idc");
      if (chroma == 3) {
        separateColourPlane = r.flag();
      }
      int lumaMinus8 = r.ue();
      check(lumaMinus8 <= 6, "bit_depth_luma_minus8");
      int chromaMinus8 = r.ue();
      check(chromaMinus8 <= 6, "bit_depth_chroma_minus8");
      depthLuma = lumaMinus8 + 8;
      depthChroma = chromaMinus8 + 8;
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        int lists = chroma != 3 ? 8 : 12;
        for (int i = 0; i < lists; i++) {
          if (r.flag()) { // seq_scaling_list_present_flag[i]
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    int log2MaxFrameNum = r.ue() + 4;
    check(log2MaxFrameNum <= 16, "log2_max_frame_num_minus4");
    int pocType = r.ue();
    int log2MaxPocLsb = 0;
    if (pocType == 0) {
      log2MaxPocLsb = r.ue() + 4;
      check(log2MaxPocLsb <= 16, "log2_max_pic_order_cnt_lsb_minus4");
    } else if (pocType == 1) {
      r.skip(1); // delta_pic_order_always_zero_flag
      r.se(); // offset_for_non_ref_pic
      r.se(); // offset_for_top_to_bottom_field
      int cycle = r.ue();
      check(cycle <= 255, "num_ref_frames_in_pic_order_cnt_cycle");
      for (int i = 0; i < cycle; i++) {
        r.se(); // offset_for_ref_frame[i]
      }
    } else {
      check(pocType == 2, "pic_order_cnt_type");
    }
    r.ue(); // max_num_ref_frames
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = r.ue() + 1L;
    long heightMapUnits = r.ue() + 1L;
    check(widthMbs <= 4096 && heightMapUnits <= 4096, "picture size");
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) {
      r.skip(1); // mb_adaptive_frame_field_flag
    }
    r.skip(1); // direct_8x8_inference_flag
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (r.flag()) { // frame_cropping_flag
      cropLeft = r.ue();
      cropRight = r.ue();
      cropTop = r.ue();
      cropBottom = r.ue();
    }
    // 7.4.2.1.1: CropUnitX / CropUnitY from ChromaArrayType, SubWidthC and SubHeightC (Table 6-1).
    int chromaArrayType = separateColourPlane ? 0 : chroma;
    int fieldFactor = frameMbsOnly ? 1 : 2;
    long cropUnitX = 1;
    long cropUnitY = fieldFactor;
    if (chromaArrayType != 0) {
      cropUnitX = chromaArrayType == 3 ? 1 : 2;
      cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (long) fieldFactor;
    }
    long width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
    long height = heightMapUnits * fieldFactor * 16 - cropUnitY * (cropTop + cropBottom);
    check(width > 0 && height > 0, "frame cropping");
    Sps sps = new Sps(profile, constraints, level, (int) width, (int) height, chroma, depthLuma);
    int reorder = -1;
    try {
      if (r.flag()) { // vui_parameters_present_flag
        reorder = vuiMaxNumReorderFrames(r);
      }
    } catch (CodecException e) {
      // a truncated or odd VUI leaves the reorder depth unknown; the SPS itself is fine
    }
    return new SpsDetails(
        sps,
        depthChroma,
        separateColourPlane,
        log2MaxFrameNum,
        pocType,
        log2MaxPocLsb,
        frameMbsOnly,
        reorder);
  }

  /**
   * Reads a VUI (ITU-T H.264 E.1.1) up to max_num_reorder_frames of its bitstream restriction, or
   * returns -1 when the VUI has none.
   */
  private static int vuiMaxNumReorderFrames(BitReader r) {
    if (r.flag()) { // aspect_ratio_info_present_flag
      if (r.u(8) == 255) { // aspect_ratio_idc Extended_SAR
        r.skip(32); // sar_width, sar_height
      }
    }
    if (r.flag()) { // overscan_info_present_flag
      r.skip(1); // overscan_appropriate_flag
    }
    if (r.flag()) { // video_signal_type_present_flag
      r.skip(4); // video_format, video_full_range_flag
      if (r.flag()) { // colour_description_present_flag
        r.skip(24);
      }
    }
    if (r.flag()) { // chroma_loc_info_present_flag
      r.ue();
      r.ue();
    }
    if (r.flag()) { // timing_info_present_flag
      r.skip(65); // num_units_in_tick, time_scale, fixed_frame_rate_flag
    }
    boolean nalHrd = r.flag();
    if (nalHrd) {
      skipHrd(r);
    }
    boolean vclHrd = r.flag();
    if (vclHrd) {
      skipHrd(r);
    }
    if (nalHrd || vclHrd) {
      r.skip(1); // low_delay_hrd_flag
    }
    r.skip(1); // pic_struct_present_flag
    if (!r.flag()) { // bitstream_restriction_flag
      return -1;
    }
    r.skip(1); // motion_vectors_over_pic_boundaries_flag
    r.ue(); // max_bytes_per_pic_denom
    r.ue(); // max_bits_per_mb_denom
    r.ue(); // log2_max_mv_length_horizontal
    r.ue(); // log2_max_mv_length_vertical
    int reorder = r.ue();
    check(reorder <= 16, "max_num_reorder_frames");
    return reorder;
  }

  /** Reads past hrd_parameters(), ITU-T H.264 E.1.2. */
  private static void skipHrd(BitReader r) {
    int cpbCount = r.ue() + 1;
    check(cpbCount <= 32, "cpb_cnt_minus1");
    r.skip(8); // bit_rate_scale, cpb_size_scale
    for (int i = 0; i < cpbCount; i++) {
      r.ue(); // bit_rate_value_minus1
      r.ue(); // cpb_size_value_minus1
      r.skip(1); // cbr_flag
    }
    r.skip(20); // four 5-bit delay and length fields
  }

  /** Whether an SPS of this profile carries chroma_format_idc and bit depths (7.3.2.1.1). */
  private static boolean hasChromaInfo(int profile) {
    return switch (profile) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135, 144 -> true;
      default -> false;
    };
  }

  /** Reads past one scaling_list() of {@code size} entries, ITU-T H.264 7.3.2.1.1.1. */
  private static void skipScalingList(BitReader r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        int delta = r.se();
        check(delta >= -128 && delta <= 127, "delta_scale");
        next = (last + delta + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }

  private static void check(boolean ok, String field) {
    if (!ok) {
      throw new CodecException("h264 sps " + field + " out of range");
    }
  }

  private static String codecString(int profile, int constraints, int level) {
    return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile, constraints, level);
  }

  /**
   * An AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1: the stream's profile and level, the
   * NAL unit length size of its samples and its parameter sets.
   *
   * <p>Parameter sets are whole NAL units (header byte included, no start code or length). The
   * record keeps private copies; the arrays it hands out must not be modified. Equality compares
   * their content.
   *
   * @param profile AVCProfileIndication (profile_idc of the SPS)
   * @param compatibility profile_compatibility (the SPS byte holding the constraint flags)
   * @param level AVCLevelIndication (level_idc of the SPS)
   * @param nalLengthSize the size in bytes of each NAL unit's length prefix in samples: 1, 2 or 4
   *     (lengthSizeMinusOne + 1)
   * @param sps the sequence parameter set NAL units
   * @param pps the picture parameter set NAL units
   */
  public record AvcConfig(
      int profile,
      int compatibility,
      int level,
      int nalLengthSize,
      List<byte[]> sps,
      List<byte[]> pps) {

    /** Validates the fields and copies the parameter sets. */
    public AvcConfig {
      if ((profile | compatibility | level) >>> 8 != 0) {
        throw new IllegalArgumentException("profile, compatibility and level must be 0 to 255");
      }
      if (nalLengthSize < 1 || nalLengthSize > 4) {
        throw new IllegalArgumentException("nal length size must be 1 to 4: " + nalLengthSize);
      }
      sps = Records.copy(sps, "sps");
      pps = Records.copy(pps, "pps");
    }

    /**
     * Encodes the record, ISO/IEC 14496-15 5.3.3.1.2; for the profiles whose SPS carries chroma
     * format and bit depth (high profiles) the extension with those values, taken from the first
     * SPS, follows the picture parameter sets unless that SPS cannot be parsed.
     *
     * @throws CodecException when there are more than 31 SPS or 255 PPS or one exceeds 65535 bytes
     */
    public byte[] toRecord() {
      if (sps.size() > 31 || pps.size() > 255) {
        throw new CodecException("avcc too many parameter sets");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(1);
      out.write(profile);
      out.write(compatibility);
      out.write(level);
      out.write(0xFC | (nalLengthSize - 1));
      out.write(0xE0 | sps.size());
      writeAll(out, sps);
      out.write(pps.size());
      writeAll(out, pps);
      if (hasChromaInfo(profile) && !sps.isEmpty()) {
        SpsDetails d;
        try {
          byte[] first = sps.get(0);
          d = parseDetails(first, 0, first.length);
        } catch (CodecException e) {
          d = null;
        }
        if (d != null) {
          out.write(0xFC | d.sps().chromaFormatIdc());
          out.write(0xF8 | (d.sps().bitDepth() - 8));
          out.write(0xF8 | (d.bitDepthChroma() - 8));
          out.write(0); // numOfSequenceParameterSetExt
        }
      }
      return out.toByteArray();
    }

    /** The RFC 6381 codec string {@code avc1.PPCCLL} in lowercase hex, ISO/IEC 14496-15 E.2. */
    public String codecString() {
      return H264.codecString(profile, compatibility, level);
    }

    /**
     * The track description for this configuration, ISO/IEC 14496-15 5.3.3.1, with the picture size
     * of the first SPS (0 x 0 without one).
     *
     * @throws CodecException when the first SPS cannot be parsed
     */
    public TrackInfo toTrackInfo() {
      if (sps.isEmpty()) {
        return TrackInfo.video(CodecId.H264, codecString(), 0, 0);
      }
      byte[] first = sps.get(0);
      Sps s = parseSps(first, 0, first.length);
      return TrackInfo.video(CodecId.H264, codecString(), s.width(), s.height());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AvcConfig c
          && profile == c.profile
          && compatibility == c.compatibility
          && level == c.level
          && nalLengthSize == c.nalLengthSize
          && Records.same(sps, c.sps)
          && Records.same(pps, c.pps);
    }

    @Override
    public int hashCode() {
      return Objects.hash(profile, compatibility, level, nalLengthSize)
          + 31 * Records.hash(sps)
          + 961 * Records.hash(pps);
    }

    @Override
    public String toString() {
      return "AvcConfig[profile="
          + profile
          + ", compatibility="
          + compatibility
          + ", level="
          + level
          + ", nalLengthSize="
          + nalLengthSize
          + ", sps="
          + Records.sizes(sps)
          + ", pps="
          + Records.sizes(pps)
          + "]";
    }
  }

  private static void writeAll(ByteArrayOutputStream out, List<byte[]> nals) {
    for (byte[] nal : nals) {
      if (nal.length > 0xFFFF) {
        throw new CodecException("avcc parameter set too long");
      }
      out.write(nal.length >>> 8);
      out.write(nal.length & 0xFF);
      out.write(nal, 0, nal.length);
    }
  }

  /**
   * Parses an AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1.2; whatever follows the
   * picture parameter sets (the high-profile extension, present or not, complete or not) is
   * ignored.
   *
   * @throws CodecException when the record is too short, truncated or not version 1
   */
  public static AvcConfig parseAvcC(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len < 7) {
      throw new CodecException("avcc record too short");
    }
    if (b[off] != 1) {
      throw new CodecException("avcc unsupported version");
    }
    int end = off + len;
    int lengthSize = (b[off + 4] & 3) + 1;
    int pos = off + 5;
    int spsCount = b[pos++] & 0x1F;
    List<byte[]> sps = new ArrayList<>(spsCount);
    pos = readAll(b, pos, end, spsCount, sps);
    Records.need(pos, 1, end, "avcc record truncated");
    int ppsCount = b[pos++] & 0xFF;
    List<byte[]> pps = new ArrayList<>(ppsCount);
    readAll(b, pos, end, ppsCount, pps);
    return new AvcConfig(
        b[off + 1] & 0xFF, b[off + 2] & 0xFF, b[off + 3] & 0xFF, lengthSize, sps, pps);
  }

  /** Parses an AVCDecoderConfigurationRecord held in a payload, ISO/IEC 14496-15 5.3.3.1.2. */
  public static AvcConfig parseAvcC(Payload record) {
    byte[] b = record.toByteArray();
    return parseAvcC(b, 0, b.length);
  }

  private static int readAll(byte[] b, int pos, int end, int count, List<byte[]> into) {
    for (int i = 0; i < count; i++) {
      Records.need(pos, 2, end, "avcc record truncated");
      int n = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      Records.need(pos, n, end, "avcc record truncated");
      into.add(Arrays.copyOfRange(b, pos, pos + n));
      pos += n;
    }
    return pos;
  }

  /**
   * Builds the configuration record for parameter sets received in band (RTSP, MPEG-TS, SRT),
   * ISO/IEC 14496-15 5.3.3.1: profile, compatibility and level come from the first SPS and the NAL
   * unit length size is 4.
   *
   * @throws CodecException when there is no SPS or the first SPS cannot be parsed
   */
  public static AvcConfig fromParameterSets(List<byte[]> sps, List<byte[]> pps) {
    if (sps.isEmpty()) {
      throw new CodecException("h264 no sps");
    }
    byte[] first = sps.get(0);
    Sps s = parseSps(first, 0, first.length);
    return new AvcConfig(s.profileIdc(), s.constraintFlags(), s.levelIdc(), 4, sps, pps);
  }
}
