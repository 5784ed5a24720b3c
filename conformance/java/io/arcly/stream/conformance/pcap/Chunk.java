package io.arcly.stream.conformance.pcap;

/**
 * A run of reassembled TCP bytes sent in one direction with no data of the other direction in
 * between.
 *
 * @param direction who sent the bytes
 * @param timestampMicros capture time, in microseconds since the epoch, of the packet that made the
 *     first of these bytes available in order
 * @param data the bytes (not copied; do not modify)
 */
public record Chunk(Direction direction, long timestampMicros, byte[] data) {

  /** Returns a short description with the direction, timestamp and length (not the bytes). */
  @Override
  public String toString() {
    return "Chunk[" + direction + ", " + timestampMicros + ", " + data.length + " bytes]";
  }
}
