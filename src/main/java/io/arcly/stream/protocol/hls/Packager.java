package io.arcly.stream.protocol.hls;

import io.arcly.stream.codec.H264;
import io.arcly.stream.codec.H265;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One publish session's segmenter: cuts the frames of a subscription into the segments and parts of
 * an {@link HlsStream}.
 *
 * <p>Segments start at video keyframes (any audio frame for audio-only streams) once the target
 * duration is reached, so a GOP longer than the target makes a longer segment, never one that does
 * not start with a keyframe. Parts are cut at the first frame past the part target. A segment also
 * starts, after {@code EXT-X-DISCONTINUITY}, at the first keyframe after
 *
 * <ul>
 *   <li>a configuration whose bytes differ from the packaged one, or a track that appears: the
 *       format is made anew (a new initialization segment for fMP4, the new parameter sets in band
 *       for MPEG-TS; in both, the first keyframe also carries them, for players that keep their
 *       first initialization segment). Frames of the changed track wait for it (they are dropped
 *       until then, since the old format cannot describe them); the same configuration sent again
 *       changes nothing;
 *   <li>a frame the kernel flagged as a timestamp discontinuity (its timestamps already continue,
 *       so the segment runs on to the keyframe);
 *   <li>media the format cannot make bytes of: the segment ends with its complete parts and the
 *       frames up to the next keyframe are dropped.
 * </ul>
 *
 * <p>Bad media is the publisher's problem, not the rendition's: a configuration that cannot be
 * packaged is ignored (the previous one stays), frames of a codec no packaged track carries are
 * skipped, and packaging goes on while the stream is live. The first such problem of a session is
 * logged in one line. Runs on the packaging thread only.
 */
final class Packager {
  private static final System.Logger LOG = System.getLogger(Packager.class.getName());

  /** Audio frames an audio-only stream waits at its start for a video configuration to come. */
  private static final int AUDIO_BEFORE_START = 50;

  /** Numbering that goes on from one publish session to the next. */
  static final class Counters {
    long nextMsn;
    int generation;
    int discontinuities;
    boolean published;
  }

  private final HlsStream hls;
  private final Counters n;
  // Cut when the next frame would start at or within 2% of the target: a part never exceeds
  // PART-TARGET because of rounding (30 fps in microseconds makes 6 frames 199.98 ms).
  private final long segmentTarget;
  private final long partTarget;

  // The latest readable configurations, and those the format was made with.
  private Frame videoConfig;
  private Frame audioConfig;
  private Frame formatVideo;
  private Frame formatAudio;
  private final Frame[] rejected = new Frame[2];
  private MediaFormat format;
  private TrackKind reference;
  private boolean segOpen;
  private boolean reinit;
  private boolean discontinuity;
  private boolean warned;
  private int audioBeforeStart;

  private Instant wall0;
  private long dts0;
  private long segStart;
  private long partStart;
  private long lastDts;
  private long frameStep = 1;
  private boolean partIndependent;
  private boolean segDiscontinuity;
  private Instant segPdt;
  private final List<Frame> partFrames = new ArrayList<>();
  private final List<Frame> segFrames = new ArrayList<>();
  private final List<Snapshot.Chunk> segParts = new ArrayList<>();

  Packager(HlsStream hls, Counters counters) {
    this.hls = hls;
    this.n = counters;
    this.segmentTarget = hls.settings.segmentDuration().toNanos() / 1000 * 98 / 100;
    this.partTarget = hls.settings.partDuration().toNanos() / 1000 * 98 / 100;
  }

  void offer(Frame f) {
    if (f.isConfig()) {
      configure(f);
      return;
    }
    if (f.kind() == TrackKind.DATA) {
      return;
    }
    if (f.isDiscontinuity() && format != null) {
      discontinuity = true;
    }
    try {
      place(f);
    } catch (RuntimeException e) {
      fail(e);
      try {
        place(f); // a keyframe whose arrival closed the bad part starts the next segment
      } catch (RuntimeException again) {
        fail(again);
      }
    }
  }

  private void place(Frame frame) {
    Frame f = frame;
    if (!segOpen || reinit || discontinuity) {
      if (startsHere(f)) {
        f = restart(f);
      } else if (!segOpen || changed(f.kind())) {
        return; // waiting for a keyframe; a changed track waits for its new format
      }
    }
    if (!fits(f)) {
      skip(f.codec().label() + " " + f.kind().label() + " frames no packaged track carries");
      return;
    }
    add(f);
  }

  /** Ends the session: what was gathered becomes a last (short) segment. */
  void finish() {
    if (segOpen) {
      try {
        long end = lastDts + frameStep;
        closePart(end);
        closeSegment(end);
      } catch (RuntimeException e) {
        fail(e);
      }
    }
    if (format != null) {
      hls.publish(hls.snapshot().withCurrent(null, null));
    }
  }

  // ---- configurations --------------------------------------------------------------------

  private void configure(Frame f) {
    if (f.kind() == TrackKind.DATA) {
      return;
    }
    int k = f.kind() == TrackKind.VIDEO ? 0 : 1;
    if (same(k == 0 ? videoConfig : audioConfig, f) || same(rejected[k], f)) {
      return; // encoders send their configuration again and again
    }
    try {
      hls.formats.apply(k == 0 ? f : null, k == 0 ? null : f);
    } catch (RuntimeException e) {
      rejected[k] = f;
      skip("a " + f.codec().label() + " configuration that cannot be packaged (" + why(e) + ")");
      return;
    }
    if (k == 0) {
      videoConfig = f;
    } else {
      audioConfig = f;
    }
    reinit = format != null && (changed(TrackKind.VIDEO) || changed(TrackKind.AUDIO));
  }

  /** Whether the latest configuration of {@code kind} is not the packaged one. */
  private boolean changed(TrackKind kind) {
    return kind == TrackKind.VIDEO
        ? !same(videoConfig, formatVideo)
        : !same(audioConfig, formatAudio);
  }

  private static boolean same(Frame a, Frame b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.codec() == b.codec() && a.payload().equals(b.payload());
  }

  /** Whether a packaged track carries {@code f}. */
  private boolean fits(Frame f) {
    Frame config = f.kind() == TrackKind.VIDEO ? formatVideo : formatAudio;
    return config != null && config.codec() == f.codec();
  }

  // ---- cutting ---------------------------------------------------------------------------

  /**
   * Whether a segment (and, after a change, a format) can start at {@code f}: a video keyframe, or
   * for an audio-only stream any audio frame (at the very start only after a second of audio, in
   * case a video configuration comes).
   */
  private boolean startsHere(Frame f) {
    TrackKind ref = videoConfig != null ? TrackKind.VIDEO : TrackKind.AUDIO;
    Frame config = ref == TrackKind.VIDEO ? videoConfig : audioConfig;
    if (config == null || f.kind() != ref || f.codec() != config.codec()) {
      return false;
    }
    if (ref == TrackKind.VIDEO) {
      return f.isKeyframe();
    }
    return format != null || ++audioBeforeStart >= AUDIO_BEFORE_START;
  }

  /**
   * Ends the open segment, makes a new format when the configuration changed and starts a segment
   * at f; returns the frame to package there.
   */
  private Frame restart(Frame f) {
    long d = f.dts();
    boolean fresh = format == null || reinit;
    if (segOpen) {
      closePart(d);
      closeSegment(d);
      segOpen = false;
    }
    if (format == null || reinit) {
      reinit = false;
      if (format == null || !format.reconfigure(videoConfig, audioConfig)) {
        format = null; // stays null when making one fails: the next keyframe tries again
        format = hls.formats.apply(videoConfig, audioConfig);
      }
      formatVideo = videoConfig;
      formatAudio = audioConfig;
      reference = videoConfig != null ? TrackKind.VIDEO : TrackKind.AUDIO;
      newGeneration();
    }
    discontinuity = false;
    if (wall0 == null) {
      wall0 = hls.clock.instant();
      dts0 = d;
    }
    boolean discontinuous = n.published;
    startSegment(f, discontinuous);
    n.published = true;
    segOpen = true;
    // A player that does not load the new initialization segment (ffmpeg's HLS reader keeps its
    // first one) still decodes on: the new format's first keyframe carries its parameter sets.
    return fresh && discontinuous ? withParameterSets(f, formatVideo) : f;
  }

  /** The keyframe with the parameter sets of {@code config} in front, unless it has its own. */
  static Frame withParameterSets(Frame f, Frame config) {
    if (config == null || f.kind() != TrackKind.VIDEO || !f.isKeyframe()) {
      return f;
    }
    boolean h264 = f.codec() == CodecId.H264;
    if (!h264 && f.codec() != CodecId.H265) {
      return f;
    }
    List<byte[]> sets = new ArrayList<>();
    try {
      if (h264) {
        H264.AvcConfig avc = H264.parseAvcC(config.payload());
        sets.addAll(avc.sps());
        sets.addAll(avc.pps());
      } else {
        H265.HevcConfig hevc = H265.parseHvcC(config.payload());
        sets.addAll(hevc.vps());
        sets.addAll(hevc.sps());
        sets.addAll(hevc.pps());
      }
    } catch (RuntimeException e) {
      return f; // the format took the record; the frame goes as it is
    }
    int spsType = h264 ? H264.SPS : H265.SPS;
    NalWalker w = new NalWalker(f.payload());
    int size = f.size();
    while (w.next()) {
      int first = w.firstByte();
      if (first >= 0 && (h264 ? H264.nalType(first) : H265.nalType(first)) == spsType) {
        return f;
      }
    }
    for (byte[] nal : sets) {
      size += 4 + nal.length;
    }
    byte[] au = new byte[size];
    int at = 0;
    for (byte[] nal : sets) {
      au[at] = (byte) (nal.length >>> 24);
      au[at + 1] = (byte) (nal.length >>> 16);
      au[at + 2] = (byte) (nal.length >>> 8);
      au[at + 3] = (byte) nal.length;
      System.arraycopy(nal, 0, au, at + 4, nal.length);
      at += 4 + nal.length;
    }
    f.payload().copyTo(au, at);
    return f.withPayload(Payload.wrap(au));
  }

  private void add(Frame f) {
    if (f.kind() == reference) {
      long d = f.dts();
      boolean anchor = reference == TrackKind.AUDIO || f.isKeyframe();
      if (anchor && d - segStart >= segmentTarget) {
        closePart(d);
        closeSegment(d);
        startSegment(f, false);
      } else if (format.parts() && d - partStart >= partTarget && !partFrames.isEmpty()) {
        closePart(d);
        partStart = d;
        partIndependent = f.isKeyframe() || reference == TrackKind.AUDIO;
      }
      if (d > lastDts) {
        frameStep = d - lastDts;
      }
      lastDts = d;
    }
    partFrames.add(f);
    if (!format.parts()) {
      segFrames.add(f);
    }
  }

  // ---- bad media -------------------------------------------------------------------------

  /** Media the format could not make bytes of: the segment ends, the next keyframe resumes. */
  private void fail(RuntimeException e) {
    skip("bad media until the next keyframe (" + why(e) + ")");
    partFrames.clear();
    segFrames.clear();
    if (segOpen && format != null && format.parts()) {
      closeSegment(partStart); // its complete parts; makes no bytes
    }
    segOpen = false;
    hls.publish(hls.snapshot().withCurrent(null, null));
  }

  private void skip(String what) {
    if (!warned) {
      warned = true;
      LOG.log(
          System.Logger.Level.WARNING,
          "hls packaging of "
              + hls.key()
              + ": skipping "
              + what
              + "; further problems of this"
              + " publish are not logged");
    }
  }

  private static String why(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  // ---- segments and parts ----------------------------------------------------------------

  private void newGeneration() {
    byte[] init = format.init();
    if (init != null) {
      n.generation++;
      hls.publish(hls.snapshot().withInit(n.generation, init));
    }
  }

  private void startSegment(Frame f, boolean discontinuity) {
    segStart = f.dts();
    partStart = f.dts();
    lastDts = f.dts();
    partIndependent = true;
    segDiscontinuity = discontinuity;
    if (discontinuity) {
      n.discontinuities++;
    }
    segPdt = wall0.plusNanos((segStart - dts0) * 1000);
    segParts.clear();
    hls.publish(hls.snapshot().withCurrent(currentSegment(), partUri(n.nextMsn, 0)));
  }

  private Snapshot.Seg currentSegment() {
    return new Snapshot.Seg(
        n.nextMsn,
        0,
        segPdt,
        segDiscontinuity,
        n.discontinuities - (segDiscontinuity ? 1 : 0),
        n.generation,
        List.copyOf(segParts),
        false);
  }

  private void closePart(long endDts) {
    if (!format.parts() || partFrames.isEmpty()) {
      partFrames.clear();
      return;
    }
    byte[] data = format.part(partFrames, endDts);
    partFrames.clear();
    segParts.add(new Snapshot.Chunk((endDts - partStart) / 1e6, partIndependent, data));
    hls.publish(hls.snapshot().withCurrent(currentSegment(), partUri(n.nextMsn, segParts.size())));
  }

  private void closeSegment(long endDts) {
    List<Snapshot.Chunk> chunks;
    if (format.parts()) {
      chunks = List.copyOf(segParts);
    } else if (segFrames.isEmpty()) {
      chunks = List.of();
    } else {
      try {
        byte[] data = format.segment(segFrames);
        chunks = List.of(new Snapshot.Chunk((endDts - segStart) / 1e6, true, data));
      } finally {
        segFrames.clear();
        partFrames.clear();
      }
    }
    if (chunks.isEmpty()) {
      return;
    }
    Snapshot.Seg done =
        new Snapshot.Seg(
            n.nextMsn,
            (endDts - segStart) / 1e6,
            segPdt,
            segDiscontinuity,
            n.discontinuities - (segDiscontinuity ? 1 : 0),
            n.generation,
            chunks,
            true);
    n.nextMsn++;
    hls.publish(hls.snapshot().withComplete(done, hls.settings.window(), partUri(n.nextMsn, 0)));
  }

  private String partUri(long msn, int index) {
    return hls.variant.parts() ? Snapshot.partUri(msn, index) : null;
  }
}
