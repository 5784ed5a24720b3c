package io.arcly.stream.kernel.spi;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;

/**
 * Decides whether a client may publish or play a stream. Called once per session, before the stream
 * is claimed or subscribed; it must answer quickly (it runs on the connection's thread).
 */
public interface StreamAuthenticator {
  /** Lets everyone publish and play. */
  StreamAuthenticator ALLOW_ALL =
      new StreamAuthenticator() {
        @Override
        public AuthDecision authorizePublish(
            StreamKey key, Credentials credentials, ClientInfo client) {
          return AuthDecision.ALLOW;
        }

        @Override
        public AuthDecision authorizePlay(
            StreamKey key, Credentials credentials, ClientInfo client) {
          return AuthDecision.ALLOW;
        }
      };

  /** May {@code client} publish to {@code key}? */
  AuthDecision authorizePublish(StreamKey key, Credentials credentials, ClientInfo client);

  /** May {@code client} play {@code key}? */
  AuthDecision authorizePlay(StreamKey key, Credentials credentials, ClientInfo client);
}
