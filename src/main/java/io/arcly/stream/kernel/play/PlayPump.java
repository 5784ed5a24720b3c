package io.arcly.stream.kernel.play;

import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.media.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Writes a subscription's frames to one peer in batches until the stream ends or the play stops.
 *
 * <p>Frames already waiting in the ring are written together in one batch (up to {@code maxFrames}
 * frames or {@code maxBytes}). With a {@link Ticker} (whose period is the batch delay), the pump
 * then lingers until its next tick before reading again, so a player's frames go out in fewer,
 * larger writes, the publisher does not wake the writer frame by frame, and writers wake in a few
 * bursts per period rather than one by one; a frame waits at most one period. A frame that arrives
 * after an idle pause (and the cached GOP at the start) is written at once. A slow peer blocks only
 * its own writer; the ring skips it ahead when it falls a whole ring behind.
 */
public final class PlayPump {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final int maxFrames;
  private final long maxBytes;
  private final Ticker ticker;

  /**
   * A pump whose batches hold at most {@code maxFrames} frames and about {@code maxBytes}, and that
   * lingers for {@code ticker} after each write (null: never).
   */
  public PlayPump(int maxFrames, long maxBytes, Ticker ticker) {
    if (maxFrames < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("batch limits must be positive");
    }
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
    this.ticker = ticker;
  }

  /**
   * Writes frames through {@code batch} until the stream ends (returns true) or {@code stop} says
   * so (returns false). Sent frames and bytes are reported to the subscription.
   */
  public boolean run(Subscription s, FrameBatch batch, BooleanSupplier stop)
      throws IOException, InterruptedException {
    while (!stop.getAsBoolean()) {
      Frame f = s.next(POLL);
      if (f == null) {
        if (s.isEnded()) {
          return !stop.getAsBoolean();
        }
        batch.idle();
        continue;
      }
      int frames = 0;
      try {
        do {
          if (batch.add(f, s.lastSequence())) {
            frames++;
          }
        } while (frames < maxFrames && batch.bytes() < maxBytes && (f = s.poll()) != null);
        if (frames > 0) {
          long bytes = batch.bytes();
          batch.write();
          s.recordSent(frames, bytes);
        }
      } finally {
        batch.clear();
      }
      if (frames > 0 && ticker != null && f == null) { // drained, not cut by the batch limits
        s.linger(ticker);
      }
    }
    return false;
  }
}
