#!/usr/bin/env bash
# Re-captures the RTMP traces in conformance/traces from real programs on loopback.
# Needs root (tcpdump), nginx with libnginx-mod-rtmp, ffmpeg, gst-launch-1.0 and tshark.
# The client side of each capture talks to nginx-rtmp, an independent server, on port 1936.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/traces"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
error_log $work/error.log info; pid $work/nginx.pid;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:1936; application live { live on; } } }
CONF
nginx -p "$work" -c "$work/nginx.conf" &
sleep 1

capture() { # name, then the command to capture
  local name=$1; shift
  tcpdump -i lo -s 0 -U -w "$work/$name.pcap" 'tcp port 1936' 2>/dev/null &
  local dump=$!
  sleep 1
  "$@"
  sleep 1
  kill "$dump"; wait "$dump" 2>/dev/null || true
}

publish() { # seconds, url: ffmpeg 5.1 publishing a 320x240 15 fps H.264 + AAC test pattern
  ffmpeg -hide_banner -nostdin -loglevel error -re \
    -f lavfi -i testsrc2=size=320x240:rate=15 -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -t "$1" -c:v libx264 -preset ultrafast -g 15 -b:v 300k -c:a aac -b:a 64k -f flv "$2"
}

# ffmpeg 5.1 publishing H.264 + AAC.
capture rtmp-ffmpeg-publish publish 4 rtmp://127.0.0.1:1936/live/test
cp "$work/rtmp-ffmpeg-publish.pcap" .

# GStreamer publishing H.264 + AAC with flvmux and rtmp2sink.
capture rtmp-gstreamer-publish gst-launch-1.0 -q \
  videotestsrc is-live=true num-buffers=60 ! video/x-raw,width=320,height=240,framerate=15/1 ! \
  x264enc tune=zerolatency key-int-max=15 bitrate=300 speed-preset=ultrafast ! h264parse ! queue ! m. \
  audiotestsrc is-live=true num-buffers=172 samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=2 ! \
  avenc_aac ! aacparse ! queue ! m. \
  flvmux name=m streamable=true ! rtmp2sink location=rtmp://127.0.0.1:1936/live/gst
cp "$work/rtmp-gstreamer-publish.pcap" .

# ffprobe playing while ffmpeg publishes: keep only the player's connection (the second).
publish 8 rtmp://127.0.0.1:1936/live/play &
publisher=$!
sleep 2
capture rtmp-both timeout 4 ffprobe -v error -show_entries packet=stream_index -of csv=p=0 \
  rtmp://127.0.0.1:1936/live/play > /dev/null || true
wait "$publisher" 2>/dev/null || true
player=$(tshark -r "$work/rtmp-both.pcap" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' -T fields -e tcp.stream | head -1)
tshark -r "$work/rtmp-both.pcap" -Y "tcp.stream==$player" -w rtmp-ffprobe-play.pcap -F pcap

# HEVC over Enhanced RTMP (FourCC hvc1), as OBS 29.1+ sends it, from a libx265 stream: published by
# the replay tool's own client, since no Debian program publishes HEVC over RTMP.
ffmpeg -y -hide_banner -v error -f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 50 \
  -c:v libx265 -x265-params keyint=25:bframes=0:log-level=error -f hevc "$work/sample.hevc"
capture rtmp-enhanced-hevc-publish ../replay publish-hevc "$work/sample.hevc" 1936 live hevc
cp "$work/rtmp-enhanced-hevc-publish.pcap" .

# Client role: this server's relay pushing the bundled sample to nginx (the upstream).
capture rtmp-relay-to-nginx ../replay relay-to 1936 live/relay 3
cp "$work/rtmp-relay-to-nginx.pcap" .

# The ffmpeg publish captured on all interfaces (Linux cooked v2 link layer) as pcapng.
tcpdump -i any -s 0 -U -w "$work/any.pcap" 'tcp port 1936' 2>/dev/null &
dump=$!
sleep 1
publish 2 rtmp://127.0.0.1:1936/live/any
sleep 1
kill "$dump"; wait "$dump" 2>/dev/null || true
editcap -F pcapng "$work/any.pcap" rtmp-ffmpeg-publish-any.pcapng

# Negative traces, derived reproducibly from the ffmpeg publish (client half only).
for kind in truncate-mid-chunk flip-length garbage-after-handshake; do
  ../replay mutate "$kind" rtmp-ffmpeg-publish.pcap 1936 "rtmp-ffmpeg-publish-$kind.pcap"
done
ls -la
