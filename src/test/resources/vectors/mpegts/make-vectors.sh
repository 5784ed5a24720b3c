#!/bin/sh
# Regenerates the MPEG-TS test vectors of this directory with ffmpeg/ffprobe 5.1 (libx264, libx265,
# native aac, libmp3lame, libopus) from the lavfi test sources, and prints for each what ffprobe's
# -show_packets reports per stream: packet count, lowest and highest pts (90 kHz), keyframe count.
# Usage: sh make-vectors.sh   (run from this directory; needs ffmpeg, ffprobe, awk)
set -eu
V="-f lavfi -i testsrc2=size=160x120:rate=25"
A="-f lavfi -i sine=frequency=440:sample_rate=48000"
ts() {
  name=$1
  shift
  ffmpeg -v error -y "$@" -t 1 -f mpegts "$name.ts"
  ffprobe -v error -show_packets -of csv=p=0 -show_entries packet=stream_index,pts,flags "$name.ts" |
    awk -F, -v n="$name" '$1 != "" { s=$1; c[s]++; if (!(s in lo) || $2 < lo[s]) lo[s]=$2
        if (!(s in hi) || $2 > hi[s]) hi[s]=$2; if ($3 ~ /K/) k[s]++ }
      END { for (s in c) printf "%s stream %s: %d packets, pts %s..%s, %d key\n", n, s, c[s], lo[s], hi[s], k[s] }'
}
ts h264_aac $V $A -c:v libx264 -g 25 -bf 2 -pix_fmt yuv420p -c:a aac -b:a 64k
ts h265_aac $V $A -c:v libx265 -x265-params log-level=error:keyint=25 -pix_fmt yuv420p -c:a aac -b:a 64k
ts h264_mp3 $V $A -c:v libx264 -g 25 -bf 0 -pix_fmt yuv420p -c:a libmp3lame -b:a 64k
ts aac_latm $A -c:a aac -b:a 64k -mpegts_flags latm
ts opus $A -c:a libopus -b:a 64k
