package io.arcly.stream.codec;

import java.util.Objects;

/**
 * The picture order count of H.264 and H.265 slices, read from their slice headers (ITU-T H.264
 * 7.3.3, H.265 7.3.6.1), for the transports that carry presentation times only (RTP) and need a
 * decoding order derived from it.
 *
 * <p>Only the least significant bits of the count are read ({@code pic_order_cnt_lsb} / {@code
 * slice_pic_order_cnt_lsb}); the caller unwraps them. H.264 streams with {@code pic_order_cnt_type}
 * 1 or 2, or with fields, have no such bits: {@link Params#hasPocLsb()} is false for them.
 */
public final class PictureOrder {
  /** How many bytes of a slice header are unescaped at most: the fields read fit well within. */
  private static final int HEADER_BYTES = 48;

  private PictureOrder() {}

  /**
   * What a slice header reader needs from the parameter sets.
   *
   * @param codec 264 or 265
   * @param log2MaxPocLsb bits of the picture order count in a slice header, 0 when it has none
   * @param log2MaxFrameNum H.264 frame_num bits
   * @param separateColourPlane separate_colour_plane_flag
   * @param frameMbsOnly H.264 frame_mbs_only_flag (always true for H.265)
   * @param maxReorder the most pictures that precede another in decoding order and follow it in
   *     output order (H.264 max_num_reorder_frames, H.265 sps_max_num_reorder_pics), -1 unknown
   * @param dependentSliceSegments H.265 dependent_slice_segments_enabled_flag
   * @param outputFlagPresent H.265 output_flag_present_flag
   * @param extraSliceHeaderBits H.265 num_extra_slice_header_bits
   */
  public record Params(
      int codec,
      int log2MaxPocLsb,
      int log2MaxFrameNum,
      boolean separateColourPlane,
      boolean frameMbsOnly,
      int maxReorder,
      boolean dependentSliceSegments,
      boolean outputFlagPresent,
      int extraSliceHeaderBits) {

    /** Whether slice headers carry picture order count bits. */
    public boolean hasPocLsb() {
      return log2MaxPocLsb > 0 && frameMbsOnly;
    }
  }

  /**
   * The parameters of an H.264 SPS NAL unit, ITU-T H.264 7.3.2.1.1 and E.1.1.
   *
   * @throws CodecException when the SPS cannot be parsed
   */
  public static Params h264(byte[] sps) {
    H264.SpsDetails d = H264.parseDetails(sps, 0, sps.length);
    int lsb = d.pocType() == 0 ? d.log2MaxPocLsb() : 0;
    int reorder = d.maxNumReorderFrames();
    if (d.pocType() == 2) {
      reorder = 0; // output order is decoding order, 8.2.1.3
    }
    return new Params(
        264,
        lsb,
        d.log2MaxFrameNum(),
        d.separateColourPlane(),
        d.frameMbsOnly(),
        reorder,
        false,
        false,
        0);
  }

  /**
   * The parameters of an H.265 SPS and PPS NAL unit pair, ITU-T H.265 7.3.2.2.1 and 7.3.2.3.1.
   *
   * @throws CodecException when either cannot be parsed
   */
  public static Params h265(byte[] sps, byte[] pps) {
    H265.SpsDetails d = H265.parseDetails(sps, 0, sps.length);
    if (d.log2MaxPocLsb() < 4) {
      throw new CodecException("h265 sps truncated");
    }
    if (pps.length < 3 || H265.nalType(pps[0]) != H265.PPS) {
      throw new CodecException("h265 nal unit is not a pps");
    }
    byte[] rbsp = Nal.unescape(pps, 2, Math.min(pps.length - 2, HEADER_BYTES));
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h265 pps");
    r.ue(); // pps_pic_parameter_set_id
    r.ue(); // pps_seq_parameter_set_id
    boolean dependent = r.flag();
    boolean output = r.flag();
    int extra = r.u(3);
    return new Params(
        265,
        d.log2MaxPocLsb(),
        0,
        d.separateColourPlane(),
        true,
        d.maxNumReorderPics(),
        dependent,
        output,
        extra);
  }

  /**
   * The picture order count bits of a slice NAL unit: {@code pic_order_cnt_lsb} of an H.264 slice
   * (types 1 and 5), {@code slice_pic_order_cnt_lsb} of the first slice segment of an H.265 picture
   * (0 for IDR pictures); -1 when the NAL unit is not such a slice or {@code p} has no such bits.
   *
   * @throws CodecException when the slice header is truncated or malformed
   */
  public static int pocLsb(byte[] nal, int off, int len, Params p) {
    Objects.checkFromIndexSize(off, len, nal.length);
    if (!p.hasPocLsb() || len < 3) {
      return -1;
    }
    return p.codec() == 264 ? h264Lsb(nal, off, len, p) : h265Lsb(nal, off, len, p);
  }

  private static int h264Lsb(byte[] nal, int off, int len, Params p) {
    int type = H264.nalType(nal[off]);
    if (type != H264.NON_IDR && type != H264.IDR) {
      return -1;
    }
    byte[] rbsp = Nal.unescape(nal, off + 1, Math.min(len - 1, HEADER_BYTES));
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h264 slice header");
    r.ue(); // first_mb_in_slice
    r.ue(); // slice_type
    r.ue(); // pic_parameter_set_id
    if (p.separateColourPlane()) {
      r.skip(2); // colour_plane_id
    }
    r.skip(p.log2MaxFrameNum()); // frame_num
    if (type == H264.IDR) {
      r.ue(); // idr_pic_id
    }
    return r.u(p.log2MaxPocLsb());
  }

  private static int h265Lsb(byte[] nal, int off, int len, Params p) {
    int type = H265.nalType(nal[off]);
    if (type > H265.IRAP_LAST || (type > 9 && type < H265.IRAP_FIRST)) {
      return -1; // not a VCL NAL unit (or a reserved one)
    }
    byte[] rbsp = Nal.unescape(nal, off + 2, Math.min(len - 2, HEADER_BYTES));
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h265 slice header");
    if (!r.flag()) { // first_slice_segment_in_pic_flag
      return -1;
    }
    if (H265.isIrap(type)) {
      r.skip(1); // no_output_of_prior_pics_flag
    }
    r.ue(); // slice_pic_parameter_set_id
    r.skip(p.extraSliceHeaderBits()); // slice_reserved_flag[i]
    r.ue(); // slice_type
    if (p.outputFlagPresent()) {
      r.skip(1); // pic_output_flag
    }
    if (p.separateColourPlane()) {
      r.skip(2); // colour_plane_id
    }
    if (type == H265.IDR_W_RADL || type == H265.IDR_N_LP) {
      return 0;
    }
    return r.u(p.log2MaxPocLsb());
  }
}
