/**
 * Helpers shared by unit tests: running ffmpeg, reading FLV files made by it, a real RTSP camera
 * and record server (GStreamer's), and a lossy RTSP proxy for RTP over UDP.
 */
package io.arcly.stream.testing;
