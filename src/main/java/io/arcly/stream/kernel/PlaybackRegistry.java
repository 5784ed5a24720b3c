package io.arcly.stream.kernel;

import io.arcly.stream.media.StreamKey;
import java.util.List;
import java.util.Optional;

/** The playback side of the stream registry: find live streams to subscribe to. */
public interface PlaybackRegistry {
  /** The live stream with this key, if any. */
  Optional<StreamHandle> findStream(StreamKey key);

  /**
   * The live stream with this key.
   *
   * @throws StreamException {@code STREAM_NOT_FOUND}
   */
  default StreamHandle getStream(StreamKey key) {
    return findStream(key)
        .orElseThrow(
            () ->
                new StreamException(
                    StreamException.Reason.STREAM_NOT_FOUND, "stream " + key + " is not live"));
  }

  /** Every live stream of application {@code app}, or of all applications when null, by key. */
  List<StreamHandle> listStreams(String app);
}
