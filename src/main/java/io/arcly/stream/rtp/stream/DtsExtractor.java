package io.arcly.stream.rtp.stream;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.codec.PictureOrder;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.Arrays;

/**
 * Derives decoding timestamps for H.264 and H.265 received over RTP, which carries presentation
 * times only, from the picture order count in the slice headers (as MediaMTX's DTS extractor does,
 * with the reorder depth of the SPS when it tells it).
 *
 * <p>Within a coded video sequence, a picture's place in output order {@code d} (its picture order
 * count over the count's step) and its place in decoding order {@code n} tell how many pictures it
 * is reordered by; with the stream's reorder depth {@code R} (H.264 {@code max_num_reorder_frames}
 * of the VUI, H.265 {@code sps_max_num_reorder_pics}, or else the largest seen) and the frame
 * duration {@code f} measured from the presentation times, {@code dts = pts - (d - n + R) * f}. The
 * result is made monotonic and at most the PTS. Streams without picture order counts in their
 * slices (H.264 {@code pic_order_cnt_type} 2, which has no reordering) get {@code dts = pts}.
 *
 * <p>The first picture's DTS assumes 30 frames per second until a second picture measures the frame
 * duration. The DTS starts {@code R} frames before the first PTS (negative near the start).
 */
final class DtsExtractor {
  /** The largest reorder depth believed. */
  static final int MAX_REORDER = 16;

  private static final long DEFAULT_FRAME_MICROS = 33_333;

  private final boolean hevc;
  private final NalWalker walker = new NalWalker();
  private byte[] sps;
  private byte[] pps;
  private PictureOrder.Params params;

  private boolean started;
  private long prevDts;
  private boolean pocStarted;
  private long pocExt;
  private long keyPoc;
  private long keyPts;
  private int decodeIndex;
  private int step;
  private int learnedReorder;
  private long frameMicros = DEFAULT_FRAME_MICROS;

  DtsExtractor(CodecId codec) {
    if (codec != CodecId.H264 && codec != CodecId.H265) {
      throw new IllegalArgumentException("dts extraction is for h264 and h265: " + codec);
    }
    this.hevc = codec == CodecId.H265;
    this.step = hevc ? 1 : 2;
  }

  /** Takes a decoder configuration record's parameter sets. */
  void config(Payload record) {
    try {
      if (hevc) {
        H265.HevcConfig c = H265.parseHvcC(record);
        if (!c.sps().isEmpty() && !c.pps().isEmpty()) {
          update(c.sps().get(0), c.pps().get(0));
        }
      } else {
        H264.AvcConfig c = H264.parseAvcC(record);
        if (!c.sps().isEmpty()) {
          update(c.sps().get(0), null);
        }
      }
    } catch (CodecException e) {
      // keep what is known
    }
  }

  private void update(byte[] newSps, byte[] newPps) {
    if (Arrays.equals(newSps, sps) && (newPps == null || Arrays.equals(newPps, pps))) {
      return;
    }
    byte[] nextPps = newPps != null ? newPps : pps;
    try {
      params = hevc ? PictureOrder.h265(newSps, nextPps) : PictureOrder.h264(newSps);
    } catch (CodecException | NullPointerException e) {
      params = null;
    }
    sps = newSps;
    pps = nextPps;
  }

  /** The DTS of access unit {@code au} (4-byte length-prefixed) presented at {@code pts}. */
  long dts(Payload au, long pts) {
    int poc = -1;
    boolean idr = false;
    try {
      walker.reset(au, 4);
      byte[] newSps = null;
      byte[] newPps = null;
      while (walker.next()) {
        if (walker.length() < 2) {
          continue;
        }
        int first = walker.firstByte();
        int type = hevc ? H265.nalType(first) : H264.nalType(first);
        if (hevc ? type == H265.SPS : type == H264.SPS) {
          newSps = walker.slice().toByteArray();
        } else if (hevc && type == H265.PPS) {
          newPps = walker.slice().toByteArray();
        } else if (poc < 0 && (hevc ? type <= H265.IRAP_LAST : type == 1 || type == 5)) {
          if (newSps != null) {
            update(newSps, newPps);
            newSps = null;
          }
          if (params != null) {
            byte[] nal = walker.slice().toByteArray();
            poc = PictureOrder.pocLsb(nal, 0, nal.length, params);
          }
          idr = hevc ? type == H265.IDR_W_RADL || type == H265.IDR_N_LP : type == H264.IDR;
        }
      }
      if (newSps != null) {
        update(newSps, newPps);
      }
    } catch (CodecException e) {
      poc = -1;
    }
    long dts = poc < 0 ? pts : fromPoc(poc, idr, pts);
    if (started && dts <= prevDts) {
      dts = prevDts + 1 <= pts ? prevDts + 1 : prevDts;
    }
    started = true;
    prevDts = dts;
    return dts;
  }

  private long fromPoc(int lsb, boolean idr, long pts) {
    long max = 1L << params.log2MaxPocLsb();
    if (!pocStarted || idr) {
      pocExt = lsb;
    } else {
      long d = Math.floorMod(lsb - pocExt, max);
      pocExt += d >= max / 2 ? d - max : d;
    }
    // Counting restarts where the picture order count does (IDR), not at a CRA: leading pictures
    // after a CRA are decoded after it but shown before it, like any reordered picture.
    if (!pocStarted || idr) {
      pocStarted = true;
      keyPoc = pocExt;
      keyPts = pts;
      decodeIndex = 0;
    } else {
      decodeIndex++;
    }
    long distance = pocExt - keyPoc;
    if (!hevc && step == 2 && (distance & 1) != 0) {
      step = 1;
    }
    long d = distance / step;
    if (d > 0 && pts > keyPts) {
      frameMicros = Math.max(1, (pts - keyPts) / d);
    }
    long k = d - decodeIndex;
    if (-k > learnedReorder) {
      learnedReorder = (int) Math.min(MAX_REORDER, -k);
    }
    int reorder = params.maxReorder() >= 0 ? params.maxReorder() : 0;
    reorder = Math.max(reorder, learnedReorder);
    long dts = pts - Math.max(0, k + reorder) * frameMicros;
    return Math.min(dts, pts);
  }
}
