package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.media.Payload;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the server decided about a caller before the connection exists: its passphrase and label,
 * and how to start its stream once the encryption is agreed.
 */
public interface Admission {
  /** The passphrase the caller must use, or null for none. */
  String passphrase();

  /** How log lines name the connection: peer, mode and stream. */
  String label();

  /** Whether the caller publishes (else it reads). */
  boolean publish();

  /** The stream, {@code app/stream}. */
  String stream();

  /** The user named in the stream id, or empty. */
  String user();

  /**
   * Claims the stream (a publisher) or subscribes to it (a reader), after the key material checked
   * out.
   *
   * @throws Rejected when the stream cannot be claimed or read
   */
  Opened open() throws Rejected;

  /** The stream side of an accepted connection. */
  sealed interface Opened {}

  /**
   * A publisher: payloads (MPEG-TS, in order, at their play time) go to {@code ingest}; {@code
   * onEnd} learns why the connection ended.
   */
  record Publish(Ingest ingest, Consumer<String> onEnd) implements Opened {}

  /** Where a publisher's payloads go, in order and at their play time. */
  @FunctionalInterface
  interface Ingest {
    /** {@code length} bytes of {@code data} at {@code offset}, valid during the call only. */
    void accept(byte[] data, int offset, int length);
  }

  /**
   * A reader: {@code play} runs on a thread of its own and sends the stream through the feed it is
   * given until the stream ends or the feed closes; {@code onEnd} learns why the connection ended.
   */
  record Read(Consumer<Feed> play, Consumer<String> onEnd) implements Opened {}

  /** Where a reader's stream goes. */
  interface Feed {
    /** Sends payloads of at most 1316 bytes, each as one packet, in order. */
    void send(List<Payload> payloads);

    /** Whether the connection ended. */
    boolean closed();

    /** Ends the connection; the peer is told. */
    void close(String reason);
  }
}
