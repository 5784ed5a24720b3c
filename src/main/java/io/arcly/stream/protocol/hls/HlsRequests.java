package io.arcly.stream.protocol.hls;

import java.util.Optional;

/**
 * What an HLS client asks for, read from its request: the file it names in a rendition ({@code
 * initN.mp4}, {@code segN.ts} or {@code segN.m4s}, {@code segN.P.m4s}) and the delivery directives
 * of a media playlist request ({@code _HLS_msn}, {@code _HLS_part}, {@code _HLS_skip}, RFC 8216bis
 * section 6.2.5). Pure parsing: whether the file or segment exists is the caller's question.
 */
public final class HlsRequests {
  /** The largest {@code _HLS_part} accepted. */
  public static final int MAX_PART = 10_000;

  private static final int MAX_MSN_DIGITS = 18;
  private static final int MAX_PART_DIGITS = 4;
  private static final int MAX_INIT_DIGITS = 10;

  private HlsRequests() {}

  /** A file of a rendition, named by its client. */
  public sealed interface File {
    /**
     * An initialization segment, {@code initN.mp4}.
     *
     * @param generation N, the generation of the tracks it initializes
     */
    record Init(int generation) implements File {}

    /**
     * A whole segment, {@code segN.ts} or {@code segN.m4s}.
     *
     * @param msn N, its media sequence number
     * @param fmp4 whether it was named {@code .m4s} (fragmented MP4) rather than {@code .ts}
     */
    record Segment(long msn, boolean fmp4) implements File {}

    /**
     * A partial segment, {@code segN.P.m4s}.
     *
     * @param msn N, the media sequence number of its segment
     * @param index P, its index in the segment
     */
    record Part(long msn, int index) implements File {}
  }

  /**
   * The delivery directives of a media playlist request.
   *
   * @param msn {@code _HLS_msn}, or -1 when absent (no blocking reload)
   * @param part {@code _HLS_part}, or -1 when absent
   * @param skip whether {@code _HLS_skip} asks for a delta update ({@code YES} or {@code v2})
   */
  public record Directives(long msn, int part, boolean skip) {
    /** Whether the request blocks until segment {@link #msn} (and part {@link #part}) exists. */
    public boolean blocking() {
      return msn >= 0;
    }
  }

  /**
   * The file {@code name} names: up to 18 digits of media sequence number, 4 of part index and 10
   * of generation (at most {@link Integer#MAX_VALUE}), leading zeros allowed; empty for any other
   * name.
   */
  public static Optional<File> file(String name) {
    if (name.startsWith("init") && name.endsWith(".mp4")) {
      long generation = digits(name, 4, name.length() - 4, MAX_INIT_DIGITS);
      return generation >= 0 && generation <= Integer.MAX_VALUE
          ? Optional.of(new File.Init((int) generation))
          : Optional.empty();
    }
    if (!name.startsWith("seg")) {
      return Optional.empty();
    }
    int dot = name.indexOf('.', 3);
    long msn = dot < 0 ? -1 : digits(name, 3, dot, MAX_MSN_DIGITS);
    if (msn < 0) {
      return Optional.empty();
    }
    String rest = name.substring(dot + 1);
    if (rest.equals("ts") || rest.equals("m4s")) {
      return Optional.of(new File.Segment(msn, rest.equals("m4s")));
    }
    int second = rest.indexOf('.');
    if (second < 0 || !rest.substring(second + 1).equals("m4s")) {
      return Optional.empty();
    }
    long index = digits(rest, 0, second, MAX_PART_DIGITS);
    return index < 0 ? Optional.empty() : Optional.of(new File.Part(msn, (int) index));
  }

  /**
   * Reads the delivery directives, each the raw query parameter or null when absent.
   *
   * @throws HlsRequestException when {@code _HLS_part} comes without {@code _HLS_msn}, or either is
   *     not a whole number from 0 ({@code _HLS_part} at most {@value #MAX_PART})
   */
  public static Directives directives(String msn, String part, String skip) {
    boolean delta = "YES".equals(skip) || "v2".equals(skip);
    if (msn == null) {
      if (part != null) {
        throw new HlsRequestException("_HLS_part needs _HLS_msn");
      }
      return new Directives(-1, -1, delta);
    }
    long m = number(msn, "_HLS_msn", Long.MAX_VALUE);
    int p = part == null ? -1 : (int) number(part, "_HLS_part", MAX_PART);
    return new Directives(m, p, delta);
  }

  /**
   * The query without the delivery directives ({@code _HLS_...} parameters): the credentials to
   * pass on in the URIs of a playlist; empty for a null or empty query.
   */
  public static String credentialsQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String kv : rawQuery.split("&")) {
      if (!kv.isEmpty() && !kv.startsWith("_HLS_")) {
        b.append(b.length() == 0 ? "" : "&").append(kv);
      }
    }
    return b.toString();
  }

  /** The value of the 1 to {@code max} ASCII digits in {@code s[from, to)}, or -1. */
  private static long digits(String s, int from, int to, int max) {
    if (to - from < 1 || to - from > max) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static long number(String text, String name, long max) {
    try {
      long v = Long.parseLong(text);
      if (v >= 0 && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new HlsRequestException(name + " must be a whole number from 0, got \"" + text + "\"");
  }
}
