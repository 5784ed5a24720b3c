package io.arcly.stream.media;

/**
 * The identity of a live stream: an application name and a stream name, written {@code app/stream}.
 *
 * <p>Both names follow one rule, whatever protocol or URL brings them, so that a key any protocol
 * accepts is usable as it is in every other one, in a URL path without encoding, as a file name and
 * in a log line: 1 to {@value #MAX_NAME_LENGTH} characters among the ASCII letters and digits and
 * {@code - _ . ~ :} (the path-name characters of MediaMTX, without {@code /}, which separates the
 * two names), and not {@code .} or {@code ..}. Violations throw {@link InvalidStreamKeyException}
 * whose message names the offending part and character.
 *
 * @param app the application name, such as {@code live}
 * @param stream the stream name within the application
 */
public record StreamKey(String app, String stream) implements Comparable<StreamKey> {
  /** The longest application or stream name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 128;

  /** Validates both names. */
  public StreamKey {
    validateName("application name", app);
    validateName("stream name", stream);
  }

  /** Parses {@code app/stream}; exactly one {@code /} separates the names. */
  public static StreamKey parse(String path) {
    if (path == null) {
      throw new InvalidStreamKeyException("stream key is missing");
    }
    int slash = path.indexOf('/');
    if (slash < 0) {
      throw new InvalidStreamKeyException("stream key must be app/stream, got " + quote(path));
    }
    return new StreamKey(path.substring(0, slash), path.substring(slash + 1));
  }

  /** Checks one application or stream name and returns it. */
  public static String validateName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidStreamKeyException(what + " is empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidStreamKeyException(
          what + " is longer than " + MAX_NAME_LENGTH + " characters (" + name.length() + ")");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new InvalidStreamKeyException(what + " must not be " + quote(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isNameChar(c)) {
        continue;
      }
      if (Character.isISOControl(c)) {
        throw new InvalidStreamKeyException(
            what
                + " must not contain control characters (U+"
                + String.format("%04X", (int) c)
                + ")");
      }
      int cp = name.codePointAt(i);
      String shown = cp >= 0x20 && cp < 0x7f ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
      throw new InvalidStreamKeyException(
          what + " must not contain " + shown + ": " + quote(name) + " (" + ALLOWED + ")");
    }
    return name;
  }

  /** Whether {@code c} may appear in an application or stream name. */
  public static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~'
        || c == ':';
  }

  private static final String ALLOWED = "allowed: letters, digits and - _ . ~ :";

  private static String quote(String s) {
    return "\"" + Text.printable(s, MAX_NAME_LENGTH + 3) + "\"";
  }

  /** Whether both keys name the same application. */
  public boolean sameApp(StreamKey other) {
    return app.equals(other.app);
  }

  @Override
  public int compareTo(StreamKey o) {
    int c = app.compareTo(o.app);
    return c != 0 ? c : stream.compareTo(o.stream);
  }

  /** {@code app/stream}. */
  @Override
  public String toString() {
    return app + "/" + stream;
  }
}
