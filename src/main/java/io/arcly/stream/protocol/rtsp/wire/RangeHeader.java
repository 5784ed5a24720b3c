package io.arcly.stream.protocol.rtsp.wire;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A {@code Range} header value (RFC 2326 section 12.29), or the {@code a=range} of an SDP (C.1.5):
 * {@code npt=0-}, {@code npt=now-}, {@code npt=10.5-20}, {@code npt=00:01:02.5-}. Normal play time
 * is read into seconds; {@code clock=} and {@code smpte=} ranges (and other units) are kept as
 * written, since a live server has no use for them beyond answering. Only the first range of a list
 * is kept, and a {@code ;time=} parameter is kept as written.
 *
 * @param unit the unit, lower-cased: {@code npt}, {@code clock}, {@code smpte} or another token
 * @param range the range as written after {@code =}, such as {@code 0-} or {@code now-}
 * @param time the {@code time} parameter, or null
 */
public record RangeHeader(String unit, String range, String time) {
  /** {@code npt=0-}: from the start, as players ask for live streams. */
  public static final RangeHeader NPT_FROM_ZERO = new RangeHeader("npt", "0-", null);

  /** {@code npt=now-}: from now, as live servers describe their streams. */
  public static final RangeHeader NPT_NOW = new RangeHeader("npt", "now-", null);

  /** Checks the unit and, for normal play time, the range. */
  public RangeHeader {
    if (!Tokens.isToken(unit) || !unit.equals(unit.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "range unit " + Tokens.quote(unit) + " is not a lower-case token");
    }
    check(range);
    if (unit.equals("npt")) {
      nptRange(range);
    }
    if (time != null) {
      check(time);
    }
  }

  /** The range {@code npt=start-}, with {@code start} in seconds to the millisecond. */
  public static RangeHeader nptFrom(double start) {
    if (!(start >= 0) || Double.isInfinite(start)) {
      throw new IllegalArgumentException("npt start " + start + " is not a time");
    }
    return new RangeHeader("npt", String.format(Locale.ROOT, "%.3f-", start), null);
  }

  /**
   * Parses a {@code Range} header value.
   *
   * @throws RtspException (400) when it is not {@code unit=range}, or an npt range is malformed
   */
  public static RangeHeader parse(String value) {
    String v = Tokens.trim(value);
    String time = null;
    int semi = v.indexOf(';');
    if (semi >= 0) {
      String param = Tokens.trim(v.substring(semi + 1));
      v = Tokens.trim(v.substring(0, semi));
      if (param.toLowerCase(Locale.ROOT).startsWith("time=")) {
        time = Tokens.trim(param.substring(5));
      }
    }
    int comma = v.indexOf(',');
    if (comma >= 0) {
      v = Tokens.trim(v.substring(0, comma));
    }
    int eq = v.indexOf('=');
    if (eq <= 0) {
      throw RtspException.badRequest("range " + Tokens.quote(value) + " is not unit=range");
    }
    String unit = Tokens.trim(v.substring(0, eq)).toLowerCase(Locale.ROOT);
    String range = Tokens.trim(v.substring(eq + 1));
    try {
      return new RangeHeader(unit, range, time == null || time.isEmpty() ? null : time);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest(e.getMessage());
    }
  }

  /** Whether the unit is normal play time. */
  public boolean isNpt() {
    return unit.equals("npt");
  }

  /** Whether an npt range starts at {@code now}. */
  public boolean startsNow() {
    return isNpt() && range.toLowerCase(Locale.ROOT).startsWith("now");
  }

  /** The start of an npt range in seconds; empty for {@code now}, an open start or another unit. */
  public OptionalDouble start() {
    return isNpt() ? nptRange(range)[0] : OptionalDouble.empty();
  }

  /** The end of an npt range in seconds; empty when open or another unit. */
  public OptionalDouble end() {
    return isNpt() ? nptRange(range)[1] : OptionalDouble.empty();
  }

  private static OptionalDouble[] nptRange(String r) {
    int dash = r.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("npt range " + Tokens.quote(r) + " has no dash");
    }
    String a = Tokens.trim(r.substring(0, dash));
    String b = Tokens.trim(r.substring(dash + 1));
    if (a.isEmpty() && b.isEmpty()) {
      throw new IllegalArgumentException(
          "npt range " + Tokens.quote(r) + " has neither start nor end");
    }
    return new OptionalDouble[] {nptTime(a), nptTime(b)};
  }

  /** An npt time: {@code now}, seconds with an optional fraction, or h:mm:ss with one. */
  private static OptionalDouble nptTime(String t) {
    if (t.isEmpty() || t.equalsIgnoreCase("now")) {
      return OptionalDouble.empty();
    }
    String[] hms = Tokens.cut(t, ':');
    if (hms.length != 1 && hms.length != 3) {
      throw new IllegalArgumentException("npt time " + Tokens.quote(t) + " is not a time");
    }
    double seconds = 0;
    for (int i = 0; i < hms.length; i++) {
      boolean last = i == hms.length - 1;
      String part = hms[i];
      String whole = part;
      String frac = "";
      int dot = part.indexOf('.');
      if (last && dot >= 0) {
        whole = part.substring(0, dot);
        frac = part.substring(dot + 1);
      }
      long n = Tokens.number(whole, hms.length == 1 || i == 0 ? 999_999_999L : 59);
      if (n < 0 || !digits(frac)) {
        throw new IllegalArgumentException("npt time " + Tokens.quote(t) + " is not a time");
      }
      seconds = seconds * 60 + n;
      if (!frac.isEmpty()) {
        seconds += Double.parseDouble("0." + frac.substring(0, Math.min(frac.length(), 9)));
      }
    }
    return OptionalDouble.of(seconds);
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void check(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("range is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ';' || c == ',') {
        throw new IllegalArgumentException(
            "range holds character U+" + String.format("%04X", (int) c));
      }
    }
  }

  @Override
  public String toString() {
    return unit + "=" + range + (time == null ? "" : ";time=" + time);
  }
}
