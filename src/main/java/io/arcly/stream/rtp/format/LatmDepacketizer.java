package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.BitReader;
import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.Latm;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * AAC over RTP as {@code MP4A-LATM}, RFC 6416 (LATM, ISO/IEC 14496-3 1.7.3), receiving side:
 * AudioMuxElements with the StreamMuxConfig in the format parameters ({@code cpresent=0}, {@code
 * config=} in hex, as GStreamer's rtpmp4apay and ffmpeg send it) or in band ({@code cpresent=1});
 * one AudioMuxElement per packet or fragmented over packets up to the marker bit (RFC 6416 6.1).
 *
 * <p>Supported: one program with one layer, audioMuxVersion 0 and 1, frameLengthType 0 (variable
 * length payloads), several subframes per element (each a frame, one frame duration apart). A new
 * in-band AudioSpecificConfig is handed out as a configuration. Limits: 64 KiB per element.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6416">RFC 6416</a>
 */
public final class LatmDepacketizer implements Depacketizer {
  /** The largest AudioMuxElement assembled. */
  static final int MAX_ELEMENT = 64 << 10;

  private final int clockRate;
  private final boolean inBand;
  private final Payload initial;

  private Latm.MuxConfig mux;
  private long frameDuration;
  private byte[] element = new byte[2048];
  private int elementLength;
  private boolean pending;
  private long timestamp;
  private int lastSequence = -1;
  private long dropped;

  /**
   * A depacketizer for the rtpmap clock rate and the format parameters (keys lower-case).
   *
   * @throws RtpException when {@code config} is not a supported StreamMuxConfig
   */
  public LatmDepacketizer(int clockRate, Map<String, String> fmtp) {
    if (clockRate <= 0) {
      throw new RtpException("mp4a-latm clock rate not positive");
    }
    this.clockRate = clockRate;
    this.inBand = "1".equals(fmtp.getOrDefault("cpresent", "1").trim());
    String hex = fmtp.get("config");
    Payload c = null;
    if (hex != null && !hex.isBlank()) {
      byte[] b;
      try {
        b = HexFormat.of().parseHex(hex.trim());
      } catch (IllegalArgumentException e) {
        throw new RtpException("mp4a-latm config is not hex");
      }
      try {
        use(Latm.streamMuxConfig(b, new BitReader(b, 0, b.length, "latm stream mux config"), true));
      } catch (CodecException e) {
        throw new RtpException("mp4a-latm config is not a supported stream mux config");
      }
      c = mux.asc();
    } else if (!inBand) {
      throw new RtpException("mp4a-latm without config and cpresent=0");
    }
    this.initial = c;
  }

  @Override
  public CodecId codec() {
    return CodecId.AAC;
  }

  @Override
  public int clockRate() {
    return clockRate;
  }

  @Override
  public Payload initialConfig() {
    return initial;
  }

  @Override
  public long droppedUnits() {
    return dropped;
  }

  @Override
  public void push(RtpPacket packet, Sink out) {
    int seq = packet.sequence();
    boolean gap = lastSequence >= 0 && seq != ((lastSequence + 1) & 0xFFFF);
    lastSequence = seq;
    if (pending && (gap || packet.timestamp() != timestamp)) {
      dropped++;
      pending = false;
    }
    if (!pending) {
      pending = true;
      elementLength = 0;
      timestamp = packet.timestamp();
    }
    Payload p = packet.payload();
    if (elementLength + (long) p.length() > MAX_ELEMENT) {
      pending = false;
      elementLength = 0;
      dropped++;
      throw new RtpException("mp4a-latm element too large");
    }
    if (elementLength + p.length() > element.length) {
      element = Arrays.copyOf(element, Math.max(elementLength + p.length(), 2 * element.length));
    }
    p.copyTo(element, elementLength);
    elementLength += p.length();
    if (!packet.marker()) {
      return;
    }
    pending = false;
    try {
      readElement(Arrays.copyOf(element, elementLength), out);
    } catch (CodecException e) {
      dropped++;
      throw new RtpException("mp4a-latm audio mux element malformed");
    } finally {
      elementLength = 0;
    }
  }

  private void readElement(byte[] b, Sink out) {
    Latm.MuxConfig before = mux;
    Latm.MuxConfig now =
        Latm.audioMuxElement(
            b,
            0,
            b.length,
            inBand,
            mux,
            new Latm.Sink() {
              @Override
              public void config(Latm.MuxConfig config) {
                if (mux == null || !config.asc().equals(mux.asc())) {
                  out.config(timestamp, config.asc());
                }
                use(config);
              }

              @Override
              public void frame(int index, Payload frame) {
                out.unit(ts(index), frame, false);
              }
            });
    if (now == null && before == null) {
      dropped++; // no configuration yet: the frames cannot be described
    }
  }

  private void use(Latm.MuxConfig config) {
    mux = config;
    frameDuration = Math.max(1, 1024L * clockRate / config.audioConfig().coreSampleRate());
  }

  private long ts(int subFrame) {
    return (timestamp + subFrame * frameDuration) & 0xFFFF_FFFFL;
  }
}
