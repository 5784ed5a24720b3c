package io.arcly.stream.conformance.pcap;

/**
 * One captured UDP datagram.
 *
 * @param source the sender
 * @param destination the receiver
 * @param timestampMicros capture time in microseconds since the epoch
 * @param payload the UDP payload (not copied; do not modify)
 */
public record UdpDatagram(
    Endpoint source, Endpoint destination, long timestampMicros, byte[] payload) {

  /** Returns a short description with the endpoints, timestamp and length (not the bytes). */
  @Override
  public String toString() {
    return "UdpDatagram["
        + source
        + " -> "
        + destination
        + ", "
        + timestampMicros
        + ", "
        + payload.length
        + " bytes]";
  }
}
