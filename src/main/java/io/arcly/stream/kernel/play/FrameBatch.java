package io.arcly.stream.kernel.play;

import io.arcly.stream.media.Frame;
import java.io.IOException;

/**
 * A protocol's side of the {@link PlayPump}: it turns frames into its own bytes, gathers them into
 * a batch, and writes the batch to its peer in one go.
 *
 * <p>The pump calls {@link #add} for each frame ready now, then {@link #write} once, and always
 * {@link #clear} afterwards, even when adding or writing failed, so held buffers go back.
 */
public interface FrameBatch {
  /**
   * Adds {@code frame}, the subscription's frame under ring sequence {@code sequence} (-1 for a
   * replayed configuration), to the batch.
   *
   * @return whether the frame was taken (false: this peer does not want it)
   */
  boolean add(Frame frame, long sequence) throws IOException;

  /** The bytes in the batch so far. */
  long bytes();

  /** Writes the batch to the peer, blocking until written; nothing when it is empty. */
  void write() throws IOException;

  /** Empties the batch and releases what it holds. */
  void clear();

  /**
   * Called when no frame came for a while (about a second): a chance to send control messages that
   * queued up meanwhile, or to notice a peer that went away.
   */
  default void idle() throws IOException {}
}
