package io.arcly.stream.format.mpegts;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An MPEG-2 transport stream muxer (ISO/IEC 13818-1) producing HLS segments, or a continuous stream
 * for live readers ({@link #packets}), for one program with at most one video track (H.264 or
 * H.265) and one audio track (AAC or MP3).
 *
 * <p>Every {@link #segment} starts with a PAT (program 1 on {@link #PMT_PID}) and a PMT (video on
 * {@link #VIDEO_PID}, stream type 0x1B H.264 or 0x24 H.265; audio on {@link #AUDIO_PID}, 0x0F AAC
 * in ADTS or 0x03 MPEG-1 audio for MP3; PCR on the video PID, or the audio PID without video), then
 * carries each frame as one PES packet:
 *
 * <ul>
 *   <li>video (stream_id 0xE0, PES_packet_length 0): the access unit in Annex B form with 4-byte
 *       start codes, an access unit delimiter first (any delimiter in the frame is dropped), and
 *       before each keyframe the parameter sets of the current configuration record (SPS and PPS,
 *       plus VPS for H.265) unless the frame carries an SPS itself;
 *   <li>audio (stream_id 0xC0, real PES_packet_length): one AAC frame behind its 7-byte ADTS header
 *       built from the AudioSpecificConfig, or one MP3 frame as is.
 * </ul>
 *
 * <p>Timestamps are converted from microseconds to the 90 kHz clock and wrapped to 33 bits; a DTS
 * is written only when it differs from the PTS. The first packet of every PES on the PCR PID
 * carries a PCR equal to the DTS (27 MHz), keyframes set random_access_indicator, and the last
 * packet of a PES is filled with adaptation-field stuffing. Continuity counters of all four PIDs
 * continue from one segment to the next, so consecutive segments of one muxer form a continuous
 * stream.
 *
 * <p>Limits: one frame per PES (no audio frame aggregation); the discontinuity flag of frames is
 * not signalled in the stream (HLS marks it in the playlist). The PMT announces, for each track,
 * the codec configured when the segment reaches the track's first media frame (configuration frames
 * before it in the list count, so a track may appear in the middle of a stream); a configuration
 * changing the codec after that point only shows in the next segment's PMT, so a codec change
 * should start a segment. Frames of a track without configuration, of a codec other than the
 * configured one, of other codecs (AV1, Opus, ...) and data frames are skipped. An MP3 track is
 * declared by a configuration frame whose payload is ignored. The PMT version number increases when
 * its stream list changes. A muxer is not thread-safe.
 */
public final class TsMuxer {
  /** The PID of the program map table. */
  public static final int PMT_PID = 0x1000;

  /** The PID of the video elementary stream. */
  public static final int VIDEO_PID = 0x100;

  /** The PID of the audio elementary stream. */
  public static final int AUDIO_PID = 0x101;

  /** Stream type of H.264 video (ISO/IEC 13818-1 Table 2-34). */
  static final int STREAM_TYPE_H264 = 0x1B;

  /** Stream type of H.265 video. */
  static final int STREAM_TYPE_H265 = 0x24;

  /** Stream type of AAC audio in ADTS. */
  static final int STREAM_TYPE_AAC = 0x0F;

  /** Stream type of MPEG-1 audio (MP3). */
  static final int STREAM_TYPE_MP3 = 0x03;

  private static final int PAT_PID = 0;
  private static final int STREAM_ID_VIDEO = 0xE0;
  private static final int STREAM_ID_AUDIO = 0xC0;
  private static final byte[] START_CODE = {0, 0, 0, 1};
  private static final byte[] AUD_H264 = {0, 0, 0, 1, 0x09, (byte) 0xF0};
  private static final byte[] AUD_H265 = {0, 0, 0, 1, 0x46, 0x01, 0x50};

  private final int[] patCounter = new int[1];
  private final int[] pmtCounter = new int[1];
  private final int[] videoCounter = new int[1];
  private final int[] audioCounter = new int[1];

  private CodecId videoCodec;
  private H264.AvcConfig avc;
  private H265.HevcConfig hevc;
  private CodecId audioCodec;
  private Aac.AudioSpecificConfig asc;

  private int pmtVersion;
  private int[] lastPmtStreams;

  /**
   * A muxer for a stream with these codec configuration frames (either may be null: audio-only or
   * video-only).
   *
   * @throws IllegalArgumentException when a frame is not a configuration frame of a supported codec
   * @throws io.arcly.stream.codec.CodecException when a configuration record is malformed
   */
  public TsMuxer(Frame videoConfig, Frame audioConfig) {
    if (videoConfig != null) {
      updateConfig(videoConfig);
    }
    if (audioConfig != null) {
      updateConfig(audioConfig);
    }
  }

  /**
   * Replaces a configuration (a publisher sent a new sequence header).
   *
   * @throws IllegalArgumentException when the frame is not a configuration frame of H.264, H.265,
   *     AAC or MP3
   * @throws io.arcly.stream.codec.CodecException when the record is malformed
   */
  public void updateConfig(Frame config) {
    Objects.requireNonNull(config, "config");
    if (!config.isConfig()) {
      throw new IllegalArgumentException("not a configuration frame");
    }
    switch (config.codec()) {
      case H264 -> {
        avc = H264.parseAvcC(config.payload());
        hevc = null;
        videoCodec = CodecId.H264;
      }
      case H265 -> {
        hevc = H265.parseHvcC(config.payload());
        avc = null;
        videoCodec = CodecId.H265;
      }
      case AAC -> {
        asc = Aac.parse(config.payload());
        audioCodec = CodecId.AAC;
      }
      case MP3 -> {
        asc = null;
        audioCodec = CodecId.MP3;
      }
      default ->
          throw new IllegalArgumentException(
              "mpeg-ts muxer does not carry " + config.codec().label());
    }
  }

  /**
   * One HLS segment (or part): PAT and PMT first, then every frame as PES packets, in the order
   * given; configuration frames in the list are applied as by {@link #updateConfig}.
   *
   * @throws io.arcly.stream.codec.CodecException when a video frame's NAL unit length prefixes
   *     overrun it, an AAC frame is too large for ADTS (8184 bytes) or a configuration frame in the
   *     list is malformed; the muxer's continuity counters have then advanced past the packets
   *     built so far, which are lost
   */
  public byte[] segment(List<Frame> frames) {
    return packets(frames, true);
  }

  /**
   * Frames as transport packets for a continuous stream (a live reader over SRT or UDP), with the
   * PAT and PMT first only when {@code tables}; otherwise as {@link #segment}. Continuity counters
   * continue across calls, so the results of consecutive calls form one stream. A caller writes
   * tables at a reader's start, before each video keyframe and after a configuration change (the
   * PMT of the previous tables may no longer describe the tracks).
   *
   * @throws io.arcly.stream.codec.CodecException as {@link #segment} does
   */
  public byte[] packets(List<Frame> frames, boolean tables) {
    // the PMT announces the codec each track has when its first media frame is reached
    CodecId video = videoCodec;
    CodecId audio = audioCodec;
    boolean videoSeen = false;
    boolean audioSeen = false;
    for (Frame f : frames) {
      if (f.kind() == TrackKind.VIDEO && !videoSeen) {
        if (!f.isConfig()) {
          videoSeen = true;
        } else if (isVideo(f.codec())) {
          video = f.codec();
        }
      } else if (f.kind() == TrackKind.AUDIO && !audioSeen) {
        if (!f.isConfig()) {
          audioSeen = true;
        } else if (isAudio(f.codec())) {
          audio = f.codec();
        }
      }
    }
    TsPackets out = new TsPackets();
    if (tables) {
      writePat(out);
      writePmt(out, video, audio);
    }
    boolean hasVideo = video != null;
    byte[] scratch = new byte[256];
    for (Frame f : frames) {
      if (f.isConfig()) {
        if (isVideo(f.codec()) || isAudio(f.codec())) {
          updateConfig(f);
        }
        continue;
      }
      if (f.kind() == TrackKind.VIDEO && hasVideo && f.codec() == videoCodec) {
        scratch = writeVideo(out, f, scratch);
      } else if (f.kind() == TrackKind.AUDIO && audio != null && f.codec() == audioCodec) {
        scratch = writeAudio(out, f, !hasVideo, scratch);
      }
    }
    return out.toByteArray();
  }

  private static boolean isVideo(CodecId c) {
    return c == CodecId.H264 || c == CodecId.H265;
  }

  private static boolean isAudio(CodecId c) {
    return c == CodecId.AAC || c == CodecId.MP3;
  }

  private void writePat(TsPackets out) {
    byte[] s = new byte[1 + 16];
    s[0] = 0; // pointer_field
    s[1] = 0x00; // table_id: program_association_section
    s[2] = (byte) 0xB0; // section_syntax_indicator, '0', reserved, section_length high bits
    s[3] = 13; // section_length: 5 header + 4 program + 4 CRC
    s[4] = 0x00;
    s[5] = 0x01; // transport_stream_id 1
    s[6] = (byte) 0xC1; // reserved, version 0, current_next_indicator
    s[7] = 0; // section_number
    s[8] = 0; // last_section_number
    s[9] = 0x00;
    s[10] = 0x01; // program_number 1
    s[11] = (byte) (0xE0 | (PMT_PID >>> 8)); // reserved, program_map_PID high bits
    s[12] = (byte) PMT_PID;
    putCrc(s, 1, 12);
    out.packetize(PAT_PID, patCounter, s, s.length, false, 0, false, true);
  }

  private void writePmt(TsPackets out, CodecId video, CodecId audio) {
    int[] streams = new int[0];
    if (video != null) {
      streams = append(streams, video == CodecId.H264 ? STREAM_TYPE_H264 : STREAM_TYPE_H265);
      streams = append(streams, VIDEO_PID);
    }
    if (audio != null) {
      streams = append(streams, audio == CodecId.AAC ? STREAM_TYPE_AAC : STREAM_TYPE_MP3);
      streams = append(streams, AUDIO_PID);
    }
    if (lastPmtStreams != null && !Arrays.equals(lastPmtStreams, streams)) {
      pmtVersion = (pmtVersion + 1) & 0x1F;
    }
    lastPmtStreams = streams;
    int n = streams.length / 2;
    int sectionLength = 9 + 5 * n + 4;
    byte[] s = new byte[1 + 3 + sectionLength];
    int pcrPid = video != null ? VIDEO_PID : audio != null ? AUDIO_PID : 0x1FFF;
    s[0] = 0; // pointer_field
    s[1] = 0x02; // table_id: TS_program_map_section
    s[2] = (byte) (0xB0 | (sectionLength >>> 8));
    s[3] = (byte) sectionLength;
    s[4] = 0x00;
    s[5] = 0x01; // program_number 1
    s[6] = (byte) (0xC1 | (pmtVersion << 1)); // reserved, version, current_next_indicator
    s[7] = 0; // section_number
    s[8] = 0; // last_section_number
    s[9] = (byte) (0xE0 | (pcrPid >>> 8)); // reserved, PCR_PID
    s[10] = (byte) pcrPid;
    s[11] = (byte) 0xF0; // reserved, program_info_length 0
    s[12] = 0;
    int p = 13;
    for (int i = 0; i < n; i++) {
      int pid = streams[2 * i + 1];
      s[p] = (byte) streams[2 * i]; // stream_type
      s[p + 1] = (byte) (0xE0 | (pid >>> 8)); // reserved, elementary_PID
      s[p + 2] = (byte) pid;
      s[p + 3] = (byte) 0xF0; // reserved, ES_info_length 0
      s[p + 4] = 0;
      p += 5;
    }
    putCrc(s, 1, p - 1);
    out.packetize(PMT_PID, pmtCounter, s, s.length, false, 0, false, true);
  }

  private static int[] append(int[] a, int v) {
    int[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
  }

  private static void putCrc(byte[] s, int off, int len) {
    int crc = Crc32Mpeg.compute(s, off, len);
    int p = off + len;
    s[p] = (byte) (crc >>> 24);
    s[p + 1] = (byte) (crc >>> 16);
    s[p + 2] = (byte) (crc >>> 8);
    s[p + 3] = (byte) crc;
  }

  private byte[] writeVideo(TsPackets out, Frame f, byte[] scratch) {
    boolean h264 = videoCodec == CodecId.H264;
    Payload au = f.payload();
    boolean key = f.isKeyframe();
    boolean hasParams = false;
    int esSize = h264 ? AUD_H264.length : AUD_H265.length;
    NalWalker w = new NalWalker(au);
    while (w.next()) {
      int type = nalType(h264, w.firstByte());
      if (type == (h264 ? H264.SPS : H265.SPS)) {
        hasParams = true;
      }
      if (!isAud(h264, type)) {
        esSize += 4 + w.length();
      }
    }
    List<byte[]> params = List.of();
    if (key && !hasParams) {
      params = parameterSets();
      for (byte[] nal : params) {
        esSize += 4 + nal.length;
      }
    }
    long pts = MediaTime.toRate(f.pts(), 90_000);
    long dts = MediaTime.toRate(f.dts(), 90_000);
    int headerSize = TsPackets.pesHeaderSize(pts != dts);
    byte[] pes = scratch.length >= headerSize + esSize ? scratch : new byte[headerSize + esSize];
    int p = TsPackets.writePesHeader(pes, STREAM_ID_VIDEO, pts, dts, esSize, true);
    byte[] aud = h264 ? AUD_H264 : AUD_H265;
    System.arraycopy(aud, 0, pes, p, aud.length);
    p += aud.length;
    for (byte[] nal : params) {
      System.arraycopy(START_CODE, 0, pes, p, 4);
      System.arraycopy(nal, 0, pes, p + 4, nal.length);
      p += 4 + nal.length;
    }
    w.reset(au, 4);
    while (w.next()) {
      if (isAud(h264, nalType(h264, w.firstByte()))) {
        continue;
      }
      System.arraycopy(START_CODE, 0, pes, p, 4);
      w.slice().copyTo(pes, p + 4);
      p += 4 + w.length();
    }
    out.packetize(VIDEO_PID, videoCounter, pes, p, true, dts * 300, key, false);
    return pes;
  }

  private static int nalType(boolean h264, int firstByte) {
    if (firstByte < 0) {
      return -1;
    }
    return h264 ? H264.nalType(firstByte) : H265.nalType(firstByte);
  }

  private static boolean isAud(boolean h264, int type) {
    return type == (h264 ? H264.AUD : H265.AUD);
  }

  private List<byte[]> parameterSets() {
    if (avc != null) {
      return concat(avc.sps(), avc.pps());
    }
    if (hevc != null) {
      return concat(concat(hevc.vps(), hevc.sps()), hevc.pps());
    }
    return List.of();
  }

  private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
    var all = new java.util.ArrayList<byte[]>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  private byte[] writeAudio(TsPackets out, Frame f, boolean pcrHere, byte[] scratch) {
    byte[] adts = audioCodec == CodecId.AAC ? Aac.adtsHeader(asc, f.size()) : new byte[0];
    int esSize = adts.length + f.size();
    long pts = MediaTime.toRate(f.pts(), 90_000);
    long dts = MediaTime.toRate(f.dts(), 90_000);
    int headerSize = TsPackets.pesHeaderSize(pts != dts);
    byte[] pes = scratch.length >= headerSize + esSize ? scratch : new byte[headerSize + esSize];
    int p = TsPackets.writePesHeader(pes, STREAM_ID_AUDIO, pts, dts, esSize, false);
    System.arraycopy(adts, 0, pes, p, adts.length);
    p += adts.length;
    f.payload().copyTo(pes, p);
    p += f.size();
    out.packetize(AUDIO_PID, audioCounter, pes, p, pcrHere, dts * 300, pcrHere, false);
    return pes;
  }
}
