package io.arcly.stream.rtp.sdp;

/**
 * A timing line ({@code t=}, RFC 8866 section 5.9): start and stop as NTP seconds, {@code 0 0} for
 * a session without bounds, as every live stream is.
 *
 * @param start the start time, 0 for none
 * @param stop the stop time, 0 for none
 */
public record Timing(long start, long stop) {
  /** The unbounded session, {@code t=0 0}. */
  public static final Timing UNBOUNDED = new Timing(0, 0);

  /** Checks neither time is negative. */
  public Timing {
    if (start < 0 || stop < 0) {
      throw new SdpException("timing " + start + " " + stop + " is negative");
    }
  }

  static Timing parse(int line, String value) {
    String[] f = Lines.fields(value);
    if (f.length != 2) {
      throw new SdpException(line, "timing has " + f.length + " fields, not 2");
    }
    return new Timing(
        Lines.number(line, "timing start", f[0], Long.MAX_VALUE),
        Lines.number(line, "timing stop", f[1], Long.MAX_VALUE));
  }

  @Override
  public String toString() {
    return start + " " + stop;
  }
}
