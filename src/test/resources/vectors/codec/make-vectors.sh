#!/bin/sh
# Regenerates the codec test vectors below this directory with ffmpeg/ffprobe 5.1 (libx264,
# libx265, libaom, libsvtav1, native aac). Each vector comes from a lavfi test source encoded to a
# scratch MP4, from which one decoder configuration record or parameter set is extracted.
# Usage: sh make-vectors.sh   (run from this directory; needs ffmpeg, ffprobe, xxd)
set -eu
tmp=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# extradata FILE: the first stream's decoder configuration record (avcC, hvcC, av1C or ASC).
extradata() {
  ffprobe -v error -select_streams 0 -show_streams -show_data "$1" |
    sed -n '/^extradata=/,/^extradata_size=/p' | sed '1d;$d' | cut -c11-49 | xxd -r -p
}
# nal FILE FORMAT TYPE: the first NAL unit of TYPE in FILE (MP4), without its 4-byte start code.
nal() {
  ffmpeg -v error -i "$1" -frames:v 1 -c:v copy \
    -bsf:v "${2}_mp4toannexb,filter_units=pass_types=$3" -f "$2" - | tail -c +5
}
# encode NAME SIZE ARGS...: one frame of testsrc2 at SIZE encoded with ARGS into $tmp/NAME.mp4.
encode() {
  name=$1 size=$2
  shift 2
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=25" -frames:v 1 "$@" "$tmp/$name.mp4"
}
h264() {
  encode "$@"
  extradata "$tmp/$1.mp4" >"h264/$1.avcc"
  nal "$tmp/$1.mp4" h264 7 >"h264/$1.sps"
  nal "$tmp/$1.mp4" h264 8 >"h264/$1.pps"
}
h265() {
  encode "$@"
  extradata "$tmp/$1.mp4" >"h265/$1.hvcc"
  nal "$tmp/$1.mp4" hevc 32 >"h265/$1.vps"
  nal "$tmp/$1.mp4" hevc 33 >"h265/$1.sps"
  nal "$tmp/$1.mp4" hevc 34 >"h265/$1.pps"
}
av1() {
  encode "$@"
  extradata "$tmp/$1.mp4" >"av1/$1.av1c"
}
aac() { # NAME RATE CHANNELS ARGS...
  name=$1 rate=$2 ch=$3
  shift 3
  ffmpeg -v error -y -f lavfi -i "sine=frequency=440:sample_rate=$rate" -t 0.1 -ac "$ch" \
    -c:a aac "$@" "$tmp/$name.m4a"
  extradata "$tmp/$name.m4a" >"aac/$name.asc"
  ffmpeg -v error -y -i "$tmp/$name.m4a" -c:a copy -f adts "aac/$name.adts"
}

mkdir -p h264 h265 av1 aac
h264 h264_high_1280x720 1280x720 -c:v libx264 -profile:v high -pix_fmt yuv420p
h264 h264_baseline_640x360 640x360 -c:v libx264 -profile:v baseline -pix_fmt yuv420p
h264 h264_main_1920x1080 1920x1080 -c:v libx264 -profile:v main -pix_fmt yuv420p
h264 h264_main_nob_176x144 176x144 -c:v libx264 -profile:v main -pix_fmt yuv420p -bf 0
h264 h264_high422_10bit_320x240 320x240 -c:v libx264 -profile:v high422 -pix_fmt yuv422p10le
h264 h264_high10_interlaced_1920x1080 1920x1080 -c:v libx264 -profile:v high10 \
  -pix_fmt yuv420p10le -flags +ildct+ilme -x264-params interlaced=1
h264 h264_high444_352x288 352x288 -c:v libx264 -profile:v high444 -pix_fmt yuv444p
ffmpeg -v error -y -i "$tmp/h264_main_nob_176x144.mp4" -c:v copy -bsf:v h264_mp4toannexb \
  -f h264 h264/h264_main_nob_176x144.h264

h265 h265_main_1280x720 1280x720 -c:v libx265 -profile:v main -pix_fmt yuv420p \
  -x265-params log-level=error
h265 h265_main10_640x360 640x360 -c:v libx265 -profile:v main10 -pix_fmt yuv420p10le \
  -x265-params log-level=error:info=0
h265 h265_main_426x240 426x240 -c:v libx265 -profile:v main -pix_fmt yuv420p \
  -x265-params log-level=error:info=0
h265 h265_main_1920x1080 1920x1080 -c:v libx265 -profile:v main -pix_fmt yuv420p \
  -x265-params log-level=error:info=0:temporal-layers=1
h265 h265_main422_10_320x240 320x240 -c:v libx265 -profile:v main422-10 -pix_fmt yuv422p10le \
  -x265-params log-level=error:info=0
h265 h265_main444_352x288 352x288 -c:v libx265 -profile:v main444-8 -pix_fmt yuv444p \
  -x265-params log-level=error:info=0

av1 av1_main_640x360 640x360 -c:v libaom-av1 -cpu-used 8 -usage realtime -pix_fmt yuv420p
av1 av1_main10_320x240 320x240 -c:v libaom-av1 -cpu-used 8 -usage realtime -pix_fmt yuv420p10le
av1 av1_high444_352x288 352x288 -c:v libaom-av1 -cpu-used 8 -usage realtime -pix_fmt yuv444p
av1 av1_svt_1280x720 1280x720 -c:v libsvtav1 -preset 12 -pix_fmt yuv420p 2>/dev/null

aac aac_lc_44100_stereo 44100 2
aac aac_lc_48000_mono 48000 1
aac aac_lc_22050_6ch 22050 6
aac aac_main_32000_mono 32000 1 -profile:a aac_main
aac aac_ltp_16000_stereo 16000 2 -profile:a aac_ltp -strict -2
