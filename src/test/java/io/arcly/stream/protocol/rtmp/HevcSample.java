package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.codec.H265;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HEVC elementary stream (Annex-B, as ffmpeg's {@code -f hevc} writes it) published over
 * Enhanced RTMP the way OBS 29.1+ does: a FourCC {@code hvc1} sequence start with the hvcC record,
 * then coded frames (packet type 1, composition time 0) at 25 fps.
 */
public final class HevcSample {
  /** The access units, each a list of NAL units without start codes. */
  public final List<List<byte[]>> accessUnits;

  /** The decoder configuration record sent as sequence start. */
  public final byte[] hvcc;

  /** The parameter sets, for rebuilding an elementary stream. */
  public final List<byte[]> vps = new ArrayList<>();

  /** SPS NAL units. */
  public final List<byte[]> sps = new ArrayList<>();

  /** PPS NAL units. */
  public final List<byte[]> pps = new ArrayList<>();

  /** Parses an Annex-B HEVC stream. */
  public HevcSample(byte[] annexB) {
    accessUnits = accessUnits(nals(annexB));
    for (byte[] n : accessUnits.get(0)) {
      switch (H265.nalType(n[0] & 0xFF)) {
        case 32 -> vps.add(n);
        case 33 -> sps.add(n);
        case 34 -> pps.add(n);
        default -> {}
      }
    }
    hvcc = H265.fromParameterSets(vps, sps, pps).toRecord();
  }

  /**
   * Connects {@code pub} (handshaken) to {@code app}, publishes {@code stream} and waits for
   * NetStream.Publish.Start; returns the message stream id.
   */
  public static int startPublish(RtmpTestClient pub, String app, String stream) throws IOException {
    pub.connect(app);
    int id = pub.createStream();
    pub.command(id, Command.of("publish", 0, Amf.NULL, Amf.str(stream), Amf.str("live")));
    String status = pub.awaitStatus("NetStream.Publish.");
    if (!status.equals("NetStream.Publish.Start")) {
      throw new IOException("publish refused: " + status);
    }
    return id;
  }

  /** Sends the sequence start and every access unit on message stream {@code id}. */
  public void send(RtmpTestClient pub, int id) throws IOException {
    pub.setChunkSize(60000);
    pub.send(6, 9, id, 0, tag(0x80 | 0x10, hvcc)); // key frame type, sequence start
    for (int i = 0; i < accessUnits.size(); i++) {
      boolean irap = accessUnits.get(i).stream().anyMatch(HevcSample::isIrap);
      ByteArrayOutputStream au = new ByteArrayOutputStream();
      au.writeBytes(new byte[3]); // composition time offset 0
      for (byte[] n : accessUnits.get(i)) {
        au.write(n.length >>> 24);
        au.write(n.length >>> 16);
        au.write(n.length >>> 8);
        au.write(n.length);
        au.write(n, 0, n.length);
      }
      // coded frames (packet type 1), key or inter frame type
      pub.send(6, 9, id, i * 40L, tag(0x80 | (irap ? 0x10 : 0x20) | 1, au.toByteArray()));
    }
  }

  static byte[] tag(int first, byte[] rest) {
    byte[] b = new byte[5 + rest.length];
    b[0] = (byte) first;
    b[1] = 'h';
    b[2] = 'v';
    b[3] = 'c';
    b[4] = '1';
    System.arraycopy(rest, 0, b, 5, rest.length);
    return b;
  }

  /** Whether a NAL unit is an intra random access point (types 16-23). */
  public static boolean isIrap(byte[] nal) {
    int t = H265.nalType(nal[0] & 0xFF);
    return t >= 16 && t <= 23;
  }

  /** The NAL units of an Annex-B stream. */
  static List<byte[]> nals(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i + 2 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (start >= 0) {
          int end = i;
          while (end > start && b[end - 1] == 0) {
            end--;
          }
          out.add(Arrays.copyOfRange(b, start, end));
        }
        start = i + 3;
        i += 2;
      }
    }
    if (start >= 0) {
      out.add(Arrays.copyOfRange(b, start, b.length));
    }
    return out;
  }

  /** Groups NAL units into access units: a new one at parameter sets or a first slice after VCL. */
  static List<List<byte[]>> accessUnits(List<byte[]> nals) {
    List<List<byte[]>> aus = new ArrayList<>();
    List<byte[]> cur = new ArrayList<>();
    boolean vclSeen = false;
    for (byte[] n : nals) {
      int t = H265.nalType(n[0] & 0xFF);
      boolean vcl = t < 32;
      boolean firstSlice = vcl && (n[2] & 0x80) != 0;
      boolean startsAu = firstSlice || (!vcl && (t >= 32 && t <= 35 || t == 39));
      if (startsAu && vclSeen) {
        aus.add(cur);
        cur = new ArrayList<>();
        vclSeen = false;
      }
      cur.add(n);
      vclSeen |= vcl;
    }
    if (!cur.isEmpty()) {
      aus.add(cur);
    }
    return aus;
  }
}
