package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.ParameterSets;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H.265 over RTP, RFC 7798, receiving side: single NAL unit packets (4.4.1), aggregation packets
 * (4.4.2) and fragmentation units (4.4.3), with the DONL / DOND fields when {@code
 * sprop-max-don-diff} is above 0. {@code sprop-vps}, {@code sprop-sps} and {@code sprop-pps} (7.1)
 * give the first HEVCDecoderConfigurationRecord; parameter sets in band that differ give a new one.
 *
 * <p>Access units are handed out with 4-byte length prefixes, access unit delimiters left out; the
 * keyframe flag is set when an IRAP picture is present. Limits: 8 MiB and 1024 NAL units per access
 * unit; PACI packets (4.4.4) are malformed input here.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7798">RFC 7798</a>
 */
public final class H265Depacketizer extends NalDepacketizer {
  /** Aggregation packet, RFC 7798 4.4.2. */
  static final int AP = 48;

  /** Fragmentation unit, RFC 7798 4.4.3. */
  static final int FU = 49;

  private final boolean donl;
  private final Payload initial;
  private final ParameterSets sets = ParameterSets.h265();

  /** A depacketizer for the format parameters {@code fmtp} (keys lower-case). */
  public H265Depacketizer(Map<String, String> fmtp) {
    String maxDon = fmtp.getOrDefault("sprop-max-don-diff", "0").trim();
    this.donl = !maxDon.equals("0") && !maxDon.isEmpty();
    List<byte[]> v = sets(fmtp.get("sprop-vps"), "h265 sprop-vps");
    List<byte[]> s = sets(fmtp.get("sprop-sps"), "h265 sprop-sps");
    List<byte[]> p = sets(fmtp.get("sprop-pps"), "h265 sprop-pps");
    Payload config = null;
    if (!s.isEmpty()) {
      try {
        config = Payload.wrap(sets.initial(v, s, p));
      } catch (CodecException e) {
        config = null; // in-band parameter sets may follow
      }
    }
    this.initial = config;
  }

  private static List<byte[]> sets(String value, String name) {
    List<byte[]> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          byte[] nal = base64(part, name);
          if (nal.length >= 2) {
            out.add(nal);
          }
        }
      }
    }
    return out;
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
  public Payload initialConfig() {
    return initial;
  }

  @Override
  void read(Payload p) {
    if (p.length() < 3) {
      throw new RtpException("h265 payload truncated");
    }
    int type = H265.nalType(p.get(0));
    if (type == AP) {
      int from = 2 + (donl ? 2 : 0);
      readAggregate(p, from, donl ? 1 : 0, "h265 ap");
    } else if (type == FU) {
      int fu = p.get(2);
      int start = 3;
      if ((fu & 0x80) != 0) {
        start += donl ? 2 : 0;
        if (start > p.length()) {
          throw new RtpException("h265 fu truncated");
        }
        byte[] header = {
          (byte) ((p.get(0) & 0x81) | ((fu & 0x3F) << 1)), (byte) p.get(1),
        };
        startFragment(header, p.slice(start, p.length()));
        if ((fu & 0x40) != 0) {
          continueFragment(Payload.EMPTY, true);
        }
      } else {
        continueFragment(p.slice(start, p.length()), (fu & 0x40) != 0);
      }
    } else if (type == 50) {
      throw new RtpException("h265 paci packets not supported");
    } else if (donl) {
      if (p.length() < 5) {
        throw new RtpException("h265 payload truncated");
      }
      byte[] nal = new byte[p.length() - 2];
      nal[0] = (byte) p.get(0);
      nal[1] = (byte) p.get(1);
      p.slice(4, p.length()).copyTo(nal, 2);
      addNal(Payload.wrap(nal));
    } else {
      addNal(p);
    }
  }

  @Override
  boolean isDropped(Payload nal) {
    return nal.length() < 2 || H265.nalType(nal.get(0)) == H265.AUD;
  }

  @Override
  boolean isKeyframe(List<Payload> nals) {
    for (Payload n : nals) {
      if (H265.isIrap(H265.nalType(n.get(0)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  Payload updateConfig(List<Payload> nals) {
    return sets.update(nals);
  }
}
