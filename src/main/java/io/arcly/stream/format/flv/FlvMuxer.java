package io.arcly.stream.format.flv;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;

/**
 * Turns kernel {@link Frame}s into FLV tag bodies: a few header bytes followed by the frame's
 * payload unchanged (the media model's 4-byte NAL lengths are what FLV carries). H.264 and AAC use
 * the classic tag headers every player knows; H.265, AV1 and VP9 use Enhanced RTMP's FourCC header;
 * Opus uses Enhanced RTMP v2 audio.
 */
public final class FlvMuxer {
  /** The classic AAC audio header byte: AAC, 44 kHz, 16-bit, stereo (players read the ASC). */
  static final int AAC_HEADER = 0xAF;

  private FlvMuxer() {}

  /**
   * A tag body: {@code header} then {@code data}.
   *
   * @param header the tag header bytes
   * @param data the payload after them (shared, not copied)
   */
  public record Tag(byte[] header, Payload data) {
    /** Total body length. */
    public int length() {
      return header.length + data.length();
    }

    /** The body as one payload (copies; for tests and one-off messages). */
    public Payload toPayload() {
      byte[] b = new byte[length()];
      System.arraycopy(header, 0, b, 0, header.length);
      data.copyTo(b, header.length);
      return Payload.wrap(b);
    }
  }

  /** Whether {@code codec} can be carried in an FLV tag. */
  public static boolean carries(CodecId codec) {
    return switch (codec) {
      case H264, H265, AV1, VP9, AAC, MP3, PCMA, PCMU, OPUS -> true;
      default -> false;
    };
  }

  /**
   * The tag body for {@code frame}.
   *
   * @throws IllegalArgumentException for a codec FLV cannot carry (see {@link #carries})
   */
  public static Tag tag(Frame frame) {
    return switch (frame.kind()) {
      case VIDEO -> video(frame);
      case AUDIO -> audio(frame);
      case DATA -> throw new IllegalArgumentException("data frames are not flv media tags");
    };
  }

  private static Tag video(Frame f) {
    int frameType = f.isConfig() || f.isKeyframe() ? 1 : 2;
    int cts = (int) MediaTime.toMillis(f.compositionOffset());
    if (f.codec() == CodecId.H264) {
      byte[] h = {
        (byte) ((frameType << 4) | 7),
        (byte) (f.isConfig() ? 0 : 1),
        (byte) (cts >> 16),
        (byte) (cts >> 8),
        (byte) cts
      };
      if (f.isConfig()) {
        h[2] = h[3] = h[4] = 0;
      }
      return new Tag(h, f.payload());
    }
    FourCc fourCc = FourCc.of(f.codec());
    if (fourCc == null) {
      throw new IllegalArgumentException("flv cannot carry " + f.codec().label());
    }
    boolean withCts = !f.isConfig() && f.codec() == CodecId.H265;
    int packetType = f.isConfig() ? 0 : withCts ? 1 : 3;
    byte[] h = new byte[withCts ? 8 : 5];
    h[0] = (byte) (0x80 | (frameType << 4) | packetType);
    putFourCc(h, 1, fourCc);
    if (withCts) {
      h[5] = (byte) (cts >> 16);
      h[6] = (byte) (cts >> 8);
      h[7] = (byte) cts;
    }
    return new Tag(h, f.payload());
  }

  private static Tag audio(Frame f) {
    return switch (f.codec()) {
      case AAC ->
          new Tag(new byte[] {(byte) AAC_HEADER, (byte) (f.isConfig() ? 0 : 1)}, f.payload());
      case MP3 -> new Tag(new byte[] {(byte) 0x2F}, f.payload());
      case PCMA -> new Tag(new byte[] {(byte) 0x72}, f.payload());
      case PCMU -> new Tag(new byte[] {(byte) 0x82}, f.payload());
      case OPUS -> {
        byte[] h = new byte[5];
        h[0] = (byte) (0x90 | (f.isConfig() ? 0 : 1));
        putFourCc(h, 1, FourCc.OPUS);
        yield new Tag(h, f.payload());
      }
      default -> throw new IllegalArgumentException("flv cannot carry " + f.codec().label());
    };
  }

  private static void putFourCc(byte[] b, int at, FourCc f) {
    int c = f.code();
    b[at] = (byte) (c >>> 24);
    b[at + 1] = (byte) (c >>> 16);
    b[at + 2] = (byte) (c >>> 8);
    b[at + 3] = (byte) c;
  }
}
