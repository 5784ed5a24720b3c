package io.arcly.stream.rtp.sdp;

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
    // Compared without lower-casing and without a switch on strings: an attribute name is read for
    // every direction lookup, and both cost allocations there (under a fuzzer's hooks above all).
    for (Direction d : ALL) {
      if (Lines.sameName(d.attribute, name)) {
        return d;
      }
    }
    return null;
  }

  private static final Direction[] ALL = values();
}
