package io.arcly.stream.protocol.hls;

import java.time.Instant;
import java.util.List;

/**
 * What a media playlist lists at one moment: the sliding window of complete segments, the parts of
 * the segment being made, and the next part to come.
 *
 * @param variant the segment format and whether parts are announced
 * @param targetDuration the segment target duration in seconds (EXT-X-TARGETDURATION, whole)
 * @param partTarget the part target duration in seconds (Low-Latency only)
 * @param mediaSequence the sequence number of the first segment listed
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE of the first segment listed
 * @param initUri the initialization segment of the segment in progress and its parts (fMP4), or
 *     null
 * @param segments complete segments, oldest first
 * @param pendingParts parts of the segment in progress (Low-Latency only), oldest first
 * @param nextPartUri the part announced with EXT-X-PRELOAD-HINT, or null
 * @param ended whether the stream ended (EXT-X-ENDLIST)
 */
public record PlaylistWindow(
    Variant variant,
    int targetDuration,
    double partTarget,
    long mediaSequence,
    long discontinuitySequence,
    String initUri,
    List<Segment> segments,
    List<Part> pendingParts,
    String nextPartUri,
    boolean ended) {

  /** Copies the lists. */
  public PlaylistWindow {
    segments = List.copyOf(segments);
    pendingParts = List.copyOf(pendingParts);
  }

  /** A partial segment. */
  public record Part(double duration, boolean independent, String uri) {}

  /**
   * A complete segment.
   *
   * @param msn its media sequence number
   * @param duration its duration in seconds
   * @param programDateTime the wall-clock time of its first frame
   * @param discontinuity whether timestamps restart here
   * @param uri its URI, relative to the playlist
   * @param initUri its initialization segment (fMP4), or null
   * @param parts its parts (Low-Latency only; may be empty once they age out)
   */
  public record Segment(
      long msn,
      double duration,
      Instant programDateTime,
      boolean discontinuity,
      String uri,
      String initUri,
      List<Part> parts) {
    /** Copies the part list. */
    public Segment {
      parts = List.copyOf(parts);
    }
  }

  /** This window with {@code suffix} (such as {@code ?token=abc}) appended to every URI. */
  public PlaylistWindow withUriSuffix(String suffix) {
    if (suffix.isEmpty()) {
      return this;
    }
    List<Segment> segs = new java.util.ArrayList<>(segments.size());
    for (Segment s : segments) {
      segs.add(
          new Segment(
              s.msn(),
              s.duration(),
              s.programDateTime(),
              s.discontinuity(),
              s.uri() + suffix,
              s.initUri() == null ? null : s.initUri() + suffix,
              suffixed(s.parts(), suffix)));
    }
    return new PlaylistWindow(
        variant,
        targetDuration,
        partTarget,
        mediaSequence,
        discontinuitySequence,
        initUri == null ? null : initUri + suffix,
        segs,
        suffixed(pendingParts, suffix),
        nextPartUri == null ? null : nextPartUri + suffix,
        ended);
  }

  private static List<Part> suffixed(List<Part> parts, String suffix) {
    return parts.stream()
        .map(p -> new Part(p.duration(), p.independent(), p.uri() + suffix))
        .toList();
  }
}
