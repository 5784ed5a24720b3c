package io.arcly.stream.rtp.sdp;

/**
 * A bandwidth line ({@code b=}, RFC 8866 section 5.8), such as {@code AS:2000}.
 *
 * @param type the modifier: {@code CT}, {@code AS}, {@code TIAS}, {@code RS}, {@code RR} or another
 *     token
 * @param value the bandwidth, kilobits per second for {@code AS} and {@code CT}
 */
public record Bandwidth(String type, long value) {
  /** Checks the modifier is a token and the value not negative. */
  public Bandwidth {
    if (!Lines.isToken(type)) {
      throw new SdpException("bandwidth type " + Lines.quote(type) + " is not a token");
    }
    if (value < 0) {
      throw new SdpException("bandwidth " + value + " is negative");
    }
  }

  static Bandwidth parse(int line, String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new SdpException(line, "bandwidth without a type");
    }
    String type = value.substring(0, colon).trim();
    if (!Lines.isToken(type)) {
      throw new SdpException(line, "bandwidth type " + Lines.quote(type) + " is not a token");
    }
    long v = Lines.number(line, "bandwidth", value.substring(colon + 1).trim(), Long.MAX_VALUE);
    return new Bandwidth(type, v);
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
