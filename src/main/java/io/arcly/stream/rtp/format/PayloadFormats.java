package io.arcly.stream.rtp.format;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.rtp.RtpException;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the payload format for an rtpmap encoding name (RFC 4566 6, case-insensitive) or a codec:
 * the depacketizers and packetizers of this package.
 */
public final class PayloadFormats {
  private PayloadFormats() {}

  /**
   * The depacketizer for {@code encodingName} at {@code clockRate} with {@code channels} (0 when
   * the rtpmap gives none) and the format parameters {@code fmtp} (keys lower-case); null for an
   * encoding this package does not read (MP2T has its own {@link Mp2tFormat}).
   *
   * @throws RtpException when the format parameters are malformed
   */
  public static Depacketizer depacketizer(
      String encodingName, int clockRate, int channels, Map<String, String> fmtp) {
    return switch (encodingName.toUpperCase(Locale.ROOT)) {
      case "H264" -> new H264Depacketizer(fmtp);
      case "H265" -> new H265Depacketizer(fmtp);
      case "AV1" -> new Av1Depacketizer();
      case "MPEG4-GENERIC" -> {
        String mode = fmtp.getOrDefault("mode", "AAC-hbr").trim().toLowerCase(Locale.ROOT);
        if (!mode.startsWith("aac")) {
          throw new RtpException("mpeg4-generic mode not supported");
        }
        yield new Mpeg4GenericDepacketizer(clockRate, fmtp);
      }
      case "MP4A-LATM" -> new LatmDepacketizer(clockRate, fmtp);
      case "OPUS" -> AudioFrameFormat.opus(channels, fmtp);
      case "PCMU" -> AudioFrameFormat.g711(CodecId.PCMU, clockRate, channels);
      case "PCMA" -> AudioFrameFormat.g711(CodecId.PCMA, clockRate, channels);
      default -> null;
    };
  }

  /**
   * The packetizer for {@code codec} with payloads of at most {@code maxPayload} bytes (video and
   * AAC), or null for a codec this package does not send.
   */
  public static Packetizer packetizer(CodecId codec, int maxPayload) {
    return switch (codec) {
      case H264 -> new H264Packetizer(maxPayload);
      case H265 -> new H265Packetizer(maxPayload);
      case AV1 -> new Av1Packetizer(maxPayload);
      case AAC -> new AacPacketizer(maxPayload);
      case OPUS -> AudioFrameFormat.opus(2, Map.of("sprop-stereo", "1"));
      case PCMU, PCMA -> AudioFrameFormat.g711(codec, 8000, 1);
      default -> null;
    };
  }
}
