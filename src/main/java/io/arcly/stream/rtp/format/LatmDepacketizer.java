package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.codec.BitReader;
import io.arcly.stream.codec.CodecException;
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

  private MuxConfig mux;
  private byte[] element = new byte[2048];
  private int elementLength;
  private boolean pending;
  private long timestamp;
  private int lastSequence = -1;
  private long dropped;

  /** A StreamMuxConfig as far as it matters here. */
  private record MuxConfig(byte[] asc, int subFrames, long frameDuration) {}

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
        mux = streamMuxConfig(b, new BitReader(b, 0, b.length, "latm stream mux config"), true);
      } catch (CodecException e) {
        throw new RtpException("mp4a-latm config is not a supported stream mux config");
      }
      c = Payload.wrap(mux.asc());
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
    BitReader r = new BitReader(b, 0, b.length, "latm audio mux element");
    if (inBand && !r.flag()) { // useSameStreamMux == 0
      MuxConfig next = streamMuxConfig(b, r, false);
      if (mux == null || !Arrays.equals(next.asc(), mux.asc())) {
        out.config(timestamp, Payload.wrap(next.asc()));
      }
      mux = next;
    }
    if (mux == null) {
      dropped++;
      return; // no configuration yet: the frames cannot be described
    }
    for (int i = 0; i < mux.subFrames(); i++) {
      int len = 0;
      int tmp;
      do {
        tmp = r.u(8);
        len += tmp;
      } while (tmp == 255);
      if (!r.byteAligned()) {
        byte[] frame = new byte[len];
        for (int j = 0; j < len; j++) {
          frame[j] = (byte) r.u(8);
        }
        out.unit(ts(i), Payload.wrap(frame), false);
      } else {
        int at = (int) (r.position() / 8);
        r.skip(8L * len);
        out.unit(ts(i), Payload.wrap(b, at, len), false);
      }
    }
  }

  private long ts(int subFrame) {
    return (timestamp + subFrame * mux.frameDuration()) & 0xFFFF_FFFFL;
  }

  /**
   * StreamMuxConfig(), ISO/IEC 14496-3 1.7.3.1, for one program and layer, read by {@code r} over
   * {@code b}. A {@code lenient} read (of the format parameters, where nothing follows) takes a
   * config that ends after the AudioSpecificConfig, as GStreamer's rtpmp4apay writes it, as one
   * with frameLengthType 0 and nothing else.
   */
  private MuxConfig streamMuxConfig(byte[] b, BitReader r, boolean lenient) {
    int version = r.u(1);
    int versionA = version == 1 ? r.u(1) : 0;
    if (versionA != 0) {
      throw new CodecException("latm audio mux version a not supported");
    }
    if (version == 1) {
      latmValue(r); // taraBufferFullness
    }
    r.skip(1); // allStreamsSameTimeFraming
    int subFrames = r.u(6) + 1;
    int programs = r.u(4);
    int layers = r.u(3);
    if (programs != 0 || layers != 0) {
      throw new CodecException("latm several programs or layers not supported");
    }
    byte[] asc;
    if (version == 0) {
      asc = AscBits.read(b, r);
    } else {
      long ascLen = latmValue(r);
      long start = r.position();
      asc = AscBits.read(b, r);
      long fill = ascLen - (r.position() - start);
      if (fill < 0) {
        throw new CodecException("latm audio specific config longer than announced");
      }
      r.skip(fill);
    }
    Aac.AudioSpecificConfig c = Aac.parse(asc, 0, asc.length);
    long duration = Math.max(1, 1024L * clockRate / c.coreSampleRate());
    MuxConfig config = new MuxConfig(asc, subFrames, duration);
    if (lenient && r.bitsLeft() < 11) {
      return config;
    }
    int frameLengthType = r.u(3);
    if (frameLengthType != 0) {
      throw new CodecException("latm frame length type not supported");
    }
    r.skip(8); // latmBufferFullness
    if (r.flag()) { // otherDataPresent
      if (version == 1) {
        latmValue(r);
      } else {
        boolean esc;
        do {
          esc = r.flag();
          r.skip(8);
        } while (esc);
      }
    }
    if (r.flag()) { // crcCheckPresent
      r.skip(8);
    }
    return config;
  }

  /** LatmGetValue(), ISO/IEC 14496-3 1.7.3.1. */
  private static long latmValue(BitReader r) {
    int bytes = r.u(2) + 1;
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | r.u(8);
    }
    return v;
  }
}
