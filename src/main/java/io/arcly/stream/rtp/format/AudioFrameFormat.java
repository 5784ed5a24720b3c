package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Opus;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audio formats whose RTP payload is one frame as it is, both ways: Opus (RFC 7587, one Opus
 * packet per RTP packet, clock 48000) and G.711 PCMU / PCMA (RFC 3551 4.5.14, samples as they come,
 * clock 8000 unless the rtpmap says otherwise).
 *
 * <p>For Opus the configuration is an OpusHead (RFC 7845 5.1) with the channel count of {@code
 * sprop-stereo} (1 for 2 channels, 0 for 1) or else the rtpmap's. Limits: 64 KiB per frame (a UDP
 * datagram holds less); an empty payload is malformed.
 */
public final class AudioFrameFormat implements Depacketizer, Packetizer {
  private final CodecId codec;
  private final int clockRate;
  private final int channels;
  private final Payload config;
  private long dropped;

  private AudioFrameFormat(CodecId codec, int clockRate, int channels, Payload config) {
    this.codec = codec;
    this.clockRate = clockRate;
    this.channels = channels;
    this.config = config;
  }

  /** Opus with {@code channels} from the rtpmap (2 per RFC 7587 7) and the format parameters. */
  public static AudioFrameFormat opus(int channels, Map<String, String> fmtp) {
    String stereo = fmtp.get("sprop-stereo");
    int n = channels <= 0 ? 2 : Math.min(channels, 2);
    if (stereo != null) {
      n = "1".equals(stereo.trim()) ? 2 : 1;
    }
    return new AudioFrameFormat(CodecId.OPUS, 48_000, n, Payload.wrap(Opus.head(n)));
  }

  /** G.711 ({@link CodecId#PCMU} or {@link CodecId#PCMA}) at {@code clockRate} (8000 if 0). */
  public static AudioFrameFormat g711(CodecId codec, int clockRate, int channels) {
    if (codec != CodecId.PCMU && codec != CodecId.PCMA) {
      throw new IllegalArgumentException("not a g.711 codec: " + codec);
    }
    return new AudioFrameFormat(
        codec, clockRate > 0 ? clockRate : 8000, channels > 0 ? channels : 1, null);
  }

  @Override
  public CodecId codec() {
    return codec;
  }

  @Override
  public int clockRate() {
    return clockRate;
  }

  @Override
  public String encodingName() {
    return codec == CodecId.OPUS ? "opus" : codec.name();
  }

  @Override
  public int channels() {
    return codec == CodecId.OPUS ? 2 : channels;
  }

  @Override
  public Payload initialConfig() {
    return config;
  }

  @Override
  public void push(RtpPacket packet, Depacketizer.Sink out) {
    if (packet.payload().isEmpty()) {
      dropped++;
      throw new RtpException(codec.label() + " payload empty");
    }
    out.unit(packet.timestamp(), packet.payload(), false);
  }

  @Override
  public long droppedUnits() {
    return dropped;
  }

  @Override
  public void config(Payload record) {
    // the OpusHead and G.711 need nothing a receiver could not know from the rtpmap
  }

  @Override
  public void packetize(Payload unit, boolean keyframe, Packetizer.Sink out) {
    if (!unit.isEmpty()) {
      out.payload(new byte[0], unit, false);
    }
  }

  @Override
  public Map<String, String> fmtp() {
    Map<String, String> out = new LinkedHashMap<>();
    if (codec == CodecId.OPUS) {
      out.put("sprop-stereo", channels == 2 ? "1" : "0");
    }
    return out;
  }
}
