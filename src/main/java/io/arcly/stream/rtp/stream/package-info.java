/**
 * RTP tracks end to end: {@link io.arcly.stream.rtp.stream.RtpReceiver} (packets to frames on the
 * media clock, with DTS derived for H.264 and H.265), {@link io.arcly.stream.rtp.stream.RtpSender}
 * (frames to packet bytes built once per stream track) and {@link
 * io.arcly.stream.rtp.stream.LipSync} (the tracks of a stream lined up by their sender reports).
 */
package io.arcly.stream.rtp.stream;
