package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.ParameterSets;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H.264 over RTP, RFC 6184, receiving side: single NAL unit packets (5.6), STAP-A (5.7.1) and FU-A
 * (5.8) in packetization modes 0 and 1. Parameter sets from {@code sprop-parameter-sets} (8.1) give
 * the first AVCDecoderConfigurationRecord; parameter sets in band that differ give a new one.
 *
 * <p>Access units are handed out with 4-byte length prefixes, access unit delimiters left out, the
 * parameter sets that came in band left in; the keyframe flag is set when an IDR slice is present.
 * Limits: 8 MiB and 1024 NAL units per access unit; STAP-B, MTAP and FU-B (interleaved mode) are
 * malformed input here.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184">RFC 6184</a>
 */
public final class H264Depacketizer extends NalDepacketizer {
  /** STAP-A, RFC 6184 5.7.1. */
  static final int STAP_A = 24;

  /** FU-A, RFC 6184 5.8. */
  static final int FU_A = 28;

  private final Payload initial;
  private final ParameterSets sets = ParameterSets.h264();

  /** A depacketizer for the format parameters {@code fmtp} (keys lower-case). */
  public H264Depacketizer(Map<String, String> fmtp) {
    String sprop = fmtp.get("sprop-parameter-sets");
    Payload config = null;
    if (sprop != null && !sprop.isBlank()) {
      List<byte[]> s = new ArrayList<>();
      List<byte[]> p = new ArrayList<>();
      for (String part : sprop.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        byte[] nal = base64(part, "h264 sprop-parameter-sets");
        if (nal.length > 0 && H264.nalType(nal[0]) == H264.SPS) {
          s.add(nal);
        } else if (nal.length > 0 && H264.nalType(nal[0]) == H264.PPS) {
          p.add(nal);
        }
      }
      try {
        config = Payload.wrap(sets.initial(List.of(), s, p));
      } catch (io.arcly.stream.codec.CodecException e) {
        config = null; // in-band parameter sets may follow
      }
    }
    this.initial = config;
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
  public Payload initialConfig() {
    return initial;
  }

  @Override
  void read(Payload p) {
    if (p.isEmpty()) {
      throw new RtpException("h264 payload empty");
    }
    int header = p.get(0);
    int type = header & 0x1F;
    if (type >= 1 && type <= 23) {
      addNal(p);
    } else if (type == STAP_A) {
      readAggregate(p, 1, 0, "h264 stap-a");
    } else if (type == FU_A) {
      if (p.length() < 3) {
        throw new RtpException("h264 fu-a truncated");
      }
      int fu = p.get(1);
      Payload data = p.slice(2, p.length());
      if ((fu & 0x80) != 0) {
        startFragment(new byte[] {(byte) ((header & 0xE0) | (fu & 0x1F))}, data);
        if ((fu & 0x40) != 0) {
          continueFragment(Payload.EMPTY, true);
        }
      } else {
        continueFragment(data, (fu & 0x40) != 0);
      }
    } else {
      throw new RtpException("h264 packet type " + type + " not supported");
    }
  }

  @Override
  boolean isDropped(Payload nal) {
    return H264.nalType(nal.get(0)) == H264.AUD;
  }

  @Override
  boolean isKeyframe(List<Payload> nals) {
    for (Payload n : nals) {
      if (H264.nalType(n.get(0)) == H264.IDR) {
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
