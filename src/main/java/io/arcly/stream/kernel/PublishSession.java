package io.arcly.stream.kernel;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A protocol worker's exclusive claim on one live stream key, from {@link
 * IngestContext#openPublish}.
 *
 * <p>Every published frame lands in the stream's ring, GOP cache and QoS counters. Closing the
 * session frees the key and ends the stream, so every subscriber sees end of stream. The engine may
 * end it first (operator kick, idle timeout, takeover, shutdown): the protocol learns of it through
 * {@link #onEnd} and should then close its connection; further publishes fail with {@code
 * SESSION_CLOSED}.
 */
public final class PublishSession implements AutoCloseable {
  private final PublishRegistry registry;
  private final StreamHandle handle;

  PublishSession(PublishRegistry registry, StreamHandle handle) {
    this.registry = registry;
    this.handle = handle;
  }

  /** The stream key claimed. */
  public StreamKey key() {
    return handle.key();
  }

  /** The publisher. */
  public ClientInfo client() {
    return handle.publisher();
  }

  /** The stream's handle (QoS, subscribers, GOP cache). */
  public StreamHandle handle() {
    return handle;
  }

  /**
   * Publishes one frame to every subscriber without waiting for any of them. A jump of its
   * timestamps (see {@link AppSpec#maxTimestampJump()}) is rebased so the stream's timestamps go
   * on, and the frame reaches subscribers flagged {@link Frame#DISCONTINUITY}.
   *
   * @return the number of subscribers
   * @throws StreamException {@code SESSION_CLOSED} once the session has ended
   */
  public int publish(Frame frame) {
    return handle.publish(frame);
  }

  /** Replaces the stream's metadata and announces it on the event bus. */
  public void setMetadata(StreamMetadata metadata) {
    handle.setMetadata(metadata);
  }

  /**
   * Describes a track, replacing its earlier description (same {@link TrackInfo#id()}). The engine
   * describes tracks from their configuration frames itself; this is for what only the protocol
   * knows, such as the sample rate of a G.711 track from an SDP.
   */
  public void describeTrack(TrackInfo track) {
    handle.putTrack(track);
  }

  /**
   * Lets the stream show how its tracks arrive (loss, reordering, jitter): {@code source} is asked
   * whenever someone looks, from any thread.
   */
  public void reportReception(java.util.function.Supplier<java.util.List<TrackReception>> source) {
    handle.setReception(source);
  }

  /**
   * Runs {@code listener} once when the session ends, with the reason; at once if it has ended
   * already. It runs on the thread that ended the session and must not block.
   */
  public void onEnd(Consumer<EndReason> listener) {
    handle.onEnd(listener);
  }

  /** Whether the session still accepts frames. */
  public boolean isOpen() {
    return !handle.isEnded();
  }

  /** Why the session ended, once it has. */
  public Optional<EndReason> endReason() {
    return handle.endReason();
  }

  /** Ends the session for {@code reason}. Idempotent: the first reason wins. */
  public void end(EndReason reason) {
    registry.endPublish(handle, reason);
  }

  /** Ends the session normally ({@link EndReason#CLOSED}). Idempotent. */
  @Override
  public void close() {
    end(EndReason.CLOSED);
  }
}
