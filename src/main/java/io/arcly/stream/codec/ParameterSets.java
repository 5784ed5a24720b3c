package io.arcly.stream.codec;

import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter sets an H.264 or H.265 stream last carried in band, turned into a new decoder
 * configuration record (ISO/IEC 14496-15 AVCDecoderConfigurationRecord or
 * HEVCDecoderConfigurationRecord) when they change.
 *
 * <p>An access unit that carries only some kinds (a PPS without an SPS) keeps the others from
 * before. Not thread-safe.
 */
public final class ParameterSets {
  private final boolean h265;
  private List<byte[]> vps = List.of();
  private List<byte[]> sps = List.of();
  private List<byte[]> pps = List.of();

  private ParameterSets(boolean h265) {
    this.h265 = h265;
  }

  /** A tracker of H.264 SPS and PPS. */
  public static ParameterSets h264() {
    return new ParameterSets(false);
  }

  /** A tracker of H.265 VPS, SPS and PPS. */
  public static ParameterSets h265() {
    return new ParameterSets(true);
  }

  /**
   * Takes parameter sets known out of band (an SDP, a descriptor) as the current ones and returns
   * their record; {@code vps} is ignored for H.264.
   *
   * @throws CodecException when they do not form a record (the current ones stay)
   */
  public byte[] initial(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
    byte[] record = record(vps, sps, pps);
    this.vps = h265 ? vps : List.of();
    this.sps = sps;
    this.pps = pps;
    return record;
  }

  /** Whether a NAL unit with this header byte is a parameter set of the codec. */
  public boolean isParameterSet(int firstByte) {
    if (h265) {
      int t = H265.nalType(firstByte);
      return t == H265.VPS || t == H265.SPS || t == H265.PPS;
    }
    int t = H264.nalType(firstByte);
    return t == H264.SPS || t == H264.PPS;
  }

  /**
   * Takes note of the parameter sets among an access unit's NAL units and returns the new
   * configuration record when they differ from the current ones, or null.
   *
   * @throws CodecException when the new parameter sets do not form a record (the current ones stay)
   */
  public Payload update(List<Payload> nals) {
    List<byte[]> v = null;
    List<byte[]> s = null;
    List<byte[]> p = null;
    for (Payload n : nals) {
      if (n.isEmpty()) {
        continue;
      }
      int first = n.get(0);
      int type = h265 ? H265.nalType(first) : H264.nalType(first);
      if (h265 && type == H265.VPS) {
        v = add(v, n);
      } else if (type == (h265 ? H265.SPS : H264.SPS)) {
        s = add(s, n);
      } else if (type == (h265 ? H265.PPS : H264.PPS)) {
        p = add(p, n);
      }
    }
    if (v == null && s == null && p == null) {
      return null;
    }
    List<byte[]> nv = v == null ? vps : v;
    List<byte[]> ns = s == null ? sps : s;
    List<byte[]> np = p == null ? pps : p;
    if (Records.same(nv, vps) && Records.same(ns, sps) && Records.same(np, pps)) {
      return null;
    }
    Payload record = Payload.wrap(record(nv, ns, np));
    vps = nv;
    sps = ns;
    pps = np;
    return record;
  }

  private byte[] record(List<byte[]> v, List<byte[]> s, List<byte[]> p) {
    return h265
        ? H265.fromParameterSets(v, s, p).toRecord()
        : H264.fromParameterSets(s, p).toRecord();
  }

  private static List<byte[]> add(List<byte[]> list, Payload nal) {
    List<byte[]> out = list == null ? new ArrayList<>() : list;
    out.add(nal.toByteArray());
    return out;
  }
}
