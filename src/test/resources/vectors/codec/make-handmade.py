#!/usr/bin/env python3
"""Writes the hand-made SPS vectors: syntax that x264 and x265 never emit (H.264 SPS scaling
lists, pic_order_cnt_type 1, separate colour planes, emulation prevention inside the parsed
fields; H.265 sub-layer profiles, high tier, 4:2:2 conformance window). Each SPS is written field
by field from ITU-T H.264 7.3.2.1.1 / H.265 7.3.2.2.1 and was checked with ffmpeg's trace_headers
bitstream filter, see README.md.
Usage: python3 make-handmade.py   (run from this directory)"""


class Bits:
    def __init__(self):
        self.bits = []

    def u(self, n, v):
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]

    def ue(self, v):
        v += 1
        n = v.bit_length()
        self.u(n - 1, 0)
        self.u(n, v)

    def se(self, v):
        self.ue(2 * v - 1 if v > 0 else -2 * v)

    def rbsp(self):
        self.bits.append(1)  # rbsp_stop_one_bit
        while len(self.bits) % 8:
            self.bits.append(0)
        out = bytearray()
        for i in range(0, len(self.bits), 8):
            out.append(int("".join(map(str, self.bits[i:i + 8])), 2))
        return bytes(out)


def escape(rbsp):
    out, zeros = bytearray(), 0
    for b in rbsp:
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def scaling_list(w, values):
    """Writes delta_scale so that the list decodes to values; a 0 ends it (the rest repeat)."""
    last = 8
    for v in values:
        w.se(((v - last + 128) % 256) - 128)
        if v == 0:
            return
        last = v


def sps(profile, constraints, level, chroma=1, separate=False, depth=8, lists=None,
        poc_type=0, poc_cycle=(), width_mbs=1, map_units=1, frame_mbs_only=True, crop=None):
    w = Bits()
    w.u(8, profile)
    w.u(8, constraints)
    w.u(8, level)
    w.ue(0)  # seq_parameter_set_id
    if profile in (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
        w.ue(chroma)
        if chroma == 3:
            w.u(1, int(separate))
        w.ue(depth - 8)
        w.ue(depth - 8)
        w.u(1, 0)  # qpprime_y_zero_transform_bypass_flag
        w.u(1, 1 if lists is not None else 0)
        if lists is not None:
            for i in range(8 if chroma != 3 else 12):
                present = lists.get(i)
                w.u(1, 1 if present is not None else 0)
                if present is not None:
                    scaling_list(w, present)
    w.ue(0)  # log2_max_frame_num_minus4
    w.ue(poc_type)
    if poc_type == 0:
        w.ue(2)
    elif poc_type == 1:
        w.u(1, 0)  # delta_pic_order_always_zero_flag
        w.se(-3)  # offset_for_non_ref_pic
        w.se(1)  # offset_for_top_to_bottom_field
        w.ue(len(poc_cycle))
        for o in poc_cycle:
            w.se(o)
    w.ue(4)  # max_num_ref_frames
    w.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    w.ue(width_mbs - 1)
    w.ue(map_units - 1)
    w.u(1, int(frame_mbs_only))
    if not frame_mbs_only:
        w.u(1, 1)  # mb_adaptive_frame_field_flag
    w.u(1, 1)  # direct_8x8_inference_flag
    w.u(1, 1 if crop else 0)
    if crop:
        for c in crop:
            w.ue(c)
    w.u(1, 0)  # vui_parameters_present_flag
    return bytes([0x67]) + escape(w.rbsp())


intra4 = [6, 13, 13, 20, 20, 20, 28, 28, 28, 28, 32, 32, 32, 37, 37, 42]
ramp64 = [min(255, 4 + 3 * i) for i in range(64)]
vectors = {
    # High, 1280x720, lists 0 (explicit), 2 (default via delta to 0), 3 (runs into 0: repeat),
    # 6 (explicit 8x8) present; the others fall back.
    "h264_scaling_high_1280x720.sps": sps(
        100, 0, 31, lists={0: intra4, 2: [0], 3: [16, 17, 18, 0], 6: ramp64},
        width_mbs=80, map_units=45),
    # High 4:4:4 Predictive, separate colour planes (ChromaArrayType 0), 12 lists, 10 bit,
    # 368x288 coded, 16 columns cropped on the right: 352x288.
    "h264_scaling_high444_352x288.sps": sps(
        244, 0, 30, chroma=3, separate=True, depth=10,
        lists={i: (ramp64 if i >= 6 else intra4) for i in range(12)},
        width_mbs=23, map_units=18, crop=(0, 16, 0, 0)),
    # Main, pic_order_cnt_type 1, MBAFF (frame_mbs_only_flag 0), 720x576 with 2 field map rows
    # cropped at the bottom (CropUnitY 4): 720x568.
    "h264_poc1_mbaff_720x568.sps": sps(
        77, 0x40, 30, poc_type=1, poc_cycle=(2, -1, 300, 1 << 17, -(1 << 20)), width_mbs=45, map_units=18,
        frame_mbs_only=False, crop=(0, 0, 0, 2)),
}


def ptl(w, space, tier, idc, compat, constraints, level, sub_layers):
    """profile_tier_level(1, sps_max_sub_layers_minus1), H.265 7.3.3; sub_layers: [(ptl, level)]."""
    w.u(2, space)
    w.u(1, tier)
    w.u(5, idc)
    w.u(32, compat)
    w.u(48, constraints)
    w.u(8, level)
    for profile, lvl in sub_layers:
        w.u(1, 1 if profile else 0)
        w.u(1, 1 if lvl is not None else 0)
    if sub_layers:
        for _ in range(len(sub_layers), 8):
            w.u(2, 0)
    for profile, lvl in sub_layers:
        if profile:
            w.u(2, profile[0])
            w.u(1, profile[1])
            w.u(5, profile[2])
            w.u(32, profile[3])
            w.u(48, profile[4])
        if lvl is not None:
            w.u(8, lvl)


def hevc_sps(space, tier, idc, compat, constraints, level, sub_layers, chroma, width, height,
             window=None, depth=8):
    w = Bits()
    w.u(4, 0)  # sps_video_parameter_set_id
    w.u(3, len(sub_layers))  # sps_max_sub_layers_minus1
    w.u(1, 0 if sub_layers else 1)  # sps_temporal_id_nesting_flag
    ptl(w, space, tier, idc, compat, constraints, level, sub_layers)
    w.ue(0)  # sps_seq_parameter_set_id
    w.ue(chroma)
    if chroma == 3:
        w.u(1, 0)
    w.ue(width)
    w.ue(height)
    w.u(1, 1 if window else 0)
    if window:
        for o in window:
            w.ue(o)
    w.ue(depth - 8)
    w.ue(depth - 8)
    w.ue(4)  # log2_max_pic_order_cnt_lsb_minus4
    w.u(1, 1)  # sps_sub_layer_ordering_info_present_flag
    for _ in range(len(sub_layers) + 1):
        w.ue(4)  # sps_max_dec_pic_buffering_minus1
        w.ue(2)  # sps_max_num_reorder_pics
        w.ue(0)  # sps_max_latency_increase_plus1
    w.ue(0)  # log2_min_luma_coding_block_size_minus3
    w.ue(3)  # log2_diff_max_min_luma_coding_block_size
    w.ue(0)  # log2_min_luma_transform_block_size_minus2
    w.ue(3)  # log2_diff_max_min_luma_transform_block_size
    w.ue(1)  # max_transform_hierarchy_depth_inter
    w.ue(1)  # max_transform_hierarchy_depth_intra
    for _ in range(3):
        w.u(1, 0)  # scaling_list_enabled_flag, amp_enabled_flag, sample_adaptive_offset
    w.u(1, 0)  # pcm_enabled_flag
    w.ue(0)  # num_short_term_ref_pic_sets
    w.u(1, 0)  # long_term_ref_pics_present_flag
    w.u(1, 1)  # sps_temporal_mvp_enabled_flag
    w.u(1, 1)  # strong_intra_smoothing_enabled_flag
    w.u(1, 0)  # vui_parameters_present_flag
    w.u(1, 0)  # sps_extension_present_flag
    return bytes([33 << 1, 1]) + escape(w.rbsp())


MAIN_COMPAT = 0x60000000  # general_profile_compatibility_flag[1] and [2]
PROGRESSIVE_FRAME_ONLY = 0x900000000000
hevc = {
    # Main, high tier, level 5, three temporal sub-layers: sub-layer 0 with profile and level,
    # sub-layer 1 with level only; 1920x1088 coded, 4 chroma rows cropped at the bottom: 1080.
    "h265_subLayers_hightier_1920x1080.sps": hevc_sps(
        0, 1, 1, MAIN_COMPAT, PROGRESSIVE_FRAME_ONLY, 150,
        [((0, 1, 1, MAIN_COMPAT, PROGRESSIVE_FRAME_ONLY), 120), (None, 90)],
        1, 1920, 1088, window=(0, 0, 0, 4)),
    # RExt (profile idc 4, flag [4]), Main 4:2:2 10 constraints, 856x480 coded, window
    # right 1 (2 luma columns) and bottom 1 (1 row): 854x479.
    "h265_rext_422_854x479.sps": hevc_sps(
        0, 0, 4, 0x08000000, 0x9D0800000000, 93, [], 2, 856, 480, window=(0, 1, 0, 1),
        depth=10),
}
vectors.update({"../h265/" + k: v for k, v in hevc.items()})
for name, nal in vectors.items():
    with open("h264/" + name, "wb") as f:
        f.write(nal)
