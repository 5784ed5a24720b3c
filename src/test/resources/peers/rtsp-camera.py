#!/usr/bin/python3
"""A real RTSP peer for tests, built on GStreamer's gst-rtsp-server (1.22).

Two modes:

  camera  (default) serves a live test source the way an IP camera does: DESCRIBE, SETUP over
          TCP (interleaved) or UDP, PLAY; one shared pipeline for every client.
  record  accepts publishers (ANNOUNCE, SETUP, RECORD), as an independent server that ffmpeg or
          rtspclientsink can publish to; prints what each published stream carried.

Prints one line "ready rtsp://HOST:PORT/PATH" once it listens (port 0 picks a free port), then
logs to stderr. Stops cleanly on SIGTERM or SIGINT, and when its stdin is a pipe that closes (so
a test that dies leaves no server behind).

Run with the system Python that has python3-gi (/usr/bin/python3), e.g.

  rtsp-camera.py --codecs h264-aac --port 8554 --path /cam
  rtsp-camera.py --codecs h265-pcma --port 0 --auth digest --user u --password p --no-sprop
  rtsp-camera.py --mode record --port 0 --path /live/pub --streams 2 --udp-ports 40000-40099
"""

import argparse
import os
import re
import signal
import stat
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer, GstSdp  # noqa: E402

# Before any subclass below registers: the classes' signals name GStreamer types.
Gst.init(None)

CODECS = ("h264-aac", "h265-pcma", "h264")


def log(*parts):
    print("rtsp-camera:", *parts, file=sys.stderr, flush=True)


def video_branch(codec, width, height, fps, gop):
    src = (
        f"videotestsrc is-live=true pattern=smpte ! "
        f"video/x-raw,width={width},height={height},framerate={fps}/1 ! "
        "videoconvert ! video/x-raw,format=I420 ! "
    )
    if codec == "h264":
        # Baseline-like and without B-frames, as most cameras; parameter sets before every IDR.
        return src + (
            f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bframes=0 "
            "bitrate=500 ! video/x-h264,profile=constrained-baseline ! "
            "rtph264pay name=pay0 pt=96 config-interval=-1"
        )
    return src + (
        f"x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=500 "
        "option-string=bframes=0:log-level=error ! video/x-h265,profile=main ! "
        "rtph265pay name=pay0 pt=96 config-interval=-1"
    )


def audio_branch(codec):
    if codec == "aac":
        # mpeg4-generic (RFC 3640 AAC-hbr), what cameras and ffmpeg send.
        return (
            "audiotestsrc is-live=true wave=sine freq=440 ! "
            "audio/x-raw,rate=48000,channels=1 ! audioconvert ! avenc_aac bitrate=64000 ! "
            "rtpmp4gpay name=pay1 pt=97"
        )
    return (
        "audiotestsrc is-live=true wave=sine freq=440 ! "
        "audio/x-raw,rate=8000,channels=1 ! audioconvert ! alawenc ! rtppcmapay name=pay1 pt=8"
    )


def camera_launch(args):
    video, _, audio = args.codecs.partition("-")
    parts = [video_branch(video, args.width, args.height, args.fps, args.gop)]
    if audio:
        parts.append(audio_branch(audio))
    return "( " + " ".join(parts) + " )"


SPROP = re.compile(r";?\s*sprop-(parameter-sets|vps|sps|pps)=[^;]*")


class InBandOnlyMedia(GstRtspServer.RTSPMedia):
    """A media whose SDP names no parameter sets: they come only in band, as many cameras do."""

    def do_setup_sdp(self, sdp, info):
        if not GstRtspServer.RTSPMedia.do_setup_sdp(self, sdp, info):
            return False
        for i in range(sdp.medias_len()):
            media = sdp.get_media(i)  # the message's own media: edited in place
            for j in reversed(range(media.attributes_len())):
                attr = media.get_attribute(j)
                if attr.key == "fmtp" and "sprop-" in (attr.value or ""):
                    value = SPROP.sub("", attr.value).replace(" ;", " ").strip()
                    if " " not in value:  # nothing left but the payload type
                        media.remove_attribute(j)
                        continue
                    new = GstSdp.SDPAttribute()
                    new.set("fmtp", value)
                    media.replace_attribute(j, new)
        return True


# What each published media received: [counts, caps, reported]. Reported when the media is
# unprepared (the publisher left), or at exit for those still going or not yet unprepared.
RECORDS = []
REPORTING = threading.Lock()  # "unprepared" may come on a thread of the server's


def report(record):
    with REPORTING:
        counts, caps, reported = record
        if not reported:
            record[2] = True
            for i, n in enumerate(counts):
                print("recorded stream=%d caps=%s packets=%d" % (i, caps[i], n), flush=True)


def on_record_media(factory, media, streams):
    element = media.get_element()
    counts = [0] * streams
    caps = [None] * streams
    record = [counts, caps, False]
    RECORDS.append(record)

    def probe(pad, info, i):
        counts[i] += 1
        if caps[i] is None:
            c = pad.get_current_caps()
            if c is not None:
                s = c.get_structure(0)
                caps[i] = "%s/%s" % (s.get_string("media"), s.get_string("encoding-name"))
        return Gst.PadProbeReturn.OK

    for i in range(streams):
        sink = element.get_by_name("depay%d" % i)
        sink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe, i)

    media.connect("unprepared", lambda _media: report(record))


def record_launch(streams):
    # Each announced stream ends in a sink that takes any RTP: the server's job here is the
    # conversation and the receiving, not decoding.
    return "( " + " ".join(
        "fakesink name=depay%d async=false sync=false" % i for i in range(streams)
    ) + " )"


def configure_auth(server, factory, args):
    if not args.user:
        return
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "user")
    if args.auth == "digest":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(args.user, args.password, token)
    else:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
    server.set_auth(auth)
    factory.add_role_from_structure(
        Gst.Structure.new_from_string(
            "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
        )
    )


def main():
    p = argparse.ArgumentParser(description="A test RTSP camera or record server.")
    p.add_argument("--mode", choices=("camera", "record"), default="camera")
    p.add_argument("--codecs", choices=CODECS, default="h264-aac")
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8554, help="0 picks a free port")
    p.add_argument("--path", default="/cam")
    p.add_argument("--transports", default="tcp,udp", help="tcp, udp or tcp,udp")
    p.add_argument("--auth", choices=("basic", "digest"), default="basic")
    p.add_argument("--user", default="")
    p.add_argument("--password", default="")
    p.add_argument("--no-sprop", action="store_true",
                   help="parameter sets only in band, none in the SDP")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=240)
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--gop", type=int, default=25, help="frames from one keyframe to the next")
    p.add_argument("--udp-ports", default="",
                   help="MIN-MAX: the server's RTP/RTCP ports for UDP (default: any free ones)")
    p.add_argument("--streams", type=int, default=2,
                   help="record mode: how many streams a publisher announces")
    args = p.parse_args()
    if not args.path.startswith("/"):
        args.path = "/" + args.path

    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    protocols = GstRtsp.RTSPLowerTrans(0)
    for t in args.transports.split(","):
        t = t.strip().lower()
        if t == "tcp":
            protocols |= GstRtsp.RTSPLowerTrans.TCP
        elif t == "udp":
            protocols |= GstRtsp.RTSPLowerTrans.UDP
        else:
            p.error("--transports takes tcp, udp or tcp,udp")
    factory.set_protocols(protocols)
    if args.udp_ports:
        low, _, high = args.udp_ports.partition("-")
        pool = GstRtspServer.RTSPAddressPool()
        # A unicast range (ttl 0): the server's UDP ports for clients come from it.
        pool.add_range(args.address, args.address, int(low), int(high), 0)
        factory.set_address_pool(pool)

    if args.mode == "camera":
        factory.set_launch(camera_launch(args))
        factory.set_shared(True)
        if args.no_sprop:
            factory.set_media_gtype(InBandOnlyMedia.__gtype__)
    else:
        factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
        factory.set_launch(record_launch(args.streams))
        factory.connect("media-configure", on_record_media, args.streams)
    configure_auth(server, factory, args)
    server.get_mount_points().add_factory(args.path, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        log("cannot listen on %s:%d" % (args.address, args.port))
        return 1
    port = server.get_bound_port()
    host = args.address if ":" not in args.address else "[%s]" % args.address
    print("ready rtsp://%s:%d%s" % (host, port, args.path), flush=True)
    log("%s mode, codecs %s, transports %s, auth %s%s" % (
        args.mode, args.codecs if args.mode == "camera" else "as announced", args.transports,
        args.auth if args.user else "none", ", no sprop" if args.no_sprop else ""))

    def stop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
    mode = os.fstat(0).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        # Only a pipe tells that its parent is gone; a terminal or /dev/null does not.
        def stdin_event(fd, condition):
            if condition & (GLib.IO_HUP | GLib.IO_ERR) or not os.read(fd, 4096):
                log("stdin closed; stopping")
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, 0,
                              GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR, stdin_event)
    loop.run()
    # Ends every session, so record mode prints what it got and clients see the close.
    server.client_filter(lambda _server, client: GstRtspServer.RTSPFilterResult.REMOVE)
    pool = server.get_session_pool()
    pool.cleanup()
    ctx = GLib.MainContext.default()
    while ctx.iteration(False):
        pass
    for record in RECORDS:
        report(record)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
