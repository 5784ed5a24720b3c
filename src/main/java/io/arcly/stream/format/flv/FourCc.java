package io.arcly.stream.format.flv;

import io.arcly.stream.media.CodecId;

/** The FourCC codes of Enhanced RTMP (v1 video, v2 audio) and the codecs they name. */
public enum FourCc {
  /** H.264 (Enhanced RTMP v2). */
  AVC1("avc1", CodecId.H264),
  /** H.265 / HEVC. */
  HVC1("hvc1", CodecId.H265),
  /** AV1. */
  AV01("av01", CodecId.AV1),
  /** VP9. */
  VP09("vp09", CodecId.VP9),
  /** Opus. */
  OPUS("Opus", CodecId.OPUS),
  /** AAC (Enhanced RTMP v2 audio). */
  MP4A("mp4a", CodecId.AAC);

  private final int code;
  private final CodecId codec;

  FourCc(String text, CodecId codec) {
    this.code =
        (text.charAt(0) << 24) | (text.charAt(1) << 16) | (text.charAt(2) << 8) | text.charAt(3);
    this.codec = codec;
  }

  /** The four characters as a big-endian int. */
  public int code() {
    return code;
  }

  /** The codec named. */
  public CodecId codec() {
    return codec;
  }

  /** The FourCC with {@code code}, or null. */
  public static FourCc fromCode(int code) {
    for (FourCc f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    return null;
  }

  /** The FourCC carrying {@code codec}, or null. */
  public static FourCc of(CodecId codec) {
    for (FourCc f : values()) {
      if (f.codec == codec) {
        return f;
      }
    }
    return null;
  }

  /** The four characters. */
  public String text() {
    return new String(
        new char[] {
          (char) (code >>> 24),
          (char) ((code >>> 16) & 0xFF),
          (char) ((code >>> 8) & 0xFF),
          (char) (code & 0xFF)
        });
  }
}
