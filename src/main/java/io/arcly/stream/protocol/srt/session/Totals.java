package io.arcly.stream.protocol.srt.session;

import java.util.concurrent.atomic.LongAdder;

/** Sums of connection counters (the bit rate is summed too: the rate of all of them now). */
final class Totals {
  private final LongAdder[] sums = new LongAdder[11];

  Totals() {
    for (int i = 0; i < sums.length; i++) {
      sums[i] = new LongAdder();
    }
  }

  void add(Stats s) {
    add(s, true);
  }

  /** Adds {@code s}; its bit rate only when {@code withRate} (an ended connection has none). */
  void add(Stats s, boolean withRate) {
    long[] v = {
      0,
      s.packetsReceived(),
      s.packetsSent(),
      s.bytesReceived(),
      s.bytesSent(),
      s.lost(),
      s.retransmitted(),
      s.dropped(),
      s.duplicates(),
      s.undecryptable(),
      withRate ? s.bitrate() : 0
    };
    for (int i = 0; i < v.length; i++) {
      sums[i].add(v[i]);
    }
  }

  Stats sum() {
    return new Stats(
        0,
        sums[1].sum(),
        sums[2].sum(),
        sums[3].sum(),
        sums[4].sum(),
        sums[5].sum(),
        sums[6].sum(),
        sums[7].sum(),
        sums[8].sum(),
        sums[9].sum(),
        sums[10].sum());
  }
}
