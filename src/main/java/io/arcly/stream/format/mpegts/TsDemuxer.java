package io.arcly.stream.format.mpegts;

import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An MPEG-2 transport stream demuxer (ISO/IEC 13818-1) turning the first program of a stream into
 * {@link Frame}s, for ingest over SRT or UDP.
 *
 * <p>Input comes in any chunking through {@link #push}: whole 188-byte packets as datagrams carry
 * them (seven per 1316-byte SRT payload), or runs that start or end mid-packet. Sync is kept on the
 * 0x47 sync byte; after garbage or a cut packet it is found again on a 0x47 followed by another 188
 * bytes later (or ending the chunk), and the {@linkplain Stats#resyncs resync} is counted. A packet
 * cut short is recognised by the sync byte of the next packet inside it when the chunk holds both;
 * with chunks smaller than a packet it is read as it comes, and only the continuity counter of its
 * PID may tell.
 *
 * <p>The PAT (2.4.4.3) names the first program; its PMT (2.4.4.8) lists the elementary streams.
 * Sections may span packets and must pass their CRC-32. When the PMT's stream list changes, streams
 * that stay on their PID with the same codec keep their track id, new ones take the lowest free id
 * (video before audio) and {@link Sink#tracks} hears the new list. Streams carried:
 *
 * <ul>
 *   <li>H.264 (stream type 0x1B) and H.265 (0x24): one access unit per PES packet, Annex B turned
 *       into 4-byte length-prefixed NAL units; access unit delimiters and filler data are left out,
 *       in-band parameter sets stay in the frame and give a configuration frame (avcC / hvcC) when
 *       they change; keyframe = IDR / IRAP. Frames before the first configuration are dropped.
 *   <li>AAC in ADTS (0x0F) and in LATM / LOAS (0x11): one frame per AAC frame, timed 1024 samples
 *       apart from the PES timestamp; AudioSpecificConfig configuration frames first and on change.
 *   <li>MPEG audio Layer III (0x03, 0x04): one frame per MP3 frame, header included, no
 *       configuration frame.
 *   <li>Opus (0x06 with registration descriptor 'Opus'): one frame per Opus packet, an OpusHead
 *       built from the channel configuration of its extension descriptor before the first one.
 * </ul>
 *
 * <p>Other stream types are ignored and counted once per PID. Timestamps: PTS and DTS are unwrapped
 * across the 33-bit wrap on one clock for the whole program (each value is taken on the 2^33 cycle
 * closest to the previous one, so they keep increasing) and converted to microseconds; they keep
 * the stream's own origin (the first PTS is not moved to zero), so a reader that wants a clock from
 * zero subtracts the first value it sees. The last PCR of the program's PCR PID is {@link
 * #lastPcr}.
 *
 * <p>Damage: a continuity counter gap on a PID (2.4.3.3) is counted for that PID and drops the PES
 * packet or section being assembled; a repeated counter (a duplicate packet) is ignored; packets
 * with transport_error_indicator or scrambling are dropped and damage their unit. A
 * discontinuity_indicator makes the next media frame of that PID carry {@link Frame#DISCONTINUITY}.
 * Malformed sections and PES packets are dropped and counted in {@link #stats}; nothing the input
 * holds makes {@code push} throw.
 *
 * <p>Limits against bad input: a PES packet of at most {@value #MAX_VIDEO_PES} bytes for video and
 * {@value #MAX_AUDIO_PES} for audio (larger ones are dropped and counted); at most {@value
 * #MAX_TRACKS} tracks (further streams count as not carried); PSI sections of at most 1024 bytes; a
 * PMT's first {@value #MAX_PIDS} streams are read, and per-PID counters are kept for at most that
 * many PIDs. Memory is bounded by these limits whatever the input. Not thread-safe.
 */
public final class TsDemuxer {
  /** The size of a transport packet. */
  public static final int PACKET_SIZE = TsPackets.PACKET_SIZE;

  /** The most tracks, as a stream of the media model holds. */
  public static final int MAX_TRACKS = 16;

  /** The largest video PES packet, header included. */
  public static final int MAX_VIDEO_PES = 8 << 20;

  /** The largest audio PES packet, header included. */
  public static final int MAX_AUDIO_PES = 64 << 10;

  /** The most PMT streams read, and PIDs with their own counters. */
  public static final int MAX_PIDS = 64;

  private static final int SYNC = TsPackets.SYNC;
  private static final int NULL_PID = 0x1FFF;

  /** Where frames and track lists go. */
  public interface Sink {
    /** A frame: media, or a configuration record when {@link Frame#isConfig()}. */
    void frame(Frame frame);

    /**
     * The program's track list changed (the first PMT, or a new version that adds, removes or
     * replaces streams); each track names its id and codec only, configuration frames tell the
     * rest.
     */
    void tracks(List<TrackInfo> tracks);
  }

  /**
   * What the demuxer has seen so far.
   *
   * @param packets transport packets read
   * @param resyncs times the sync byte was lost and found again
   * @param ccErrors continuity counter gaps, all PIDs
   * @param ccErrorsByPid continuity counter gaps per PID (for at most {@value #MAX_PIDS} PIDs)
   * @param transportErrors packets dropped for transport_error_indicator, scrambling or a malformed
   *     adaptation field
   * @param sectionErrors PSI sections dropped: bad CRC, cut short, too large or malformed
   * @param pesDropped PES packets dropped: damaged by a lost packet, cut short or malformed header
   * @param pesOversize PES packets dropped for being over the limit
   * @param esErrors elementary stream data that could not be read (bad ADTS, LOAS, Opus or MP3
   *     framing, unreadable parameter sets)
   * @param beforeConfig frames dropped because no configuration described them yet
   * @param unsupportedStreams PIDs of stream types not carried, or beyond the track limit, counted
   *     once each
   * @param frames frames handed out, configurations included
   */
  public record Stats(
      long packets,
      long resyncs,
      long ccErrors,
      Map<Integer, Long> ccErrorsByPid,
      long transportErrors,
      long sectionErrors,
      long pesDropped,
      long pesOversize,
      long esErrors,
      long beforeConfig,
      long unsupportedStreams,
      long frames) {
    /** Copies the map. */
    public Stats {
      ccErrorsByPid = Map.copyOf(ccErrorsByPid);
    }
  }

  private final Sink sink;
  private final TsClock clock = new TsClock();
  private final byte[] carry = new byte[PACKET_SIZE];
  private int carried;

  private final Sections pat;
  private Sections pmt;
  private int pmtPid = -1;
  private int programNumber = -1;
  private int pcrPid = -1;
  private long lastPcr = -1;

  private Map<Integer, PesStream> streams = Map.of();
  private List<Psi.Stream> pmtStreams;
  private List<TrackInfo> tracks = List.of();
  private final Set<Integer> unsupported = new HashSet<>();
  private final Map<Integer, Long> ccByPid = new HashMap<>();

  private long packets;
  private long resyncs;
  private long ccErrors;
  private long transportErrors;
  private long sectionErrors;
  private long pesDropped;
  private long pesOversize;
  private long esErrors;
  private long beforeConfig;
  private long frames;

  /** A demuxer handing what it finds to {@code sink}. */
  public TsDemuxer(Sink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.pat = new Sections(this::patSection, n -> sectionErrors += n);
  }

  /**
   * Reads {@code length} bytes of transport stream from {@code data[offset]}; frames completed by
   * them go to the sink before this returns. The bytes are copied where they are kept, so the
   * caller may reuse {@code data}.
   *
   * @throws IndexOutOfBoundsException when the region is outside {@code data}
   */
  public void push(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int p = offset;
    int end = offset + length;
    if (carried > 0 && length > 0) {
      int need = PACKET_SIZE - carried;
      if (length < need) {
        System.arraycopy(data, p, carry, carried, length);
        carried += length;
        return; // cannot tell yet whether it continues the packet
      }
      if (length == need
          || (data[p + need] & 0xFF) == SYNC
          || verifiedSync(data, p, Math.min(p + need, end - PACKET_SIZE - 1)) < 0) {
        // it continues the carried packet (garbage may follow, as after any packet)
        System.arraycopy(data, p, carry, carried, need);
        carried = 0;
        packet(carry, 0);
        p += need;
      } else {
        carried = 0; // a packet starts inside: the carried one was cut off
        resyncs++;
      }
    }
    while (p < end) {
      if ((data[p] & 0xFF) != SYNC) {
        resyncs++;
        p = findSync(data, p + 1, end);
        continue;
      }
      if (end - p < PACKET_SIZE) {
        carried = end - p;
        System.arraycopy(data, p, carry, 0, carried);
        return;
      }
      if (end - p > PACKET_SIZE && (data[p + PACKET_SIZE] & 0xFF) != SYNC) {
        // garbage follows, or this packet was cut short and the next one starts inside it
        int next = verifiedSync(data, p + 1, Math.min(p + PACKET_SIZE, end - PACKET_SIZE - 1));
        if (next >= 0) {
          resyncs++;
          p = next;
          continue;
        }
      }
      packet(data, p);
      p += PACKET_SIZE;
    }
  }

  /**
   * The first position in {@code [from, to)} holding a sync byte followed by another one a packet
   * later (the caller makes sure that byte is within the chunk), or -1.
   */
  private static int verifiedSync(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if ((b[i] & 0xFF) == SYNC && (b[i + PACKET_SIZE] & 0xFF) == SYNC) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first position from {@code from} holding a sync byte that is followed by another one a
   * packet later, or whose packet reaches the end of the chunk; {@code end} when there is none.
   */
  private static int findSync(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if ((b[i] & 0xFF) == SYNC
          && (end - i <= PACKET_SIZE || (b[i + PACKET_SIZE] & 0xFF) == SYNC)) {
        return i;
      }
    }
    return end;
  }

  /**
   * Hands out the PES packets still being assembled (a video access unit is otherwise complete only
   * when the next one starts); for the end of a file or a stream.
   */
  public void flush() {
    for (PesStream s : List.copyOf(streams.values())) {
      s.flush();
    }
  }

  /** The counters so far. */
  public Stats stats() {
    return new Stats(
        packets,
        resyncs,
        ccErrors,
        ccByPid,
        transportErrors,
        sectionErrors,
        pesDropped,
        pesOversize,
        esErrors,
        beforeConfig,
        unsupported.size(),
        frames);
  }

  /** The tracks of the current PMT, in track id order; empty before the first PMT. */
  public List<TrackInfo> tracks() {
    return tracks;
  }

  /**
   * The last program_clock_reference read on the program's PCR PID (2.4.3.5) in 27 MHz units as
   * carried (base * 300 + extension, not unwrapped), or -1 before the first.
   */
  public long lastPcr() {
    return lastPcr;
  }

  private void packet(byte[] b, int at) {
    packets++;
    int pid = ((b[at + 1] & 0x1F) << 8) | (b[at + 2] & 0xFF);
    PidInput in = pid == 0 ? pat : pid == pmtPid ? pmt : streams.get(pid);
    if (in == null || pid == NULL_PID) {
      return;
    }
    int control = b[at + 3] & 0xFF;
    if ((b[at + 1] & 0x80) != 0) {
      transportErrors++; // transport_error_indicator
      in.damage();
      return;
    }
    int p = at + 4;
    int end = at + PACKET_SIZE;
    boolean payload = (control & 0x10) != 0;
    boolean discontinuity = false;
    if ((control & 0x20) != 0) {
      int length = b[p] & 0xFF;
      if (length > (payload ? 182 : 183)) {
        transportErrors++;
        in.damage();
        return;
      }
      if (length > 0) {
        int flags = b[p + 1] & 0xFF;
        discontinuity = (flags & 0x80) != 0;
        if ((flags & 0x10) != 0 && length >= 7 && pid == pcrPid) {
          lastPcr = pcr(b, p + 2);
        }
      }
      p += 1 + length;
    }
    if (!payload) {
      return; // the continuity counter does not advance without payload
    }
    int cc = control & 0x0F;
    if (in.cc >= 0 && !discontinuity) {
      if (cc == in.cc) {
        return; // a duplicate packet, 2.4.3.3
      }
      if (cc != ((in.cc + 1) & 0x0F)) {
        ccError(pid);
        in.damage();
      }
    }
    in.cc = cc;
    if (discontinuity && in instanceof PesStream s) {
      s.discontinuity = true;
    }
    if ((control & 0xC0) != 0) {
      transportErrors++; // scrambled: nothing to read
      in.damage();
      return;
    }
    if (p < end) {
      in.payload(b, p, end - p, (b[at + 1] & 0x40) != 0);
    }
  }

  private static long pcr(byte[] b, int p) {
    long base =
        ((long) (b[p] & 0xFF) << 25)
            | ((b[p + 1] & 0xFF) << 17)
            | ((b[p + 2] & 0xFF) << 9)
            | ((b[p + 3] & 0xFF) << 1)
            | ((b[p + 4] & 0xFF) >>> 7);
    int ext = ((b[p + 4] & 1) << 8) | (b[p + 5] & 0xFF);
    return base * 300 + ext;
  }

  private void ccError(int pid) {
    ccErrors++;
    if (ccByPid.containsKey(pid) || ccByPid.size() < MAX_PIDS) {
      ccByPid.merge(pid, 1L, Long::sum);
    }
  }

  private void patSection(byte[] s, int len) {
    Psi.Program program = Psi.firstProgram(s, len);
    if (program == null) {
      return; // no program, or a table that is not current
    }
    if (program.pmtPid() != pmtPid || program.number() != programNumber) {
      pmtPid = program.pmtPid();
      programNumber = program.number();
      pmt = new Sections(this::pmtSection, n -> sectionErrors += n);
    }
  }

  private void pmtSection(byte[] s, int len) {
    Psi.Pmt table = Psi.pmt(s, len, MAX_PIDS);
    if (table == null) {
      if ((s[0] & 0xFF) == 0x02) {
        sectionErrors++;
      }
      return;
    }
    if (table.program() != programNumber) {
      return;
    }
    pcrPid = table.pcrPid();
    if (table.streams().equals(pmtStreams)) {
      return; // a repetition
    }
    pmtStreams = table.streams();
    applyStreams(table.streams());
  }

  private void applyStreams(List<Psi.Stream> declared) {
    Map<Integer, PesStream> next = new LinkedHashMap<>();
    Map<Integer, Integer> keptIds = new HashMap<>();
    for (Psi.Stream d : declared) {
      CodecId codec = codecOf(d);
      PesStream old = streams.get(d.pid());
      if (codec == null || old == null || old.codec() != codec || next.containsKey(d.pid())) {
        continue;
      }
      next.put(d.pid(), d.equals(old.declared) ? old : stream(d, old.track));
      keptIds.put(d.pid(), old.track);
    }
    for (TrackKind kind : List.of(TrackKind.VIDEO, TrackKind.AUDIO)) {
      for (Psi.Stream d : declared) {
        CodecId codec = codecOf(d);
        if (codec == null) {
          if (unsupported.size() < MAX_PIDS) {
            unsupported.add(d.pid());
          }
          continue;
        }
        if (codec.kind() != kind || next.containsKey(d.pid())) {
          continue;
        }
        if (next.size() >= MAX_TRACKS) {
          if (unsupported.size() < MAX_PIDS) {
            unsupported.add(d.pid());
          }
          continue;
        }
        next.put(d.pid(), stream(d, lowestFreeId(next)));
      }
    }
    streams = next;
    List<TrackInfo> list = new ArrayList<>();
    for (PesStream s : next.values()) {
      list.add(TrackInfo.codecOnly(s.track, s.codec()));
    }
    list.sort((a, b) -> Integer.compare(a.id(), b.id()));
    if (!list.equals(tracks)) {
      tracks = List.copyOf(list);
      sink.tracks(tracks);
    }
  }

  private static int lowestFreeId(Map<Integer, PesStream> taken) {
    int id = 0;
    while (true) {
      int candidate = id;
      if (taken.values().stream().noneMatch(s -> s.track == candidate)) {
        return id;
      }
      id++;
    }
  }

  private PesStream stream(Psi.Stream d, int track) {
    EsReader reader =
        switch (d.type()) {
          case 0x1B -> new VideoEs(CodecId.H264);
          case 0x24 -> new VideoEs(CodecId.H265);
          case 0x0F -> new AdtsEs();
          case 0x11 -> new LatmEs();
          case 0x03, 0x04 -> new MpegAudioEs();
          default -> new OpusEs(d.opusChannels());
        };
    return new PesStream(d.pid(), track, d, reader, this);
  }

  /** The codec of a declared stream, or null when it is not carried. */
  private static CodecId codecOf(Psi.Stream d) {
    return switch (d.type()) {
      case 0x1B -> CodecId.H264;
      case 0x24 -> CodecId.H265;
      case 0x0F, 0x11 -> CodecId.AAC;
      case 0x03, 0x04 -> CodecId.MP3;
      case 0x06 -> d.registration() == Psi.OPUS ? CodecId.OPUS : null;
      default -> null;
    };
  }

  TsClock clock() {
    return clock;
  }

  void emit(Frame f) {
    frames++;
    sink.frame(f);
  }

  void pesDropped() {
    pesDropped++;
  }

  void pesOversize() {
    pesOversize++;
  }

  void esError() {
    esErrors++;
  }

  void beforeConfig() {
    beforeConfig++;
  }
}
