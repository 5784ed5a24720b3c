package io.arcly.stream.format.flv;

import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;

/**
 * Turns the FLV tag bodies of one publisher into kernel {@link Frame}s, without copying payloads
 * where the source already uses 4-byte NAL lengths (every encoder in practice).
 *
 * <p>Video tag body (FLV 10.1 E.4.3, Enhanced RTMP v1):
 *
 * <pre>
 *   legacy:   frameType(4) codecId(4) | AVC/HEVC: packetType(8) compositionTime(s24) data
 *             codecId 7 = H.264, 12 = H.265 (the pre-standard extension many servers accept)
 *   enhanced: 1 frameType(3) packetType(4) | fourCC(32) | [compositionTime(s24)] data
 *             packetType 0 sequence start, 1 coded frames (with composition time for avc1/hvc1),
 *             2 sequence end, 3 coded frames without composition time, 4 metadata
 * </pre>
 *
 * <p>Audio tag body: {@code soundFormat(4) rate(2) size(1) type(1)}, then for AAC a packet type (0
 * AudioSpecificConfig, 1 raw frame); sound format 9 is Enhanced RTMP v2's header: {@code 9(4)
 * packetType(4) fourCC(32)}.
 *
 * <p>Timestamps arrive in wrapping 32-bit milliseconds per track and leave unwrapped in the media
 * clock. Sequence-end, metadata and video-info packets yield nothing. Malformed bodies throw {@link
 * FlvException}: a truncated header, NAL lengths that overrun the frame, coded frames of a codec
 * whose configuration never came, an unknown FourCC.
 */
public final class FlvDemuxer {
  private static final int KEY = 1;
  private static final int INFO_FRAME = 5;

  private final Unwrap videoClock = new Unwrap();
  private final Unwrap audioClock = new Unwrap();
  private int nalLengthSize = 4;
  private CodecId videoConfigured;

  /**
   * Converts one video tag body.
   *
   * @param timestamp the message timestamp, milliseconds (32-bit, wrapping)
   * @return the frame, or null for a tag that carries no frame
   */
  public Frame video(long timestamp, Payload body) {
    if (body.length() < 1) {
      throw new FlvException("empty video tag");
    }
    long dtsMs = videoClock.unwrap(timestamp);
    int b0 = body.get(0);
    if ((b0 & 0x80) != 0) {
      return enhancedVideo(dtsMs, b0, body);
    }
    int frameType = b0 >>> 4;
    int codecId = b0 & 0x0F;
    if (frameType == INFO_FRAME) {
      return null;
    }
    CodecId codec =
        switch (codecId) {
          case 7 -> CodecId.H264;
          case 12 -> CodecId.H265;
          default -> throw new FlvException("unsupported flv video codec id " + codecId);
        };
    if (body.length() < 5) {
      throw new FlvException(codec.label() + " tag of " + body.length() + " bytes, header is 5");
    }
    int packetType = body.get(1);
    int cts = s24(body, 2);
    Payload data = body.slice(5, body.length());
    return switch (packetType) {
      case 0 -> config(codec, dtsMs, data);
      case 1 -> nalFrame(codec, dtsMs, cts, frameType == KEY, data);
      case 2 -> null;
      default -> throw new FlvException("unknown " + codec.label() + " packet type " + packetType);
    };
  }

  private Frame enhancedVideo(long dtsMs, int b0, Payload body) {
    if (body.length() < 5) {
      throw new FlvException("enhanced video tag of " + body.length() + " bytes, header is 5");
    }
    int frameType = (b0 >>> 4) & 0x07;
    int packetType = b0 & 0x0F;
    int fourCc = (int) u32(body, 1);
    FourCc f = FourCc.fromCode(fourCc);
    if (f == null || f.codec().kind() != TrackKind.VIDEO) {
      throw new FlvException(
          "unsupported enhanced rtmp video fourcc 0x" + Integer.toHexString(fourCc));
    }
    if (frameType == INFO_FRAME) {
      return null;
    }
    CodecId codec = f.codec();
    boolean nal = codec == CodecId.H264 || codec == CodecId.H265;
    return switch (packetType) {
      case 0 -> config(codec, dtsMs, body.slice(5, body.length()));
      case 1 -> {
        if (!nal) {
          yield plainFrame(codec, dtsMs, frameType == KEY, body.slice(5, body.length()));
        }
        if (body.length() < 8) {
          throw new FlvException(codec.label() + " coded frames tag without composition time");
        }
        yield nalFrame(codec, dtsMs, s24(body, 5), frameType == KEY, body.slice(8, body.length()));
      }
      case 3 ->
          nal
              ? nalFrame(codec, dtsMs, 0, frameType == KEY, body.slice(5, body.length()))
              : plainFrame(codec, dtsMs, frameType == KEY, body.slice(5, body.length()));
      case 2, 4 -> null;
      default ->
          throw new FlvException(
              "unsupported enhanced rtmp video packet type " + packetType + " for " + f.text());
    };
  }

  private Frame config(CodecId codec, long dtsMs, Payload record) {
    Payload rec = record;
    switch (codec) {
      case H264 -> {
        if (record.length() < 7) {
          throw new FlvException(
              "avc decoder configuration record of " + record.length() + " bytes");
        }
        nalLengthSize = (record.get(4) & 0x03) + 1;
        rec = withFourByteLengths(record, 4);
      }
      case H265 -> {
        if (record.length() < 23) {
          throw new FlvException(
              "hevc decoder configuration record of " + record.length() + " bytes");
        }
        nalLengthSize = (record.get(21) & 0x03) + 1;
        rec = withFourByteLengths(record, 21);
      }
      default -> {
        if (record.isEmpty()) {
          throw new FlvException(codec.label() + " sequence start without configuration");
        }
      }
    }
    videoConfigured = codec;
    return Frame.config(codec, MediaTime.fromMillis(dtsMs), rec);
  }

  /** The record with lengthSizeMinusOne = 3, since frames leave with 4-byte NAL lengths. */
  private static Payload withFourByteLengths(Payload record, int at) {
    if ((record.get(at) & 0x03) == 3) {
      return record;
    }
    byte[] copy = record.toByteArray();
    copy[at] = (byte) (copy[at] | 0x03);
    return Payload.wrap(copy);
  }

  private Frame nalFrame(CodecId codec, long dtsMs, int cts, boolean key, Payload data) {
    requireConfig(codec);
    if (data.isEmpty()) {
      return null;
    }
    Payload au;
    try {
      au = NalUnits.toLengthPrefixed4(data, nalLengthSize);
    } catch (RuntimeException e) {
      throw new FlvException(codec.label() + " frame with bad nal lengths: " + e.getMessage());
    }
    if (!NalUnits.isValidLengthPrefixed(au, 4)) {
      throw new FlvException(codec.label() + " frame with nal lengths overrunning the payload");
    }
    long dts = MediaTime.fromMillis(dtsMs);
    long pts = MediaTime.fromMillis(dtsMs + cts);
    return Frame.video(codec, pts, dts, key, au);
  }

  private Frame plainFrame(CodecId codec, long dtsMs, boolean key, Payload data) {
    requireConfig(codec);
    if (data.isEmpty()) {
      return null;
    }
    long ts = MediaTime.fromMillis(dtsMs);
    return Frame.video(codec, ts, ts, key, data);
  }

  private void requireConfig(CodecId codec) {
    if (videoConfigured != codec) {
      throw new FlvException(
          codec.label()
              + " frames before its sequence header"
              + (videoConfigured == null
                  ? ""
                  : " (configured for " + videoConfigured.label() + ")"));
    }
  }

  /**
   * Converts one audio tag body.
   *
   * @param timestamp the message timestamp, milliseconds (32-bit, wrapping)
   * @return the frame, or null for a tag that carries no frame
   */
  public Frame audio(long timestamp, Payload body) {
    if (body.length() < 1) {
      return null; // some encoders send empty audio messages as keep-alives
    }
    long ts = MediaTime.fromMillis(audioClock.unwrap(timestamp));
    int format = body.get(0) >>> 4;
    switch (format) {
      case 10 -> {
        if (body.length() < 2) {
          throw new FlvException("aac tag without packet type");
        }
        Payload data = body.slice(2, body.length());
        if (body.get(1) == 0) {
          if (data.length() < 2) {
            throw new FlvException("aac audio specific config of " + data.length() + " bytes");
          }
          return Frame.config(CodecId.AAC, ts, data);
        }
        return data.isEmpty() ? null : Frame.audio(CodecId.AAC, ts, data);
      }
      case 2 -> {
        return Frame.audio(CodecId.MP3, ts, body.slice(1, body.length()));
      }
      case 7 -> {
        return Frame.audio(CodecId.PCMA, ts, body.slice(1, body.length()));
      }
      case 8 -> {
        return Frame.audio(CodecId.PCMU, ts, body.slice(1, body.length()));
      }
      case 9 -> {
        return enhancedAudio(ts, body);
      }
      default -> throw new FlvException("unsupported flv sound format " + format);
    }
  }

  private Frame enhancedAudio(long ts, Payload body) {
    if (body.length() < 5) {
      throw new FlvException("enhanced audio tag of " + body.length() + " bytes, header is 5");
    }
    int packetType = body.get(0) & 0x0F;
    int code = (int) u32(body, 1);
    FourCc f = FourCc.fromCode(code);
    if (f == null || f.codec().kind() != TrackKind.AUDIO) {
      throw new FlvException(
          "unsupported enhanced rtmp audio fourcc 0x" + Integer.toHexString(code));
    }
    Payload data = body.slice(5, body.length());
    return switch (packetType) {
      case 0 -> data.isEmpty() ? null : Frame.config(f.codec(), ts, data);
      case 1 -> data.isEmpty() ? null : Frame.audio(f.codec(), ts, data);
      case 2, 4 -> null;
      default ->
          throw new FlvException(
              "unsupported enhanced rtmp audio packet type " + packetType + " for " + f.text());
    };
  }

  private static int s24(Payload p, int at) {
    int v = (p.get(at) << 16) | (p.get(at + 1) << 8) | p.get(at + 2);
    return (v << 8) >> 8;
  }

  private static long u32(Payload p, int at) {
    return ((long) p.get(at) << 24) | (p.get(at + 1) << 16) | (p.get(at + 2) << 8) | p.get(at + 3);
  }

  /** Unwraps 32-bit millisecond timestamps of one track into a continuous count. */
  private static final class Unwrap {
    private long last = -1;
    private long epoch;

    long unwrap(long raw) {
      long r = raw & 0xFFFFFFFFL;
      if (last >= 0) {
        if (r < last && last - r > 0x80000000L) {
          epoch += 0x1_0000_0000L;
        } else if (r > last && r - last > 0x80000000L && epoch > 0) {
          epoch -= 0x1_0000_0000L; // a late frame from before the wrap
        }
      }
      last = r;
      return epoch + r;
    }
  }
}
