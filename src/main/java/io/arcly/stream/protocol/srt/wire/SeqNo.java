package io.arcly.stream.protocol.srt.wire;

/**
 * Arithmetic on SRT packet sequence numbers: 31-bit values that wrap from {@code 2^31 - 1} to 0,
 * compared within half the number space (draft-sharabayko-srt 3.1).
 */
public final class SeqNo {
  /** The largest sequence number. */
  public static final int MAX = 0x7FFF_FFFF;

  private static final int HALF = 0x4000_0000;

  private SeqNo() {}

  /** {@code seq + n}, wrapped. */
  public static int add(int seq, int n) {
    return (seq + n) & MAX;
  }

  /** The number after {@code seq}. */
  public static int next(int seq) {
    return (seq + 1) & MAX;
  }

  /**
   * The signed distance from {@code a} to {@code b} ({@code b - a}) across a wrap: positive when
   * {@code b} comes after {@code a}.
   */
  public static int diff(int a, int b) {
    int d = (b - a) & MAX;
    return d >= HALF ? d - MAX - 1 : d;
  }

  /** Whether {@code a} comes before {@code b}. */
  public static boolean before(int a, int b) {
    return diff(a, b) > 0;
  }
}
