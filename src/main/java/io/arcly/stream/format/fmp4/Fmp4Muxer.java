package io.arcly.stream.format.fmp4;

import io.arcly.stream.codec.Tracks;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.MediaTime;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fragmented MP4 (CMAF) muxer for HLS: one initialization segment ({@link #init}) and any number
 * of media fragments ({@link #fragment}), ISO/IEC 14496-12, 14496-15 and 23000-19.
 *
 * <p>Layout and choices:
 *
 * <ul>
 *   <li>{@code ftyp}: major brand {@code iso6} minor version 0, compatible brands {@code iso6 cmfc
 *       isom mp41};
 *   <li>track ids: video 1, audio 2, also in an audio-only stream (ids never depend on which tracks
 *       exist); movie timescale 1000, every duration 0 (fragmented);
 *   <li>timescales: video 90000, AAC its sample rate, Opus 48000;
 *   <li>sample entries: {@code avc1}/{@code avcC}, {@code hvc1}/{@code hvcC}, {@code av01}/{@code
 *       av1C}, {@code mp4a}/{@code esds}, {@code Opus}/{@code dOps}. The H.264 / H.265 record is
 *       copied with lengthSizeMinusOne forced to 3, since frames always carry 4-byte NAL lengths;
 *       parameter sets stay in the record (hvc1, not hev1), in-band copies in samples are kept;
 *   <li>each fragment is one {@code moof} (mfhd, then one {@code traf} per track with samples,
 *       video first: tfhd with default-base-is-moof, tfdt version 1, trun version 1 with data
 *       offset and per-sample duration, size, flags and signed composition offset) and one {@code
 *       mdat} holding the video samples then the audio samples, payloads as they are.
 * </ul>
 *
 * <p>Limits: a frame's DTS must not go backwards within its track (durations would be negative:
 * they are clamped to 0); decode times are not rebased (the caller picks the origin) and must not
 * be negative; an audio sample rate above 65535 Hz is written as 0 in the 16.16 sample entry field
 * (the decoder reads the real rate from the esds). Instances are immutable and thread-safe.
 */
public final class Fmp4Muxer {
  /** Track id of the video track. */
  static final int VIDEO_TRACK_ID = 1;

  /** Track id of the audio track. */
  static final int AUDIO_TRACK_ID = 2;

  /** Timescale of the video track. */
  static final int VIDEO_TIMESCALE = 90_000;

  /** Sample flags of a sync sample: sample_depends_on 2 (depends on no other sample). */
  static final int SYNC_SAMPLE_FLAGS = 0x0200_0000;

  /** Sample flags of a non-sync sample: sample_depends_on 1, sample_is_non_sync_sample 1. */
  static final int NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;

  /** trun flags: data-offset, sample duration, size, flags and composition offset present. */
  static final int TRUN_FLAGS = 0x000F01;

  /** tfhd flags: default-base-is-moof. */
  static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;

  private static final int[] UNITY_MATRIX = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};

  private final Track video;
  private final Track audio;

  /** One track of the movie. */
  private record Track(
      TrackKind kind, CodecId codec, int id, int timescale, TrackInfo info, byte[] config) {}

  /**
   * A muxer for a stream with these codec configuration frames (video and/or audio; either may be
   * null). Video H264 (avc1/avcC), H265 (hvc1/hvcC), AV1 (av01/av1C); audio AAC (mp4a/esds), Opus
   * (Opus/dOps).
   *
   * @throws IllegalArgumentException when both are null, a frame is not a configuration frame of
   *     the right kind, the codec is not carried or the record cannot be read
   */
  public Fmp4Muxer(Frame videoConfig, Frame audioConfig) {
    if (videoConfig == null && audioConfig == null) {
      throw new IllegalArgumentException("a muxer needs a video or an audio track");
    }
    this.video = videoConfig == null ? null : track(videoConfig, TrackKind.VIDEO);
    this.audio = audioConfig == null ? null : track(audioConfig, TrackKind.AUDIO);
  }

  /** Whether the muxer can carry this codec. */
  public static boolean carries(CodecId codec) {
    return switch (codec) {
      case H264, H265, AV1, AAC, OPUS -> true;
      default -> false;
    };
  }

  private static Track track(Frame config, TrackKind kind) {
    if (!config.isConfig() || config.kind() != kind) {
      throw new IllegalArgumentException("not a " + kind.label() + " configuration frame");
    }
    CodecId codec = config.codec();
    if (!carries(codec)) {
      throw new IllegalArgumentException("fmp4 does not carry " + codec.label());
    }
    byte[] record = config.payload().toByteArray();
    TrackInfo info = Tracks.describe(config);
    switch (codec) {
      case H264 -> {
        requireLength(record, 7, codec);
        record[4] = (byte) (record[4] | 0x03);
      }
      case H265 -> {
        requireLength(record, 23, codec);
        record[21] = (byte) (record[21] | 0x03);
      }
      case AV1 -> requireLength(record, 4, codec);
      case AAC -> {
        if (info.sampleRate() <= 0) {
          throw new IllegalArgumentException("unreadable aac audio specific config");
        }
      }
      case OPUS -> {
        requireLength(record, 19, codec);
        if (!"OpusHead".equals(new String(record, 0, 8, StandardCharsets.ISO_8859_1))) {
          throw new IllegalArgumentException("opus configuration is not an OpusHead");
        }
        if (record[18] != 0) {
          requireLength(record, 21 + (record[9] & 0xFF), codec);
        }
      }
      default -> throw new IllegalArgumentException("fmp4 does not carry " + codec.label());
    }
    if (kind == TrackKind.VIDEO) {
      return new Track(kind, codec, VIDEO_TRACK_ID, VIDEO_TIMESCALE, info, record);
    }
    int rate = codec == CodecId.OPUS ? 48_000 : info.sampleRate();
    return new Track(kind, codec, AUDIO_TRACK_ID, rate, info, record);
  }

  private static void requireLength(byte[] record, int min, CodecId codec) {
    if (record.length < min) {
      throw new IllegalArgumentException(codec.label() + " configuration record too short");
    }
  }

  /**
   * The initialization segment: ftyp + moov (mvhd, one trak per track with empty sample tables and
   * its sample entry, mvex with one trex per track).
   */
  public byte[] init() {
    BoxWriter w = new BoxWriter(1024);
    int ftyp = w.start("ftyp");
    w.fourcc("iso6");
    w.u32(0);
    for (String brand : new String[] {"iso6", "cmfc", "isom", "mp41"}) {
      w.fourcc(brand);
    }
    w.end(ftyp);

    int moov = w.start("moov");
    writeMvhd(w);
    for (Track t : tracks()) {
      writeTrak(w, t);
    }
    int mvex = w.start("mvex");
    for (Track t : tracks()) {
      int trex = w.startFull("trex", 0, 0);
      w.u32(t.id());
      w.u32(1); // default_sample_description_index
      w.u32(0); // default_sample_duration
      w.u32(0); // default_sample_size
      w.u32(0); // default_sample_flags
      w.end(trex);
    }
    w.end(mvex);
    w.end(moov);
    return w.toByteArray();
  }

  private List<Track> tracks() {
    List<Track> list = new ArrayList<>(2);
    if (video != null) {
      list.add(video);
    }
    if (audio != null) {
      list.add(audio);
    }
    return list;
  }

  private static void writeMatrix(BoxWriter w) {
    for (int v : UNITY_MATRIX) {
      w.u32(v);
    }
  }

  private static void writeMvhd(BoxWriter w) {
    int mvhd = w.startFull("mvhd", 0, 0);
    w.u32(0); // creation_time
    w.u32(0); // modification_time
    w.u32(1000); // timescale
    w.u32(0); // duration
    w.u32(0x0001_0000); // rate 1.0
    w.u16(0x0100); // volume 1.0
    w.zeros(2 + 8); // reserved
    writeMatrix(w);
    w.zeros(24); // pre_defined
    w.u32(AUDIO_TRACK_ID + 1); // next_track_ID
    w.end(mvhd);
  }

  private void writeTrak(BoxWriter w, Track t) {
    boolean isVideo = t.kind() == TrackKind.VIDEO;
    int trak = w.start("trak");
    int tkhd = w.startFull("tkhd", 0, 0x000003); // enabled, in movie
    w.u32(0); // creation_time
    w.u32(0); // modification_time
    w.u32(t.id());
    w.u32(0); // reserved
    w.u32(0); // duration
    w.zeros(8); // reserved
    w.u16(0); // layer
    w.u16(0); // alternate_group
    w.u16(isVideo ? 0 : 0x0100); // volume
    w.u16(0); // reserved
    writeMatrix(w);
    w.u32(isVideo ? (long) t.info().width() << 16 : 0); // width 16.16
    w.u32(isVideo ? (long) t.info().height() << 16 : 0); // height 16.16
    w.end(tkhd);

    int mdia = w.start("mdia");
    int mdhd = w.startFull("mdhd", 0, 0);
    w.u32(0); // creation_time
    w.u32(0); // modification_time
    w.u32(t.timescale());
    w.u32(0); // duration
    w.u16(0x55C4); // language 'und'
    w.u16(0); // pre_defined
    w.end(mdhd);
    int hdlr = w.startFull("hdlr", 0, 0);
    w.u32(0); // pre_defined
    w.fourcc(isVideo ? "vide" : "soun");
    w.zeros(12); // reserved
    w.bytes((isVideo ? "VideoHandler\0" : "SoundHandler\0").getBytes(StandardCharsets.US_ASCII));
    w.end(hdlr);

    int minf = w.start("minf");
    if (isVideo) {
      int vmhd = w.startFull("vmhd", 0, 1);
      w.u16(0); // graphicsmode
      w.zeros(6); // opcolor
      w.end(vmhd);
    } else {
      int smhd = w.startFull("smhd", 0, 0);
      w.u16(0); // balance
      w.u16(0); // reserved
      w.end(smhd);
    }
    int dinf = w.start("dinf");
    int dref = w.startFull("dref", 0, 0);
    w.u32(1); // entry_count
    int url = w.startFull("url ", 0, 1); // media in the same file
    w.end(url);
    w.end(dref);
    w.end(dinf);

    int stbl = w.start("stbl");
    int stsd = w.startFull("stsd", 0, 0);
    w.u32(1); // entry_count
    if (isVideo) {
      writeVisualEntry(w, t);
    } else {
      writeAudioEntry(w, t);
    }
    w.end(stsd);
    for (String empty : new String[] {"stts", "stsc"}) {
      int box = w.startFull(empty, 0, 0);
      w.u32(0); // entry_count
      w.end(box);
    }
    int stsz = w.startFull("stsz", 0, 0);
    w.u32(0); // sample_size
    w.u32(0); // sample_count
    w.end(stsz);
    int stco = w.startFull("stco", 0, 0);
    w.u32(0); // entry_count
    w.end(stco);
    w.end(stbl);
    w.end(minf);
    w.end(mdia);
    w.end(trak);
  }

  private static void writeVisualEntry(BoxWriter w, Track t) {
    String[] types =
        switch (t.codec()) {
          case H264 -> new String[] {"avc1", "avcC"};
          case H265 -> new String[] {"hvc1", "hvcC"};
          default -> new String[] {"av01", "av1C"};
        };
    int entry = w.start(types[0]);
    w.zeros(6); // reserved
    w.u16(1); // data_reference_index
    w.u16(0); // pre_defined
    w.u16(0); // reserved
    w.zeros(12); // pre_defined
    w.u16(t.info().width());
    w.u16(t.info().height());
    w.u32(0x0048_0000); // horizresolution 72 dpi
    w.u32(0x0048_0000); // vertresolution 72 dpi
    w.u32(0); // reserved
    w.u16(1); // frame_count
    w.zeros(32); // compressorname
    w.u16(0x0018); // depth
    w.u16(0xFFFF); // pre_defined -1
    int config = w.start(types[1]);
    w.bytes(t.config());
    w.end(config);
    w.end(entry);
  }

  private static void writeAudioEntry(BoxWriter w, Track t) {
    boolean opus = t.codec() == CodecId.OPUS;
    byte[] c = t.config();
    int channels = opus ? c[9] & 0xFF : t.info().channels();
    int entry = w.start(opus ? "Opus" : "mp4a");
    w.zeros(6); // reserved
    w.u16(1); // data_reference_index
    w.zeros(8); // reserved
    w.u16(channels); // channelcount
    w.u16(16); // samplesize
    w.u16(0); // pre_defined
    w.u16(0); // reserved
    w.u32(t.timescale() <= 0xFFFF ? (long) t.timescale() << 16 : 0); // samplerate 16.16
    if (opus) {
      writeDops(w, c);
    } else {
      writeEsds(w, t.id(), c);
    }
    w.end(entry);
  }

  /** The Opus Specific Box (Encapsulation of Opus in ISOBMFF 4.3.2) from an RFC 7845 OpusHead. */
  private static void writeDops(BoxWriter w, byte[] head) {
    int channels = head[9] & 0xFF;
    int family = head[18] & 0xFF;
    int dops = w.start("dOps");
    w.u8(0); // Version
    w.u8(channels); // OutputChannelCount
    w.u16(le16(head, 10)); // PreSkip
    w.u32(le16(head, 12) | (long) le16(head, 14) << 16); // InputSampleRate
    w.u16(le16(head, 16)); // OutputGain
    w.u8(family); // ChannelMappingFamily
    if (family != 0) {
      w.u8(head[19] & 0xFF); // StreamCount
      w.u8(head[20] & 0xFF); // CoupledCount
      for (int i = 0; i < channels; i++) {
        w.u8(head[21 + i] & 0xFF); // ChannelMapping
      }
    }
    w.end(dops);
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  /** The ES descriptor box, ISO/IEC 14496-14 5.6 with ISO/IEC 14496-1 7.2.6 descriptors. */
  private static void writeEsds(BoxWriter w, int esId, byte[] asc) {
    int dsiSize = asc.length;
    int dcdSize = 13 + descriptorSize(dsiSize);
    int slSize = 1;
    int esSize = 3 + descriptorSize(dcdSize) + descriptorSize(slSize);
    int esds = w.startFull("esds", 0, 0);
    descriptorHeader(w, 0x03, esSize); // ES_DescrTag
    w.u16(esId); // ES_ID
    w.u8(0); // streamDependenceFlag, URL_Flag, OCRstreamFlag, streamPriority
    descriptorHeader(w, 0x04, dcdSize); // DecoderConfigDescrTag
    w.u8(0x40); // objectTypeIndication: Audio ISO/IEC 14496-3
    w.u8(0x05 << 2 | 1); // streamType audio, upStream 0, reserved 1
    w.u24(0); // bufferSizeDB
    w.u32(0); // maxBitrate
    w.u32(0); // avgBitrate
    descriptorHeader(w, 0x05, dsiSize); // DecSpecificInfoTag
    w.bytes(asc);
    descriptorHeader(w, 0x06, slSize); // SLConfigDescrTag
    w.u8(0x02); // predefined: reserved for use in MP4 files
    w.end(esds);
  }

  private static int descriptorSize(int payload) {
    return 1 + sizeBytes(payload) + payload;
  }

  private static int sizeBytes(int size) {
    int n = 1;
    while (size >= 1 << (7 * n)) {
      n++;
    }
    return n;
  }

  private static void descriptorHeader(BoxWriter w, int tag, int size) {
    w.u8(tag);
    for (int i = sizeBytes(size) - 1; i >= 0; i--) {
      w.u8((size >>> (7 * i)) & 0x7F | (i > 0 ? 0x80 : 0));
    }
  }

  /**
   * One fragment: moof (mfhd with {@code sequenceNumber}, one traf per track present in {@code
   * frames}, video first) and one mdat with the samples' bytes as they are.
   *
   * <p>Each track's frames keep their order in {@code frames} (decode order). A sample lasts until
   * the next sample's DTS; a track's last sample until {@code nextDts.get(kind)} (microseconds, the
   * DTS that follows the fragment) when given, else as long as the sample before it, else (a single
   * sample) 1024 ticks for AAC, 960 for Opus and 3000 (1/30 s) for video. CONFIG and DATA frames
   * are skipped. Without any sample the fragment is a moof holding only its mfhd, then an empty
   * mdat.
   *
   * @param sequenceNumber the mfhd sequence number, 1 for the first fragment, unsigned 32 bits
   * @param frames the frames of the fragment, in decode order per track
   * @param nextDts per track kind, the DTS (microseconds) that follows the fragment; may be empty
   *     or null
   * @throws IllegalArgumentException for a frame of a track the muxer was not made with, a negative
   *     first DTS or a sequence number outside 0 to 2^32 - 1
   */
  public byte[] fragment(long sequenceNumber, List<Frame> frames, Map<TrackKind, Long> nextDts) {
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sequence number out of range: " + sequenceNumber);
    }
    List<Frame> videoFrames = new ArrayList<>();
    List<Frame> audioFrames = new ArrayList<>();
    long payloadBytes = 0;
    for (Frame f : frames) {
      if (f.isConfig() || f.kind() == TrackKind.DATA) {
        continue;
      }
      Track t = f.kind() == TrackKind.VIDEO ? video : audio;
      if (t == null || t.codec() != f.codec()) {
        throw new IllegalArgumentException(
            "no " + f.codec().label() + " " + f.kind().label() + " track in this muxer");
      }
      (t == video ? videoFrames : audioFrames).add(f);
      payloadBytes += f.size();
    }
    if (payloadBytes > Integer.MAX_VALUE - (1 << 20)) {
      throw new IllegalArgumentException("fragment too large: " + payloadBytes + " bytes");
    }
    int samples = videoFrames.size() + audioFrames.size();
    BoxWriter w = new BoxWriter((int) payloadBytes + 8 + 16 + 2 * 72 + 16 * samples);

    int moof = w.start("moof");
    int mfhd = w.startFull("mfhd", 0, 0);
    w.u32(sequenceNumber);
    w.end(mfhd);
    int videoOffsetField = -1;
    int audioOffsetField = -1;
    if (!videoFrames.isEmpty()) {
      videoOffsetField = writeTraf(w, video, videoFrames, next(nextDts, TrackKind.VIDEO));
    }
    if (!audioFrames.isEmpty()) {
      audioOffsetField = writeTraf(w, audio, audioFrames, next(nextDts, TrackKind.AUDIO));
    }
    w.end(moof);

    int mdat = w.start("mdat");
    if (videoOffsetField >= 0) {
      w.patchU32(videoOffsetField, w.position() - moof);
      writeSamples(w, videoFrames);
    }
    if (audioOffsetField >= 0) {
      w.patchU32(audioOffsetField, w.position() - moof);
      writeSamples(w, audioFrames);
    }
    w.end(mdat);
    return w.toByteArray();
  }

  private static Long next(Map<TrackKind, Long> nextDts, TrackKind kind) {
    return nextDts == null ? null : nextDts.get(kind);
  }

  private static void writeSamples(BoxWriter w, List<Frame> frames) {
    for (Frame f : frames) {
      f.payload().copyTo(w.array(), w.reserve(f.size()));
    }
  }

  /** Writes the traf of one track; returns the offset of its trun data_offset field. */
  private static int writeTraf(BoxWriter w, Track t, List<Frame> frames, Long nextDts) {
    int n = frames.size();
    long[] dts = new long[n];
    for (int i = 0; i < n; i++) {
      dts[i] = MediaTime.toRate(frames.get(i).dts(), t.timescale());
    }
    if (dts[0] < 0) {
      throw new IllegalArgumentException("negative decode time: " + frames.get(0).dts());
    }
    int traf = w.start("traf");
    int tfhd = w.startFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
    w.u32(t.id());
    w.end(tfhd);
    int tfdt = w.startFull("tfdt", 1, 0);
    w.u64(dts[0]); // baseMediaDecodeTime
    w.end(tfdt);
    int trun = w.startFull("trun", 1, TRUN_FLAGS);
    w.u32(n); // sample_count
    int offsetField = w.position();
    w.u32(0); // data_offset, patched once the moof size is known
    long previous = defaultDuration(t);
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(i);
      long duration;
      if (i + 1 < n) {
        duration = dts[i + 1] - dts[i];
      } else if (nextDts != null) {
        duration = MediaTime.toRate(nextDts, t.timescale()) - dts[i];
      } else {
        duration = previous;
      }
      duration = Math.max(0, Math.min(duration, 0xFFFF_FFFFL));
      previous = duration;
      boolean sync = t.kind() == TrackKind.AUDIO || f.isKeyframe();
      long cto = MediaTime.toRate(f.pts(), t.timescale()) - dts[i];
      w.u32(duration); // sample_duration
      w.u32(f.size()); // sample_size
      w.u32(sync ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS); // sample_flags
      w.u32((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cto))); // cto, signed
    }
    w.end(trun);
    w.end(traf);
    return offsetField;
  }

  private static long defaultDuration(Track t) {
    return switch (t.codec()) {
      case AAC -> 1024;
      case OPUS -> 960;
      default -> VIDEO_TIMESCALE / 30;
    };
  }
}
