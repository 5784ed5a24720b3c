package io.arcly.stream.forward;

/**
 * A protocol's client side of a pull: connects to a source, publishes what it sends as a local
 * stream, and returns when the source ends or the pull is stopped.
 */
public interface PullClient {
  /** The URL scheme it serves, lower case, such as {@code rtsp}. */
  String scheme();

  /**
   * Pulls until the source ends (return) or fails (throw, with a message naming the reason, which
   * the API shows). Blocks; closes everything it opened before it returns. {@link Pull#stopped()}
   * turns true and the hooks given to {@link Pull#onStop} run when the pull must end.
   */
  void pull(Pull pull) throws Exception;
}
