package io.arcly.stream.rtp.stream;

import io.arcly.stream.media.MediaTime;
import io.arcly.stream.rtp.RtpTimestamps;

/**
 * The media clock of one stream's RTP tracks: each track's timestamps unwrapped and rebased so the
 * stream starts near 0, lined up with each other by the sender reports (RFC 3550 6.4.1: an NTP time
 * and the RTP timestamp of the same instant).
 *
 * <p>Until sender reports arrive the tracks start together: a track's first packet maps to the time
 * since the stream's first packet arrived. The first sender report of the stream fixes which NTP
 * time is media time 0; the first sender report of each other track moves that track once onto that
 * line (a step of what the arrival times got wrong, usually milliseconds). Later reports do not
 * move a track: clock drift between tracks is not corrected. Not thread safe: one receiving thread
 * per stream.
 */
public final class LipSync {
  private boolean started;
  private long originNanos;
  private boolean ntpKnown;
  private long ntpOriginMicros;

  /** The clock of a new track whose RTP clock runs at {@code clockRate} Hz. */
  public Track track(int clockRate) {
    return new Track(clockRate);
  }

  private long sinceOrigin(long arrivalNanos) {
    if (!started) {
      started = true;
      originNanos = arrivalNanos;
    }
    return Math.max(0, (arrivalNanos - originNanos) / 1000);
  }

  /** The NTP timestamp (RFC 3550 4) in microseconds since 1900. */
  static long ntpMicros(long ntp) {
    long seconds = ntp >>> 32;
    long fraction = ntp & 0xFFFF_FFFFL;
    return seconds * 1_000_000L + ((fraction * 1_000_000L) >>> 32);
  }

  /** One track's RTP clock on the stream's media clock. */
  public final class Track {
    private final RtpTimestamps timestamps;
    private final int clockRate;
    private boolean trackStarted;
    private long base;
    private long offsetMicros;
    private boolean synced;

    private Track(int clockRate) {
      this.timestamps = new RtpTimestamps(clockRate);
      this.clockRate = clockRate;
    }

    /** The RTP clock rate. */
    public int clockRate() {
      return clockRate;
    }

    /**
     * The media time of RTP timestamp {@code ts} of a packet that arrived at {@code arrivalNanos}
     * (any monotonic clock, the same for every track of the stream).
     */
    public long toMedia(long ts, long arrivalNanos) {
      long ext = timestamps.extend(ts);
      if (!trackStarted) {
        trackStarted = true;
        base = ext;
        offsetMicros = sinceOrigin(arrivalNanos);
      }
      return offsetMicros + MediaTime.fromRate(ext - base, clockRate);
    }

    /**
     * Takes a sender report of this track's source: NTP timestamp {@code ntp} (64-bit) and RTP
     * timestamp {@code rtpTimestamp} of the same instant. Reports before the track's first packet
     * are ignored.
     */
    public void senderReport(long ntp, long rtpTimestamp) {
      if (!trackStarted || synced) {
        return;
      }
      long now = ntpMicros(ntp);
      long media =
          offsetMicros + MediaTime.fromRate(timestamps.peek(rtpTimestamp) - base, clockRate);
      synced = true;
      if (!ntpKnown) {
        ntpKnown = true;
        ntpOriginMicros = now - media;
        return;
      }
      offsetMicros += (now - ntpOriginMicros) - media;
    }

    /** Whether a sender report has placed this track on the stream's NTP line. */
    public boolean synced() {
      return synced;
    }
  }
}
