package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AAC over RTP as {@code mpeg4-generic} in AAC-hbr mode, RFC 3640 3.3.6, sending side: one access
 * unit per packet with its 16-bit AU header (13-bit size, 3-bit index), an access unit larger than
 * the payload size fragmented over packets (3.2.3, marker on the last). The clock is the sample
 * rate of the AudioSpecificConfig.
 */
public final class AacPacketizer implements Packetizer {
  private final int maxPayload;
  private Payload config;
  private int sampleRate = 48_000;
  private int channels = 2;

  /** A packetizer with payloads of at most 1200 bytes. */
  public AacPacketizer() {
    this(NalPacketizer.DEFAULT_MAX_PAYLOAD);
  }

  /** A packetizer with payloads of at most {@code maxPayload} bytes (100 to 65000). */
  public AacPacketizer(int maxPayload) {
    if (maxPayload < 100 || maxPayload > 65_000) {
      throw new IllegalArgumentException("max payload must be 100 to 65000 bytes: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  @Override
  public CodecId codec() {
    return CodecId.AAC;
  }

  @Override
  public int clockRate() {
    return sampleRate;
  }

  @Override
  public String encodingName() {
    return "mpeg4-generic";
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public void config(Payload record) {
    Aac.AudioSpecificConfig c = Aac.parse(record);
    config = record;
    sampleRate = c.sampleRate();
    channels = Math.max(1, c.channels());
  }

  @Override
  public void packetize(Payload unit, boolean keyframe, Sink out) {
    int size = unit.length();
    if (size == 0 || size >= 1 << 13) {
      return; // an AU-size of 13 bits cannot describe it
    }
    byte[] header = {0, 16, (byte) (size >>> 5), (byte) ((size & 0x1F) << 3)};
    int room = maxPayload - header.length;
    for (int pos = 0; pos < size; pos += room) {
      int end = Math.min(size, pos + room);
      out.payload(header, unit.slice(pos, end), end == size);
    }
  }

  @Override
  public Map<String, String> fmtp() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("streamtype", "5");
    out.put("profile-level-id", "1");
    out.put("mode", "AAC-hbr");
    if (config != null) {
      out.put("config", HexFormat.of().formatHex(config.toByteArray()));
    }
    out.put("sizelength", "13");
    out.put("indexlength", "3");
    out.put("indexdeltalength", "3");
    return out;
  }
}
