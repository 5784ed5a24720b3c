/**
 * The RTSP client that pulls IP cameras as sources: DESCRIBE, SETUP, PLAY over TCP interleaved or
 * UDP, authentication, keepalives and receiver reports, media published through {@code rtsp/media}
 * like an RTSP publisher's.
 */
package io.arcly.stream.protocol.rtsp.client;
