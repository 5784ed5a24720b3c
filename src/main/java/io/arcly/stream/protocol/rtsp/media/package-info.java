/**
 * RTSP media received as RTP, shared by the server's publishers and the camera client: the tracks
 * of a session description, the UDP port pair, and the path from packets to a publish session.
 */
package io.arcly.stream.protocol.rtsp.media;
