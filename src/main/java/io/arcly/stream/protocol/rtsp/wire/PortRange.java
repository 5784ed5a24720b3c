package io.arcly.stream.protocol.rtsp.wire;

/**
 * A port or channel pair of a {@code Transport} header ({@code 5000-5001}, {@code 0-1}), or a
 * single one ({@code 5000}, where {@code last} equals {@code first}).
 *
 * @param first the first port or channel (RTP)
 * @param last the last one, at least {@code first} (RTCP)
 */
public record PortRange(int first, int last) {
  /** Checks the order and that neither is negative. */
  public PortRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("range " + first + "-" + last + " is not valid");
    }
  }

  /** A pair {@code first-(first+1)}, as RTP and RTCP use. */
  public static PortRange pair(int first) {
    return new PortRange(first, first + 1);
  }

  /** Whether one value was given. */
  public boolean single() {
    return first == last;
  }

  static PortRange parse(String name, String value, int max) {
    int dash = value.indexOf('-');
    long a = Tokens.number(Tokens.trim(dash < 0 ? value : value.substring(0, dash)), max);
    long b = dash < 0 ? a : Tokens.number(Tokens.trim(value.substring(dash + 1)), max);
    if (a < 0 || b < 0 || b < a) {
      throw RtspException.badRequest(
          "transport " + name + " " + Tokens.quote(value) + " is not a range from 0 to " + max);
    }
    return new PortRange((int) a, (int) b);
  }

  @Override
  public String toString() {
    return single() ? Integer.toString(first) : first + "-" + last;
  }
}
