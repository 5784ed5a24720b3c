package io.arcly.stream.protocol.rtsp.wire;

/**
 * What arrives on an RTSP connection (RFC 2326 sections 6, 7 and 10.12): a request, a response, or
 * an interleaved binary frame.
 */
public sealed interface RtspMessage permits RtspRequest, RtspResponse, InterleavedFrame {}
