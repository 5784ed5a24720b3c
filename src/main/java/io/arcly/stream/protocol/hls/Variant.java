package io.arcly.stream.protocol.hls;

import java.util.Locale;

/** The HLS flavours a stream is packaged in ({@code arcly.hls.variant}). */
public enum Variant {
  /** Low-Latency HLS over fragmented MP4: parts, preload hints, blocking reload, delta updates. */
  LOW_LATENCY("lowLatency", true, true),
  /** HLS over fragmented MP4 (CMAF) segments. */
  FMP4("fmp4", true, false),
  /** HLS over MPEG-TS segments. */
  MPEGTS("mpegts", false, false);

  private final String key;
  private final boolean fmp4;
  private final boolean parts;

  Variant(String key, boolean fmp4, boolean parts) {
    this.key = key;
    this.fmp4 = fmp4;
    this.parts = parts;
  }

  /** The configuration value, such as {@code lowLatency}. */
  public String key() {
    return key;
  }

  /** Whether segments are fragmented MP4. */
  public boolean fmp4() {
    return fmp4;
  }

  /** Whether partial segments are announced. */
  public boolean parts() {
    return parts;
  }

  /** The variant named {@code key} (case-insensitive); null when there is none. */
  public static Variant fromKey(String key) {
    for (Variant v : values()) {
      if (v.key.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    return null;
  }
}
