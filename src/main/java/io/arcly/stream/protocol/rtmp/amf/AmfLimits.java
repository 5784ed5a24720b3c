package io.arcly.stream.protocol.rtmp.amf;

/**
 * The limits {@link Amf0} and {@link Amf3} enforce against hostile input; breaking one is an {@link
 * AmfException}.
 *
 * <p>Besides these, every declared length or count is checked against the bytes that remain before
 * anything is read or allocated, so a short message can never make the decoder allocate more than a
 * small multiple of its own size.
 */
public final class AmfLimits {
  /**
   * Containers (objects, ECMA arrays, typed objects, arrays, object vectors, dictionaries) may nest
   * this deep; the encoders refuse deeper values too.
   */
  public static final int MAX_DEPTH = 64;

  /** Most entries (properties, elements, pairs) one container may hold. */
  public static final int MAX_ENTRIES = 1_000_000;

  /** Most entries each reference table (AMF0 objects; AMF3 strings, objects, traits) may hold. */
  public static final int MAX_REFERENCES = 65_536;

  /**
   * Most one decode run's result may weigh with every reference written out in full, counting one
   * per value plus one per character of each string, property name and class name and one per byte
   * of each byte array; this keeps walking the result ({@link Amf#toJava}, {@code equals}, {@code
   * toString}) bounded even when references share one object or string many times over. Input
   * without references weighs at most about twice its size in bytes.
   */
  public static final int MAX_EXPANDED_SIZE = 64 * 1024 * 1024;

  private AmfLimits() {}
}
