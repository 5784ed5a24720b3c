package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One stream of an {@code RTP-Info} header (RFC 2326 section 12.33): the URL of a track, and the
 * RTP sequence number and timestamp of its first packet after PLAY, which let a player map RTP time
 * to the range it asked for. A server writes one per track ({@link #formatList}); a client reads
 * them ({@link #parseList}).
 *
 * <pre>
 *   RTP-Info: url=rtsp://host/live/cam/trackID=0;seq=4541;rtptime=2973654829,
 *             url=rtsp://host/live/cam/trackID=1;seq=1;rtptime=0
 * </pre>
 *
 * @param url the track's URL as written (it may hold {@code ;} and {@code ,}: a new stream starts
 *     only at {@code ,url=})
 * @param seq the sequence number 0 to 65535, or -1 when not written
 * @param rtpTime the RTP timestamp 0 to 2^32-1, or -1 when not written
 */
public record RtpInfo(String url, int seq, long rtpTime) {
  /** The most streams one header may list. */
  public static final int MAX_STREAMS = 64;

  /** Checks the url can be written and the numbers are in range. */
  public RtpInfo {
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("rtp-info url is empty");
    }
    RtspRequest.checkUri(url);
    String lower = url.toLowerCase(Locale.ROOT);
    for (String marker : new String[] {",url=", ";seq=", ";rtptime=", ";ssrc=", "\""}) {
      if (lower.contains(marker)) {
        throw new IllegalArgumentException("rtp-info url holds " + marker);
      }
    }
    if (seq < -1 || seq > 65535) {
      throw new IllegalArgumentException("rtp-info seq " + seq + " outside 0 to 65535");
    }
    if (rtpTime < -1 || rtpTime > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("rtp-info rtptime " + rtpTime + " outside 0 to 2^32-1");
    }
  }

  /**
   * Parses an {@code RTP-Info} header value. Parameters other than {@code seq} and {@code rtptime}
   * ({@code ssrc} of RFC 7826) are skipped; a quoted url is unquoted.
   *
   * @throws RtspException (400) when an entry has no url or a number is malformed
   */
  public static List<RtpInfo> parseList(String value) {
    List<RtpInfo> out = new ArrayList<>();
    String lower = value.toLowerCase(Locale.ROOT);
    int start = 0;
    while (start < value.length()) {
      int next = nextEntry(lower, start);
      String entry = Tokens.trim(value.substring(start, next < 0 ? value.length() : next));
      if (!entry.isEmpty()) {
        if (out.size() == MAX_STREAMS) {
          throw RtspException.badRequest("rtp-info lists more than " + MAX_STREAMS + " streams");
        }
        out.add(parseOne(entry));
      }
      if (next < 0) {
        break;
      }
      start = next + 1;
    }
    return List.copyOf(out);
  }

  /** The index of the comma starting the next entry ({@code ,} spaces {@code url=}), or -1. */
  private static int nextEntry(String lower, int from) {
    int i = lower.indexOf(',', from);
    while (i >= 0) {
      int j = i + 1;
      while (j < lower.length() && (lower.charAt(j) == ' ' || lower.charAt(j) == '\t')) {
        j++;
      }
      if (lower.startsWith("url=", j)) {
        return i;
      }
      i = lower.indexOf(',', i + 1);
    }
    return -1;
  }

  private static RtpInfo parseOne(String entry) {
    if (!entry.toLowerCase(Locale.ROOT).startsWith("url=")) {
      throw RtspException.badRequest("rtp-info entry " + Tokens.quote(entry) + " has no url");
    }
    // The url runs up to the first ";seq=" or ";rtptime=" or ";ssrc=" parameter.
    String rest = entry.substring(4);
    String lower = rest.toLowerCase(Locale.ROOT);
    int cut = rest.length();
    for (String p : new String[] {";seq=", ";rtptime=", ";ssrc="}) {
      int i = lower.indexOf(p);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String url = Tokens.unquote(Tokens.trim(rest.substring(0, cut)));
    int seq = -1;
    long rtpTime = -1;
    if (cut < rest.length()) {
      for (String p : Tokens.cut(rest.substring(cut + 1), ';')) {
        String param = Tokens.trim(p);
        int eq = param.indexOf('=');
        String name = eq < 0 ? param : param.substring(0, eq).toLowerCase(Locale.ROOT);
        String v = eq < 0 ? "" : Tokens.trim(param.substring(eq + 1));
        if (name.equals("seq") && seq < 0) {
          seq = (int) number("seq", v, 65535);
        } else if (name.equals("rtptime") && rtpTime < 0) {
          rtpTime = number("rtptime", v, 0xFFFFFFFFL);
        }
      }
    }
    try {
      return new RtpInfo(url, seq, rtpTime);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest(e.getMessage());
    }
  }

  private static long number(String name, String v, long max) {
    long n = Tokens.number(v, max);
    if (n < 0) {
      throw RtspException.badRequest(
          "rtp-info " + name + " " + Tokens.quote(v) + " is not a number from 0 to " + max);
    }
    return n;
  }

  /** An {@code RTP-Info} header value listing {@code streams}. */
  public static String formatList(List<RtpInfo> streams) {
    StringBuilder b = new StringBuilder();
    for (RtpInfo i : streams) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(i);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "url="
        + url
        + (seq >= 0 ? ";seq=" + seq : "")
        + (rtpTime >= 0 ? ";rtptime=" + rtpTime : "");
  }
}
