package io.arcly.stream.protocol.hls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One moment of an {@link HlsStream}, immutable: complete segments (the playlist window plus two
 * kept for late readers), the segment in progress with its parts, the initialization segments in
 * use, and whether the stream ended.
 *
 * @param variant the variant
 * @param targetDuration EXT-X-TARGETDURATION, never lowered once raised
 * @param segments complete segments, oldest first
 * @param current the segment in progress, or null
 * @param nextPartUri the part announced as preload hint, or null
 * @param inits initialization segments by generation (fMP4)
 * @param window how many segments the playlist lists
 * @param ended whether the stream ended for good
 */
public record Snapshot(
    Variant variant,
    int targetDuration,
    List<Seg> segments,
    Seg current,
    String nextPartUri,
    Map<Integer, byte[]> inits,
    int window,
    boolean ended) {

  /** Extra complete segments kept beyond the window for readers a little behind. */
  static final int KEEP_BEYOND_WINDOW = 2;

  /** Parts stay listed for segments that end within this many target durations of the edge. */
  static final int PART_LISTING_TARGETS = 3;

  /** Encoded bytes of one part, or of a whole segment (MPEG-TS). */
  public record Chunk(double duration, boolean independent, byte[] data) {}

  /**
   * A segment.
   *
   * @param msn media sequence number
   * @param duration seconds (0 while in progress)
   * @param programDateTime wall-clock time of its first frame
   * @param discontinuity whether timestamps restart here
   * @param discontinuitiesBefore discontinuities in the segments before it
   * @param generation its initialization segment (fMP4)
   * @param chunks its parts (fMP4) or its one chunk (MPEG-TS)
   * @param complete whether it is finished
   */
  public record Seg(
      long msn,
      double duration,
      Instant programDateTime,
      boolean discontinuity,
      int discontinuitiesBefore,
      int generation,
      List<Chunk> chunks,
      boolean complete) {
    /** Total bytes. */
    public long size() {
      long n = 0;
      for (Chunk c : chunks) {
        n += c.data().length;
      }
      return n;
    }
  }

  static Snapshot empty(Variant variant, int targetDuration, int window) {
    return new Snapshot(variant, targetDuration, List.of(), null, null, Map.of(), window, false);
  }

  /** The URI of segment {@code msn}. */
  public static String segmentUri(Variant v, long msn) {
    return "seg" + msn + (v.fmp4() ? ".m4s" : ".ts");
  }

  /** The URI of part {@code index} of segment {@code msn}. */
  public static String partUri(long msn, int index) {
    return "seg" + msn + "." + index + ".m4s";
  }

  /** The URI of initialization segment {@code generation}. */
  public static String initUri(int generation) {
    return "init" + generation + ".mp4";
  }

  Snapshot withInit(int generation, byte[] init) {
    Map<Integer, byte[]> m = new LinkedHashMap<>(inits);
    m.put(generation, init);
    // keep the generations still referenced
    int oldest = generation;
    for (Seg s : segments) {
      oldest = Math.min(oldest, s.generation());
    }
    int keep = oldest;
    m.keySet().removeIf(g -> g < keep);
    return new Snapshot(
        variant, targetDuration, segments, current, nextPartUri, Map.copyOf(m), window, false);
  }

  Snapshot withCurrent(Seg seg, String nextPart) {
    return new Snapshot(variant, targetDuration, segments, seg, nextPart, inits, window, false);
  }

  Snapshot withComplete(Seg done, int windowSize, String nextPart) {
    List<Seg> list = new ArrayList<>(segments);
    list.add(done);
    while (list.size() > windowSize + KEEP_BEYOND_WINDOW) {
      list.remove(0);
    }
    // RFC 8216 4.3.3.1: each EXTINF rounded to the nearest integer is at most the target, so the
    // millisecond of jitter a keyframe interval of 2.001 s carries does not make it 3
    int target = Math.max(targetDuration, (int) Math.round(done.duration()));
    return new Snapshot(
        variant, target, List.copyOf(list), null, nextPart, inits, windowSize, false);
  }

  Snapshot withEnded() {
    return new Snapshot(variant, targetDuration, segments, null, null, inits, window, true);
  }

  /** The complete segment {@code msn}, or null (not yet made, or expired). */
  public Seg segment(long msn) {
    for (Seg s : segments) {
      if (s.msn() == msn) {
        return s;
      }
    }
    return null;
  }

  /** Part {@code index} of segment {@code msn}, complete or in progress, or null. */
  public Chunk part(long msn, int index) {
    Seg s = current != null && current.msn() == msn ? current : segment(msn);
    if (s == null || !variant.fmp4() || index < 0 || index >= s.chunks().size()) {
      return null;
    }
    return s.chunks().get(index);
  }

  /** The msn of the newest segment, complete or in progress, or -1. */
  public long lastMsn() {
    if (current != null) {
      return current.msn();
    }
    return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).msn();
  }

  /**
   * Whether a blocked request for segment {@code msn} ({@code part < 0}) or part {@code part} of it
   * can be answered: it exists, something after it exists, or the stream ended.
   */
  boolean has(long msn, int part) {
    if (ended) {
      return true;
    }
    if (part < 0) {
      return !segments.isEmpty() && segments.get(segments.size() - 1).msn() >= msn;
    }
    if (current != null) {
      if (current.msn() > msn) {
        return true;
      }
      if (current.msn() == msn) {
        return current.chunks().size() > part;
      }
    }
    return !segments.isEmpty() && segments.get(segments.size() - 1).msn() >= msn;
  }

  /** The playlist window of this moment. */
  public PlaylistWindow window(double partTarget) {
    int from = Math.max(0, segments.size() - window);
    List<Seg> listed = segments.subList(from, segments.size());
    double edge = 0;
    List<PlaylistWindow.Segment> out = new ArrayList<>(listed.size());
    for (int i = listed.size() - 1; i >= 0; i--) {
      Seg s = listed.get(i);
      edge += s.duration();
      boolean withParts = variant.parts() && edge <= PART_LISTING_TARGETS * targetDuration;
      out.add(
          0,
          new PlaylistWindow.Segment(
              s.msn(),
              s.duration(),
              s.programDateTime(),
              s.discontinuity(),
              segmentUri(variant, s.msn()),
              variant.fmp4() ? initUri(s.generation()) : null,
              withParts ? parts(s) : List.of()));
    }
    long firstMsn = listed.isEmpty() ? (current != null ? current.msn() : 0) : listed.get(0).msn();
    long discSeq =
        listed.isEmpty()
            ? (current != null ? current.discontinuitiesBefore() : 0)
            : listed.get(0).discontinuitiesBefore();
    List<PlaylistWindow.Part> pending =
        current != null && variant.parts() ? parts(current) : List.of();
    return new PlaylistWindow(
        variant,
        targetDuration,
        partTarget,
        firstMsn,
        discSeq,
        current != null && variant.fmp4() ? initUri(current.generation()) : null,
        out,
        pending,
        ended ? null : nextPartUri,
        ended);
  }

  private static List<PlaylistWindow.Part> parts(Seg s) {
    List<PlaylistWindow.Part> out = new ArrayList<>(s.chunks().size());
    for (int i = 0; i < s.chunks().size(); i++) {
      Chunk c = s.chunks().get(i);
      out.add(new PlaylistWindow.Part(c.duration(), c.independent(), partUri(s.msn(), i)));
    }
    return out;
  }
}
