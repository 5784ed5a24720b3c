package io.arcly.stream.kernel.media;

/**
 * The identity of a live stream: an application name and a stream name, written {@code app/stream}.
 *
 * <p>Both names are validated so that a key is always safe to use in a URL path, a file name and a
 * log line: not empty, at most {@value #MAX_NAME_LENGTH} characters, not {@code .} or {@code ..},
 * without {@code /} or {@code \}, without control characters. Violations throw {@link
 * InvalidStreamKeyException} whose message names the offending part.
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
      if (c == '/' || c == '\\') {
        throw new InvalidStreamKeyException(what + " must not contain '" + c + "': " + quote(name));
      }
      if (Character.isISOControl(c)) {
        throw new InvalidStreamKeyException(
            what
                + " must not contain control characters (U+"
                + String.format("%04X", (int) c)
                + ")");
      }
    }
    return name;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(s.length(), MAX_NAME_LENGTH);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.append(s.length() > n ? "...\"" : "\"").toString();
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
