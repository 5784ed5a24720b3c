package io.arcly.stream.format.fmp4;

import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny MPEG-TS reader for the tests: the H.265 video PES packets of a file as kernel frames, with
 * parameter sets moved out of the samples into a leading configuration frame.
 */
final class TsVideo {
  private TsVideo() {}

  /** The configuration frame, then the access units in decode order. */
  static List<Frame> readH265(byte[] ts) {
    List<long[]> times = new ArrayList<>(); // {pts, dts} in 90 kHz
    List<byte[]> units = new ArrayList<>();
    ByteArrayOutputStream pes = null;
    for (int at = 0; at + 188 <= ts.length; at += 188) {
      if (ts[at] != 0x47) {
        throw new IllegalArgumentException("lost ts sync at " + at);
      }
      boolean start = (ts[at + 1] & 0x40) != 0;
      int afc = (ts[at + 3] >> 4) & 3;
      int p = at + 4;
      if ((afc & 2) != 0) {
        p += 1 + (ts[p] & 0xFF);
      }
      if ((afc & 1) == 0 || p >= at + 188) {
        continue;
      }
      if (start) {
        if (pes != null) {
          units.add(pes.toByteArray());
          pes = null;
        }
        int streamId = ts[p + 3] & 0xFF;
        if (ts[p] == 0 && ts[p + 1] == 0 && ts[p + 2] == 1 && (streamId & 0xF0) == 0xE0) {
          int flags = (ts[p + 7] >> 6) & 3;
          long pts = timestamp(ts, p + 9);
          long dts = flags == 3 ? timestamp(ts, p + 14) : pts;
          times.add(new long[] {pts, dts});
          pes = new ByteArrayOutputStream();
          int body = p + 9 + (ts[p + 8] & 0xFF);
          pes.write(ts, body, at + 188 - body);
        }
      } else if (pes != null) {
        pes.write(ts, p, at + 188 - p);
      }
    }
    if (pes != null) {
      units.add(pes.toByteArray());
    }

    List<byte[]> vps = new ArrayList<>();
    List<byte[]> sps = new ArrayList<>();
    List<byte[]> pps = new ArrayList<>();
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      Payload au =
          Payload.wrap(NalUnits.annexBToLengthPrefixed(units.get(i), 0, units.get(i).length));
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      NalUnits.forEach(
          au,
          (off, len) -> {
            int type = H265.nalType(au.get(off));
            byte[] nal = au.slice(off, off + len).toByteArray();
            switch (type) {
              case H265.VPS -> addOnce(vps, nal);
              case H265.SPS -> addOnce(sps, nal);
              case H265.PPS -> addOnce(pps, nal);
              case H265.AUD -> {}
              default -> {
                sample.write(len >>> 24);
                sample.write(len >>> 16);
                sample.write(len >>> 8);
                sample.write(len);
                sample.writeBytes(nal);
              }
            }
          });
      Payload data = Payload.wrap(sample.toByteArray());
      long pts = MediaTime.fromRate(times.get(i)[0], 90_000);
      long dts = MediaTime.fromRate(times.get(i)[1], 90_000);
      frames.add(Frame.video(CodecId.H265, pts, dts, H265.isKeyframe(data), data));
    }
    byte[] record = H265.fromParameterSets(vps, sps, pps).toRecord();
    frames.add(0, Frame.config(CodecId.H265, frames.get(0).dts(), Payload.wrap(record)));
    return frames;
  }

  private static void addOnce(List<byte[]> list, byte[] nal) {
    if (list.stream().noneMatch(n -> java.util.Arrays.equals(n, nal))) {
      list.add(nal);
    }
  }

  private static long timestamp(byte[] b, int at) {
    return ((long) (b[at] & 0x0E) << 29)
        | ((b[at + 1] & 0xFF) << 22)
        | ((b[at + 2] & 0xFE) << 14)
        | ((b[at + 3] & 0xFF) << 7)
        | ((b[at + 4] & 0xFF) >> 1);
  }
}
