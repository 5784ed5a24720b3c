package io.arcly.stream.media;

import java.util.Locale;

/**
 * The codecs the server moves between protocols. Video codecs carry access units as NAL units
 * (without start codes or length prefixes) or as OBUs / frames for AV1 and VP8/VP9.
 */
public enum CodecId {
  H264(TrackKind.VIDEO),
  H265(TrackKind.VIDEO),
  AV1(TrackKind.VIDEO),
  VP8(TrackKind.VIDEO),
  VP9(TrackKind.VIDEO),
  AAC(TrackKind.AUDIO),
  OPUS(TrackKind.AUDIO),
  MP3(TrackKind.AUDIO),
  /** G.711 A-law. */
  PCMA(TrackKind.AUDIO),
  /** G.711 mu-law. */
  PCMU(TrackKind.AUDIO),
  /** Script data such as RTMP {@code onMetaData} in AMF0. */
  AMF0_DATA(TrackKind.DATA);

  private final TrackKind kind;

  CodecId(TrackKind kind) {
    this.kind = kind;
  }

  /** The track kind this codec belongs to. */
  public TrackKind kind() {
    return kind;
  }

  /** The lowercase name used in JSON and logs, e.g. {@code h264}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
