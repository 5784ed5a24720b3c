package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.H264;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * H.264 over RTP, RFC 6184, sending side in packetization mode 1 (non-interleaved): single NAL unit
 * packets when a NAL unit fits the payload size, FU-A otherwise; the configuration's SPS and PPS
 * before each keyframe that does not carry them. Announces {@code packetization-mode=1}, {@code
 * profile-level-id} and {@code sprop-parameter-sets} (RFC 6184 8.1).
 */
public final class H264Packetizer extends NalPacketizer {
  private H264.AvcConfig config;

  /** A packetizer with payloads of at most {@link #DEFAULT_MAX_PAYLOAD} bytes. */
  public H264Packetizer() {
    this(DEFAULT_MAX_PAYLOAD);
  }

  /** A packetizer with payloads of at most {@code maxPayload} bytes. */
  public H264Packetizer(int maxPayload) {
    super(maxPayload);
  }

  @Override
  public CodecId codec() {
    return CodecId.H264;
  }

  @Override
  public int clockRate() {
    return 90_000;
  }

  @Override
  public String encodingName() {
    return "H264";
  }

  @Override
  public int channels() {
    return 0;
  }

  @Override
  public void config(Payload record) {
    config = H264.parseAvcC(record);
  }

  @Override
  List<byte[]> parameterSets() {
    if (config == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(config.sps());
    out.addAll(config.pps());
    return out;
  }

  @Override
  boolean isParameterSet(int firstByte) {
    int t = H264.nalType(firstByte);
    return t == H264.SPS || t == H264.PPS;
  }

  @Override
  int headerSize() {
    return 1;
  }

  @Override
  byte[] fragmentHeader(Payload nal, boolean start, boolean end) {
    int header = nal.get(0);
    return new byte[] {
      (byte) ((header & 0xE0) | H264Depacketizer.FU_A),
      (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F))
    };
  }

  @Override
  public Map<String, String> fmtp() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("packetization-mode", "1");
    if (config != null) {
      out.put(
          "profile-level-id",
          String.format(
              Locale.ROOT,
              "%02x%02x%02x",
              config.profile(),
              config.compatibility(),
              config.level()));
      List<String> sets = new ArrayList<>();
      for (byte[] b : parameterSets()) {
        sets.add(Base64.getEncoder().encodeToString(b));
      }
      out.put("sprop-parameter-sets", String.join(",", sets));
    }
    return out;
  }
}
