package io.arcly.stream.media;

/**
 * The one rule for text a client supplies (names, URLs, metadata, query keys) before it reaches a
 * log line, the API or an event: at most a given length, and nothing that could forge a line or
 * hide what is shown.
 *
 * <p>Replaced by {@code ?}: control characters (C0, DEL, C1, so CR and LF), Unicode format
 * characters (bidirectional overrides, zero-width characters), line and paragraph separators and
 * unpaired surrogates. Other characters, letters of any script included, are kept.
 */
public final class Text {
  private static final String ELLIPSIS = "...";

  private Text() {}

  /**
   * {@code s} made printable and cut to at most {@code max} characters (a cut text ends with {@code
   * ...} within the limit); null gives an empty string. Idempotent, and returns {@code s} itself
   * when nothing needs changing.
   */
  public static String printable(String s, int max) {
    if (s == null) {
      return "";
    }
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative");
    }
    if (s.length() <= max && clean(s)) {
      return s;
    }
    int keep = s.length() <= max ? s.length() : max > ELLIPSIS.length() ? max - 3 : max;
    if (keep < s.length() && keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--; // never split a pair
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < keep; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < keep
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        if (allowed(cp)) {
          b.append(c).append(s.charAt(i + 1));
        } else {
          b.append('?');
        }
        i++;
      } else {
        b.append(Character.isSurrogate(c) || !allowed(c) ? '?' : c);
      }
    }
    if (keep < s.length() && max > ELLIPSIS.length()) {
      b.append(ELLIPSIS);
    }
    return b.toString();
  }

  private static boolean clean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (!allowed(Character.toCodePoint(c, s.charAt(i + 1)))) {
          return false;
        }
        i++;
        continue;
      }
      if (Character.isSurrogate(c) || !allowed(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allowed(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          false;
      default -> true;
    };
  }
}
