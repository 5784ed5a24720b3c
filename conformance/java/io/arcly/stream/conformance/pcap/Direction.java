package io.arcly.stream.conformance.pcap;

/** The direction of reassembled TCP data, relative to the client of the connection. */
public enum Direction {
  /** Sent by the client (the side that opened the connection). */
  CLIENT_TO_SERVER,
  /** Sent by the server. */
  SERVER_TO_CLIENT;

  /** Returns the other direction. */
  public Direction reverse() {
    return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
  }
}
