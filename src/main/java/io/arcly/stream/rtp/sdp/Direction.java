package io.arcly.stream.rtp.sdp;

import java.util.Locale;

/**
 * The direction of media (RFC 8866 section 6.7): a property attribute at session or media level.
 */
public enum Direction {
  /** Media flows both ways; the default when nothing is written. */
  SENDRECV("sendrecv"),
  /** The writer only receives. */
  RECVONLY("recvonly"),
  /** The writer only sends. */
  SENDONLY("sendonly"),
  /** Nothing flows. */
  INACTIVE("inactive");

  private final String attribute;

  Direction(String attribute) {
    this.attribute = attribute;
  }

  /** The attribute name, such as {@code sendonly}. */
  public String attribute() {
    return attribute;
  }

  /** The direction an answerer takes to this one: send becomes receive and back. */
  public Direction reversed() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** The direction named by an attribute name (any case), or null when it names none. */
  public static Direction fromName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sendrecv" -> SENDRECV;
      case "recvonly" -> RECVONLY;
      case "sendonly" -> SENDONLY;
      case "inactive" -> INACTIVE;
      default -> null;
    };
  }
}
