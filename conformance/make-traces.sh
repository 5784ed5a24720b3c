#!/usr/bin/env bash
# Re-captures the traces in conformance/traces from real programs on loopback.
#
#   conformance/make-traces.sh [all|rtmp|rtsp|srt]      (default all)
#
# Needs root (tcpdump), ffmpeg, gst-launch-1.0 and tshark; for rtmp nginx with libnginx-mod-rtmp,
# for rtsp GStreamer's RTSP server with its Python bindings (gstreamer1.0-rtsp,
# gir1.2-gst-rtsp-server-1.0, python3-gi), for srt srt-live-transmit (srt-tools). The client side
# of each capture talks to an independent server: nginx-rtmp on port 1936, GStreamer's RTSP server
# (src/test/resources/peers/rtsp-camera.py) on port 18554 with RTP over UDP on ports 40000-40199,
# or libsrt's srt-live-transmit listening on UDP port 29000 (publishers) or 29001 (players).
set -euo pipefail
which=${1:-all}
case $which in all | rtmp | rtsp | srt) ;; *) echo "usage: $0 [all|rtmp|rtsp|srt]" >&2; exit 2 ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/traces"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

rtmp_traces() {
cat > "$work/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
error_log $work/error.log info; pid $work/nginx.pid;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:1936; application live { live on; } } }
CONF
nginx -p "$work" -c "$work/nginx.conf" &
nginx=$!
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
kill "$nginx"; wait "$nginx" 2>/dev/null || true
}

# RTSP: GStreamer's RTSP server (the test peer) as the independent server, in record mode for the
# publishers and in camera mode for the players.
rtsp_traces() {
local camera port=18554 filter='tcp port 18554 or udp portrange 40000-40199'
camera="$(cd ../.. && pwd)/src/test/resources/peers/rtsp-camera.py"

rtsp_capture() { # name, then the command to capture; keeps the capture in traces/
  local name=$1; shift
  tcpdump -i lo -s 0 -U -w "$work/$name.pcap" "$filter" 2>/dev/null &
  local dump=$!
  sleep 1
  "$@" || true
  sleep 1
  kill "$dump"; wait "$dump" 2>/dev/null || true
  cp "$work/$name.pcap" "$name.pcap"
}

serve() { # the rtsp-camera.py options; the server runs until stop_server
  /usr/bin/python3 "$camera" --port "$port" --udp-ports 40100-40199 "$@" > "$work/server.out" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do grep -q '^ready ' "$work/server.out" && return 0; sleep 0.1; done
  echo "the RTSP server did not start: $(cat "$work/server.out")" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; grep '^recorded' "$work/server.out" || true; }

rtsp_publish() { # transport, x264 B-frames, url: ffmpeg 5.1 publishing 3 s of H.264 + AAC
  ffmpeg -hide_banner -nostdin -loglevel error -re \
    -f lavfi -i testsrc2=size=320x240:rate=15 -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -t 3 -c:v libx264 -preset ultrafast -g 15 -bf "$2" -b:v 300k -c:a aac -b:a 64k \
    -f rtsp -rtsp_transport "$1" -min_port 40000 -max_port 40099 "$3"
}

# ffmpeg 5.1 publishing (ANNOUNCE, SETUP, RECORD) H.264 + AAC (mpeg4-generic), without B-frames
# and with two of them (libx264 -bf 2: decode order differs from presentation order).
serve --mode record --path /live/ffmpeg --streams 2
for t in tcp udp; do
  rtsp_capture "rtsp-ffmpeg-publish-$t" rtsp_publish "$t" 0 "rtsp://127.0.0.1:$port/live/ffmpeg"
  rtsp_capture "rtsp-ffmpeg-publish-$t-bframes" rtsp_publish "$t" 2 "rtsp://127.0.0.1:$port/live/ffmpeg"
done
stop_server

# GStreamer 1.22 rtspclientsink publishing H.264 + AAC: it payloads AAC as MP4A-LATM (rtpmp4apay),
# announces the audio first (at payload type 96, the video at 99).
serve --mode record --path /live/gst --streams 2
for t in tcp udp; do
  rtsp_capture "rtsp-gstreamer-publish-$t" gst-launch-1.0 -q \
    videotestsrc is-live=true num-buffers=45 ! video/x-raw,format=I420,width=320,height=240,framerate=15/1 ! \
    x264enc tune=zerolatency key-int-max=15 bitrate=300 speed-preset=ultrafast ! h264parse ! queue ! s.sink_0 \
    audiotestsrc is-live=true num-buffers=130 samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=2 ! \
    avenc_aac ! aacparse ! queue ! s.sink_1 \
    rtspclientsink name=s protocols="$t" port-range=40000-40099 location="rtsp://127.0.0.1:$port/live/gst"
done
stop_server

# Players against the camera (its half is what an RTSP pull of a camera sees): ffmpeg 5.1 and
# GStreamer's rtspsrc, 3 s each, over TCP (interleaved) and UDP.
for codecs in h264-aac h265-pcma; do
  serve --codecs "$codecs" --path /cam
  for t in tcp udp; do
    rtsp_capture "rtsp-ffmpeg-play-$t-$codecs" ffmpeg -hide_banner -nostdin -loglevel error \
      -rtsp_transport "$t" -min_port 40000 -max_port 40099 -i "rtsp://127.0.0.1:$port/cam" \
      -t 3 -f null -
    rtsp_capture "rtsp-gstreamer-play-$t-$codecs" timeout -s INT 4 gst-launch-1.0 -q -e \
      rtspsrc location="rtsp://127.0.0.1:$port/cam" protocols="$t" port-range=40000-40099 name=s \
      s. ! queue ! fakesink s. ! queue ! fakesink
  done
  stop_server
done

# A camera whose SDP gives no parameter sets (they come in band only): what a player gets from this
# server must still describe them.
serve --codecs h264-aac --path /cam --no-sprop
rtsp_capture rtsp-gstreamer-play-tcp-h264-aac-nosprop timeout -s INT 4 gst-launch-1.0 -q -e \
  rtspsrc location="rtsp://127.0.0.1:$port/cam" protocols=tcp port-range=40000-40099 name=s \
  s. ! queue ! fakesink s. ! queue ! fakesink
stop_server

# Negative traces, derived reproducibly from the ffmpeg publish over TCP (client half only).
for kind in truncated-request huge-header bad-interleaved-length fua-start-without-end; do
  ../replay mutate "rtsp-$kind" rtsp-ffmpeg-publish-tcp.pcap "$port" "rtsp-ffmpeg-publish-tcp-$kind.pcap"
done
}

# SRT: libsrt 1.5.1's srt-live-transmit as the independent listener, the clients callers. Every
# capture holds both halves (the replay maps the captured listener's cookie and socket id to its own).
srt_traces() {
local pub=29000 play=29001 feed=29100

srt_capture() { # name, port, then the command to capture
  local name=$1 port=$2; shift 2
  tcpdump -i lo -s 0 -U -w "$work/$name.pcap" "udp port $port" 2>/dev/null &
  local dump=$!
  sleep 1
  "$@" || true
  sleep 1
  kill "$dump"; wait "$dump" 2>/dev/null || true
  cp "$work/$name.pcap" "$name.pcap"
}

listener() { # a listener on $pub taking a publisher's MPEG-TS (dropped); runs until killed
  srt-live-transmit -q "srt://:$pub?mode=listener" file://con > /dev/null 2>> "$work/listener.log" &
  listener=$!
  sleep 0.5
}
stop_listener() { kill "$listener" 2>/dev/null || true; wait "$listener" 2>/dev/null || true; }

encode() { # video codec, seconds, then ffmpeg's output options: 320x240 15 fps + AAC, as MPEG-TS
  local vcodec=$1 seconds=$2; shift 2
  local x=(-c:v libx264 -preset ultrafast -b:v 300k)
  if [[ $vcodec == h265 ]]; then x=(-c:v libx265 -preset ultrafast -x265-params log-level=error -b:v 300k); fi
  ffmpeg -hide_banner -nostdin -loglevel error -re \
    -f lavfi -i testsrc2=size=320x240:rate=15 -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -t "$seconds" "${x[@]}" -g 15 -bf 0 -c:a aac -b:a 64k -f mpegts "$@"
}

# ffmpeg 5.1 (libsrt 1.5.1) publishing: H.264 with a publish: stream id, H.265 with an access
# control stream id.
listener
srt_capture srt-ffmpeg-publish-h264-aac "$pub" \
  encode h264 3 "srt://127.0.0.1:$pub?streamid=publish:live/cam"
stop_listener
listener
srt_capture srt-ffmpeg-publish-h265-aac "$pub" \
  encode h265 3 "srt://127.0.0.1:$pub?streamid=#!::r=live/cam,m=publish"
stop_listener

# srt-live-transmit as the caller, fed MPEG-TS by ffmpeg over UDP (one TS packet group per datagram).
listener
slt_publish() {
  srt-live-transmit -q "udp://127.0.0.1:$feed" "srt://127.0.0.1:$pub?streamid=#!::r=live/cam,m=publish" &
  local caller=$!
  sleep 0.5
  encode h264 3 "udp://127.0.0.1:$feed?pkt_size=1316"
  sleep 0.5
  kill -INT "$caller"; wait "$caller" 2>/dev/null || true
}
srt_capture srt-live-transmit-publish-h264-aac "$pub" slt_publish
stop_listener

# Players: srt-live-transmit listens on $play and sends what ffmpeg feeds it over UDP; ffmpeg and
# ffprobe read 3 s as callers.
for codecs in h264-aac h265-aac; do
  srt-live-transmit -q "udp://127.0.0.1:$feed" "srt://:$play?mode=listener" 2>> "$work/listener.log" &
  listener=$!
  encode "${codecs%-aac}" 9 "udp://127.0.0.1:$feed?pkt_size=1316" &
  source=$!
  sleep 1.5
  if [[ $codecs == h264-aac ]]; then
    srt_capture "srt-ffmpeg-play-$codecs" "$play" ffmpeg -hide_banner -nostdin -loglevel error \
      -i "srt://127.0.0.1:$play?streamid=read:live/cam" -t 3 -f null -
  else
    srt_capture "srt-ffprobe-play-$codecs" "$play" timeout -s INT 4 ffprobe -v error \
      -show_entries packet=stream_index -of csv=p=0 \
      "srt://127.0.0.1:$play?streamid=#!::r=live/cam,m=request" > /dev/null
  fi
  wait "$source" 2>/dev/null || true
  stop_listener
done

# Negative traces, derived reproducibly from the ffmpeg H.264 publish.
for kind in bad-cookie truncated-handshake garbage-control malformed-ack; do
  ../replay mutate "srt-$kind" srt-ffmpeg-publish-h264-aac.pcap "$pub" "srt-ffmpeg-publish-h264-aac-$kind.pcap"
done
}

if [[ $which == all || $which == rtmp ]]; then rtmp_traces; fi
if [[ $which == all || $which == rtsp ]]; then rtsp_traces; fi
if [[ $which == all || $which == srt ]]; then srt_traces; fi
ls -la .
