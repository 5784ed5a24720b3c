package io.arcly.stream.protocol.srt.wire;

import io.arcly.stream.media.StreamKey;

/**
 * A caller's stream id: what it wants (publish or read), which stream, and who it is.
 *
 * @param mode publish or read
 * @param app the application
 * @param stream the stream name
 * @param user the user, or null
 * @param password the password, or null
 * @param session the session id, or null
 */
public record StreamId(
    Mode mode, String app, String stream, String user, String password, String session) {
  /** What the caller wants. */
  public enum Mode {
    /** Send a stream. */
    PUBLISH,
    /** Receive a stream. */
    READ
  }

  /** Parses {@code raw}; minimal form used until the full parser lands. */
  public static StreamId parse(String raw) {
    Mode mode = Mode.READ;
    String path = raw;
    String user = null;
    if (raw.startsWith("#!::")) {
      String r = null;
      for (String kv : raw.substring(4).split(",")) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("stream id: value without '=': " + kv);
        }
        String k = kv.substring(0, eq);
        String v = kv.substring(eq + 1);
        switch (k) {
          case "r" -> r = v;
          case "m" -> mode = v.equals("publish") ? Mode.PUBLISH : Mode.READ;
          case "u" -> user = v;
          default -> {}
        }
      }
      if (r == null) {
        throw new IllegalArgumentException("stream id: missing r=");
      }
      path = r;
    } else if (raw.startsWith("publish:")) {
      mode = Mode.PUBLISH;
      path = raw.substring(8);
    } else if (raw.startsWith("read:")) {
      path = raw.substring(5);
    }
    StreamKey key = StreamKey.parse(path);
    return new StreamId(mode, key.app(), key.stream(), user, null, null);
  }
}
