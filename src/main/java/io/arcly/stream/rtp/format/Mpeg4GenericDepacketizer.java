package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.codec.BitReader;
import io.arcly.stream.codec.CodecException;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.HexFormat;
import java.util.Map;

/**
 * AAC over RTP as {@code mpeg4-generic}, RFC 3640, receiving side: the AU header section (3.2.1)
 * with the field sizes the format parameters give ({@code sizelength}, {@code indexlength}, {@code
 * indexdeltalength}, {@code ctsdeltalength}, {@code dtsdeltalength}, {@code
 * randomaccessindication}, {@code streamstateindication}; AAC-hbr is 13/3/3), the auxiliary section
 * skipped, several access units per packet and one access unit fragmented over packets (3.2.3).
 * {@code config} (hex AudioSpecificConfig) is the configuration.
 *
 * <p>Each access unit gets the packet's timestamp plus one frame duration (1024 samples of the AAC
 * core, or {@code constantduration}) per access unit before it; interleaving is not supported
 * (index deltas are ignored). Limits: 64 KiB per access unit, 512 access units per packet.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3640">RFC 3640</a>
 */
public final class Mpeg4GenericDepacketizer implements Depacketizer {
  /** The largest access unit accepted. */
  static final int MAX_ACCESS_UNIT = 64 << 10;

  /** The most access units read from one packet. */
  static final int MAX_UNITS_PER_PACKET = 512;

  private final int clockRate;
  private final int sizeLength;
  private final int indexLength;
  private final int indexDeltaLength;
  private final int ctsDeltaLength;
  private final int dtsDeltaLength;
  private final boolean randomAccess;
  private final int streamStateLength;
  private final int auxLength;
  private final Payload config;
  private final long frameDuration;

  private byte[] fragment;
  private int fragmentLength;
  private int fragmentSize;
  private long fragmentTimestamp;
  private int lastSequence = -1;
  private long dropped;

  /**
   * A depacketizer for the rtpmap clock rate {@code clockRate} and the format parameters {@code
   * fmtp} (keys lower-case).
   *
   * @throws RtpException when a format parameter is not a number in its range or {@code config} is
   *     not hex
   */
  public Mpeg4GenericDepacketizer(int clockRate, Map<String, String> fmtp) {
    if (clockRate <= 0) {
      throw new RtpException("mpeg4-generic clock rate not positive");
    }
    this.clockRate = clockRate;
    this.sizeLength = number(fmtp, "sizelength", 13, 0, 32);
    this.indexLength = number(fmtp, "indexlength", 3, 0, 32);
    this.indexDeltaLength = number(fmtp, "indexdeltalength", 3, 0, 32);
    this.ctsDeltaLength = number(fmtp, "ctsdeltalength", 0, 0, 32);
    this.dtsDeltaLength = number(fmtp, "dtsdeltalength", 0, 0, 32);
    this.randomAccess = number(fmtp, "randomaccessindication", 0, 0, 1) == 1;
    this.streamStateLength = number(fmtp, "streamstateindication", 0, 0, 32);
    this.auxLength = number(fmtp, "auxiliarydatasizelength", 0, 0, 32);
    if (sizeLength == 0) {
      throw new RtpException("mpeg4-generic without sizelength not supported");
    }
    String hex = fmtp.get("config");
    Payload c = null;
    long duration = 1024;
    if (hex != null && !hex.isBlank()) {
      try {
        byte[] asc = HexFormat.of().parseHex(hex.trim());
        Aac.AudioSpecificConfig parsed = Aac.parse(asc, 0, asc.length);
        c = Payload.wrap(asc);
        duration = Math.max(1, 1024L * clockRate / parsed.coreSampleRate());
      } catch (IllegalArgumentException | CodecException e) {
        throw new RtpException("mpeg4-generic config is not an audio specific config");
      }
    }
    int constant = number(fmtp, "constantduration", 0, 0, Integer.MAX_VALUE);
    this.frameDuration = constant > 0 ? constant : duration;
    this.config = c;
  }

  static int number(Map<String, String> fmtp, String key, int def, int min, int max) {
    String v = fmtp.get(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new RtpException("fmtp " + key + " out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new RtpException("fmtp " + key + " is not a number");
    }
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
    return config;
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
    if (fragment != null && (gap || packet.timestamp() != fragmentTimestamp)) {
      dropFragment();
    }
    Payload p = packet.payload();
    if (p.length() < 2) {
      throw new RtpException("mpeg4-generic payload truncated");
    }
    int headerBits = (p.get(0) << 8) | p.get(1);
    int headerBytes = (headerBits + 7) / 8;
    if (2 + headerBytes > p.length()) {
      throw new RtpException("mpeg4-generic au headers overrun packet");
    }
    byte[] h = p.slice(2, 2 + headerBytes).toByteArray();
    BitReader r = new BitReader(h, 0, h.length, "mpeg4-generic au header");
    int[] sizes = new int[Math.min(MAX_UNITS_PER_PACKET, headerBits / sizeLength + 1)];
    int count = 0;
    try {
      long used = 0;
      while (used < headerBits && count < sizes.length) {
        long before = r.position();
        sizes[count] = r.u(sizeLength);
        r.skip(count == 0 ? indexLength : indexDeltaLength);
        if (ctsDeltaLength > 0 && r.flag()) {
          r.skip(ctsDeltaLength);
        }
        if (dtsDeltaLength > 0 && r.flag()) {
          r.skip(dtsDeltaLength);
        }
        if (randomAccess) {
          r.skip(1);
        }
        r.skip(streamStateLength);
        used += r.position() - before;
        count++;
      }
    } catch (CodecException e) {
      throw new RtpException("mpeg4-generic au headers truncated");
    }
    int pos = 2 + headerBytes;
    if (auxLength > 0) {
      pos = skipAuxiliary(p, pos);
    }
    if (count == 0) {
      throw new RtpException("mpeg4-generic packet without au header");
    }
    int avail = p.length() - pos;
    if (count == 1 && sizes[0] > avail) {
      fragmentOf(packet, p.slice(pos, p.length()), sizes[0], out);
      return;
    }
    if (fragment != null) {
      dropFragment(); // whole units where the rest of a fragmented one was expected
    }
    long ts = packet.timestamp();
    for (int i = 0; i < count; i++) {
      int n = sizes[i];
      if (n > p.length() - pos) {
        throw new RtpException("mpeg4-generic access unit overruns packet");
      }
      if (n > 0) {
        out.unit((ts + i * frameDuration) & 0xFFFF_FFFFL, p.slice(pos, pos + n), false);
      }
      pos += n;
    }
  }

  private int skipAuxiliary(Payload p, int pos) {
    if (pos + (auxLength + 7) / 8 > p.length()) {
      throw new RtpException("mpeg4-generic auxiliary section overruns packet");
    }
    byte[] a = p.slice(pos, Math.min(p.length(), pos + 4)).toByteArray();
    BitReader r = new BitReader(a, 0, a.length, "mpeg4-generic auxiliary");
    long bits;
    try {
      bits = r.uLong(auxLength);
    } catch (CodecException e) {
      throw new RtpException("mpeg4-generic auxiliary section overruns packet");
    }
    long end = pos + (auxLength + bits + 7) / 8;
    if (end > p.length()) {
      throw new RtpException("mpeg4-generic auxiliary section overruns packet");
    }
    return (int) end;
  }

  private void fragmentOf(RtpPacket packet, Payload data, int size, Sink out) {
    if (size > MAX_ACCESS_UNIT) {
      dropFragment();
      dropped++;
      throw new RtpException("mpeg4-generic access unit too large");
    }
    if (fragment == null) {
      fragment = new byte[data.length()]; // grows as fragments arrive, not as the header claims
      fragmentSize = size;
      fragmentLength = 0;
      fragmentTimestamp = packet.timestamp();
    } else if (size != fragmentSize) {
      dropFragment();
      return;
    }
    if (data.length() > fragmentSize - fragmentLength) {
      dropFragment();
      throw new RtpException("mpeg4-generic fragment overruns access unit");
    }
    if (fragmentLength + data.length() > fragment.length) {
      fragment =
          java.util.Arrays.copyOf(
              fragment,
              Math.min(
                  fragmentSize, Math.max(fragmentLength + data.length(), 2 * fragment.length)));
    }
    data.copyTo(fragment, fragmentLength);
    fragmentLength += data.length();
    if (fragmentLength == fragmentSize) {
      Payload unit = Payload.wrap(fragment, 0, fragmentLength);
      fragment = null;
      out.unit(packet.timestamp(), unit, false);
    } else if (packet.marker()) {
      dropFragment(); // the last fragment ended short
    }
  }

  private void dropFragment() {
    if (fragment != null) {
      dropped++;
    }
    fragment = null;
    fragmentLength = 0;
    fragmentSize = 0;
  }
}
