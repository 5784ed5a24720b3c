package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtsp.media.InTrack;
import io.arcly.stream.protocol.rtsp.media.RtpIngest;
import io.arcly.stream.rtp.sdp.SessionDescription;
import java.util.List;

/**
 * The publishing side of an RTSP session: the tracks an ANNOUNCE described, their transports as
 * SETUP chose them, and from RECORD on the publish session their frames go to (through the {@link
 * RtpIngest} the camera client uses too).
 */
final class Recorder {
  final StreamKey key;

  /** What the client proved: from ANNOUNCE, or RECORD when it sent its own. */
  Credentials credentials;

  final List<InTrack> tracks;
  private final RtpIngest ingest;
  private volatile boolean closed;

  private Recorder(StreamKey key, Credentials credentials, RtpIngest ingest) {
    this.key = key;
    this.credentials = credentials;
    this.ingest = ingest;
    this.tracks = ingest.tracks();
  }

  /**
   * The recorder for an ANNOUNCE of {@code key} with description {@code sdp}.
   *
   * @throws IllegalArgumentException naming why the description cannot be published (no track the
   *     server can read, too many tracks, a malformed format)
   */
  static Recorder announce(StreamKey key, Credentials credentials, SessionDescription sdp) {
    return new Recorder(key, credentials, RtpIngest.of(sdp));
  }

  /** The tracks set up so far. */
  boolean anySetUp() {
    return ingest.anySetUp();
  }

  /** Remembers a UDP registration to undo at the end. */
  void addUdp(AutoCloseable r) {
    ingest.addUdp(r);
  }

  /**
   * Claims the key (auth, one publisher per key) and starts taking frames.
   *
   * @throws StreamException when the engine refuses the publisher
   */
  void record(RtspConnection conn, ClientInfo client) {
    PublishSession session = conn.context().ctx().openPublish(key, client, credentials);
    session.onEnd(
        r -> {
          if (!closed) {
            conn.close("publish of " + key + " ended: " + r.code(), false);
          }
        });
    ingest.start(session);
  }

  boolean recording() {
    return ingest.started();
  }

  /** An interleaved frame on {@code channel}: RTP or RTCP of a set-up track. */
  void interleaved(int channel, byte[] data, long now) {
    ingest.interleaved(channel, data, now);
  }

  /** When the last packet of any track arrived, {@link System#nanoTime}; 0 before any. */
  long lastPacketNanos() {
    return ingest.lastPacketNanos();
  }

  /** Ends publishing and frees the UDP registrations. Idempotent. */
  void close() {
    closed = true;
    ingest.close();
  }
}
