package io.arcly.stream.format.mpegts;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.codec.ParameterSets;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 (stream type 0x1B) and H.265 (0x24) video: each PES packet is one access unit in Annex B
 * form (ISO/IEC 13818-1 2.14, 2.17), turned into 4-byte length-prefixed NAL units.
 *
 * <p>Access unit delimiters and filler data are left out; parameter sets stay in the frame as they
 * came and also give a configuration frame whenever they differ from the last ones. The keyframe
 * flag is set for IDR (H.264) and IRAP (H.265) pictures. Frames before the first configuration
 * cannot be decoded and are dropped.
 */
final class VideoEs implements EsReader {
  private static final int H264_FILLER = 12;
  private static final int H265_FILLER = 38;

  private final CodecId codec;
  private final ParameterSets sets;
  private final List<Payload> found = new ArrayList<>();
  private boolean configured;
  private long lastPts = PesHeader.NONE;
  private long lastDts = PesHeader.NONE;

  VideoEs(CodecId codec) {
    this.codec = codec;
    this.sets = codec == CodecId.H264 ? ParameterSets.h264() : ParameterSets.h265();
  }

  @Override
  public CodecId codec() {
    return codec;
  }

  @Override
  public boolean retainsBuffer() {
    return false;
  }

  private boolean keep(int header) {
    if (codec == CodecId.H264) {
      int t = H264.nalType(header);
      return t != H264.AUD && t != H264_FILLER;
    }
    int t = H265.nalType(header);
    return t != H265.AUD && t != H265_FILLER;
  }

  @Override
  public void read(byte[] b, int off, int len, long pts, long dts, Out out) {
    if (pts == PesHeader.NONE) {
      pts = lastPts; // a PES without timestamps continues the access unit's clock
      dts = lastDts;
    }
    if (pts == PesHeader.NONE) {
      out.error();
      return;
    }
    lastPts = pts;
    lastDts = dts;
    byte[] au;
    try {
      au = NalUnits.annexBToLengthPrefixed(b, off, len, this::keep);
    } catch (CodecException e) {
      out.error();
      return;
    }
    if (au.length == 0) {
      return; // delimiters or filler only
    }
    Payload p = Payload.wrap(au);
    found.clear();
    NalWalker w = new NalWalker(p);
    while (w.next()) {
      if (sets.isParameterSet(w.firstByte())) {
        found.add(w.slice());
      }
    }
    if (!found.isEmpty()) {
      try {
        Payload record = sets.update(found);
        if (record != null) {
          configured = true;
          out.frame(dts, dts, Frame.CONFIG, record);
        }
      } catch (CodecException e) {
        out.error(); // unreadable parameter sets: the media flows with the last configuration
      }
    }
    if (!configured) {
      out.beforeConfig();
      return;
    }
    boolean key = codec == CodecId.H264 ? H264.isKeyframe(p) : H265.isKeyframe(p);
    out.frame(pts, dts, key ? Frame.KEYFRAME : 0, p);
  }
}
