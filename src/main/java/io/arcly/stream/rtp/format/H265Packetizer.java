package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.H265;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * H.265 over RTP, RFC 7798, sending side: single NAL unit packets when a NAL unit fits the payload
 * size, fragmentation units otherwise (no DONL); the configuration's VPS, SPS and PPS before each
 * keyframe that does not carry them. Announces {@code sprop-vps}, {@code sprop-sps} and {@code
 * sprop-pps} (RFC 7798 7.1).
 */
public final class H265Packetizer extends NalPacketizer {
  private H265.HevcConfig config;

  /** A packetizer with payloads of at most {@link #DEFAULT_MAX_PAYLOAD} bytes. */
  public H265Packetizer() {
    this(DEFAULT_MAX_PAYLOAD);
  }

  /** A packetizer with payloads of at most {@code maxPayload} bytes. */
  public H265Packetizer(int maxPayload) {
    super(maxPayload);
  }

  @Override
  public CodecId codec() {
    return CodecId.H265;
  }

  @Override
  public int clockRate() {
    return 90_000;
  }

  @Override
  public String encodingName() {
    return "H265";
  }

  @Override
  public int channels() {
    return 0;
  }

  @Override
  public void config(Payload record) {
    config = H265.parseHvcC(record);
  }

  @Override
  List<byte[]> parameterSets() {
    if (config == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(config.vps());
    out.addAll(config.sps());
    out.addAll(config.pps());
    return out;
  }

  @Override
  boolean isParameterSet(int firstByte) {
    int t = H265.nalType(firstByte);
    return t == H265.VPS || t == H265.SPS || t == H265.PPS;
  }

  @Override
  int headerSize() {
    return 2;
  }

  @Override
  byte[] fragmentHeader(Payload nal, boolean start, boolean end) {
    int type = H265.nalType(nal.get(0));
    return new byte[] {
      (byte) ((nal.get(0) & 0x81) | (H265Depacketizer.FU << 1)),
      (byte) nal.get(1),
      (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | type)
    };
  }

  @Override
  public Map<String, String> fmtp() {
    Map<String, String> out = new LinkedHashMap<>();
    if (config != null) {
      out.put("profile-id", Integer.toString(config.generalProfileIdc()));
      out.put("tier-flag", Integer.toString(config.generalTierFlag()));
      out.put("level-id", Integer.toString(config.generalLevelIdc()));
      out.put("sprop-vps", join(config.vps()));
      out.put("sprop-sps", join(config.sps()));
      out.put("sprop-pps", join(config.pps()));
    }
    return out;
  }

  private static String join(List<byte[]> sets) {
    List<String> out = new ArrayList<>();
    for (byte[] b : sets) {
      out.add(Base64.getEncoder().encodeToString(b));
    }
    return String.join(",", out);
  }
}
