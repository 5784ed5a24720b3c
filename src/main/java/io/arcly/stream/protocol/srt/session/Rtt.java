package io.arcly.stream.protocol.srt.session;

/**
 * Round-trip time and its variance, smoothed as SRT does (draft-sharabayko-srt 4.10): each sample
 * weighs 1/8 in the time and 1/4 in the variance.
 */
final class Rtt {
  /** The values assumed before the first sample: 100 ms and 50 ms, as libsrt. */
  static final int INITIAL = 100_000;

  private int rtt = INITIAL;
  private int var = INITIAL / 2;
  private boolean sampled;

  /** Takes a sample of {@code micros}. */
  void sample(long micros) {
    int s = (int) Math.min(Math.max(micros, 0), 10_000_000);
    if (!sampled) {
      rtt = s;
      var = s / 2;
      sampled = true;
      return;
    }
    var = (3 * var + Math.abs(rtt - s)) / 4;
    rtt = (7 * rtt + s) / 8;
  }

  /** Takes the RTT a peer reports in its ACK (a sender learns it from the receiver). */
  void reported(int rttMicros, int varMicros) {
    if (rttMicros > 0) {
      rtt = Math.min(rttMicros, 10_000_000);
      var = Math.max(0, Math.min(varMicros, 10_000_000));
      sampled = true;
    }
  }

  int rtt() {
    return rtt;
  }

  int var() {
    return var;
  }
}
