package io.arcly.stream.rtp.format;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.Map;

/**
 * Splits the media model's access units (or audio frames) of one track into RTP payloads, and
 * announces the format parameters ({@code a=fmtp}) a receiver needs.
 *
 * <p>Each payload is handed out as a small prefix the packetizer built (payload headers) and a
 * slice of the unit, so the caller copies the unit's bytes once, into the packet it builds.
 */
public interface Packetizer {
  /** Where the payloads go, in order. */
  interface Sink {
    /**
     * One RTP payload: {@code prefix} then {@code body}; {@code marker} is the RTP marker bit (the
     * last packet of an access unit for video).
     */
    void payload(byte[] prefix, Payload body, boolean marker);
  }

  /** The codec packetized. */
  CodecId codec();

  /** The RTP clock rate in Hz. */
  int clockRate();

  /** The rtpmap encoding name, such as {@code H264} or {@code mpeg4-generic}. */
  String encodingName();

  /** Audio channels for the rtpmap, 0 for video. */
  int channels();

  /** Takes a new decoder configuration record (for in-band parameter sets and the fmtp). */
  void config(Payload record);

  /** Packetizes one unit. */
  void packetize(Payload unit, boolean keyframe, Sink out);

  /** The format parameters to announce, keys lower-case, in a stable order. */
  Map<String, String> fmtp();
}
