package io.arcly.stream.protocol.hls;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders HLS playlists (RFC 8216bis section 4.4): the media playlist of a {@link PlaylistWindow},
 * with the Low-Latency tags when its variant has parts, and the multivariant playlist.
 *
 * <p>Versions: 3 for MPEG-TS, 7 for fragmented MP4 (EXT-X-MAP), 9 for Low-Latency (EXT-X-SKIP).
 * Low-Latency playlists announce {@code CAN-BLOCK-RELOAD=YES}, {@code PART-HOLD-BACK} of three part
 * targets and {@code CAN-SKIP-UNTIL} of six target durations; a delta update ({@code
 * _HLS_skip=YES}) replaces the segments that start more than that before the end of the playlist
 * with one {@code EXT-X-SKIP}. Every segment carries its {@code EXT-X-PROGRAM-DATE-TIME}; an {@code
 * EXT-X-MAP} stands before the first segment (or part) of each initialization segment.
 */
public final class Playlists {
  /** Parts are listed for segments this many target durations from the end, and the rest. */
  static final int PART_HOLD_BACK_PARTS = 3;

  static final int SKIP_TARGETS = 6;

  private static final DateTimeFormatter PDT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Playlists() {}

  /** The media playlist; {@code skip} asks for a delta update (Low-Latency only). */
  public static String media(PlaylistWindow w, boolean skip) {
    Variant v = w.variant();
    StringBuilder b = new StringBuilder(256 + 128 * w.segments().size());
    b.append("#EXTM3U\n");
    b.append("#EXT-X-VERSION:").append(v.parts() ? 9 : v.fmp4() ? 7 : 3).append('\n');
    b.append("#EXT-X-TARGETDURATION:").append(w.targetDuration()).append('\n');
    int skipped = 0;
    if (v.parts()) {
      double skipUntil = SKIP_TARGETS * (double) w.targetDuration();
      b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=")
          .append(num(PART_HOLD_BACK_PARTS * w.partTarget()))
          .append(",CAN-SKIP-UNTIL=")
          .append(num(skipUntil))
          .append('\n');
      b.append("#EXT-X-PART-INF:PART-TARGET=").append(num(w.partTarget())).append('\n');
      if (skip) {
        skipped = skippable(w.segments(), w.pendingParts(), skipUntil);
      }
    }
    b.append("#EXT-X-MEDIA-SEQUENCE:").append(w.mediaSequence()).append('\n');
    if (w.discontinuitySequence() > 0) {
      b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(w.discontinuitySequence()).append('\n');
    }
    String map = null;
    if (skipped > 0) {
      b.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
    }
    List<PlaylistWindow.Segment> segs = w.segments();
    for (int i = skipped; i < segs.size(); i++) {
      PlaylistWindow.Segment s = segs.get(i);
      if (s.discontinuity()) {
        b.append("#EXT-X-DISCONTINUITY\n");
      }
      map = map(b, map, s.initUri());
      b.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(s.programDateTime())).append('\n');
      if (v.parts()) {
        parts(b, s.parts());
      }
      b.append("#EXTINF:").append(num3(s.duration())).append(",\n").append(s.uri()).append('\n');
    }
    if (v.parts()) {
      if (!w.pendingParts().isEmpty() || w.nextPartUri() != null) {
        map(b, map, w.initUri());
      }
      parts(b, w.pendingParts());
      if (w.nextPartUri() != null && !w.ended()) {
        b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(w.nextPartUri()).append("\"\n");
      }
    }
    if (w.ended()) {
      b.append("#EXT-X-ENDLIST\n");
    }
    return b.toString();
  }

  /**
   * The multivariant playlist of one stream.
   *
   * @param codecs the RFC 6381 codecs, such as {@code avc1.64001f,mp4a.40.2}
   * @param width picture width, 0 when unknown or audio-only
   * @param height picture height
   * @param bandwidth peak bit rate in bit/s
   * @param mediaUri the media playlist, relative
   */
  public static String multivariant(
      String codecs, int width, int height, long bandwidth, String mediaUri) {
    StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, bandwidth));
    if (!codecs.isEmpty()) {
      b.append(",CODECS=\"").append(codecs).append('"');
    }
    if (width > 0 && height > 0) {
      b.append(",RESOLUTION=").append(width).append('x').append(height);
    }
    b.append('\n').append(mediaUri).append('\n');
    return b.toString();
  }

  /** Writes EXT-X-MAP when {@code uri} differs from the one in force; returns the one in force. */
  private static String map(StringBuilder b, String current, String uri) {
    if (uri != null && !uri.equals(current)) {
      b.append("#EXT-X-MAP:URI=\"").append(uri).append("\"\n");
      return uri;
    }
    return current;
  }

  /** How many leading segments start more than {@code skipUntil} seconds before the end. */
  static int skippable(
      List<PlaylistWindow.Segment> segs, List<PlaylistWindow.Part> pending, double skipUntil) {
    double fromEnd = 0;
    for (PlaylistWindow.Part p : pending) {
      fromEnd += p.duration();
    }
    for (int i = segs.size() - 1; i >= 0; i--) {
      fromEnd += segs.get(i).duration();
      if (fromEnd > skipUntil) {
        return i;
      }
    }
    return 0;
  }

  private static void parts(StringBuilder b, List<PlaylistWindow.Part> parts) {
    for (PlaylistWindow.Part p : parts) {
      b.append("#EXT-X-PART:DURATION=")
          .append(num3(p.duration()))
          .append(",URI=\"")
          .append(p.uri());
      b.append(p.independent() ? "\",INDEPENDENT=YES\n" : "\"\n");
    }
  }

  /** A decimal without trailing zeros (at most 3 places). */
  static String num(double d) {
    String s = String.format(Locale.ROOT, "%.3f", d);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }

  /** A decimal with 3 places, as EXTINF and part durations are written. */
  static String num3(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
