package io.arcly.stream.media;

/** The kind of elementary stream a frame or track belongs to. */
public enum TrackKind {
  VIDEO,
  AUDIO,
  /** Timed data such as metadata or captions. */
  DATA;

  /** The lowercase name used in JSON and logs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
