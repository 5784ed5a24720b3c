package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.ControlMessage;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.UserControlEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code play}: subscribes to the stream (waiting for its publisher up to {@link
 * RtmpSettings#playWait()} when it has not started), then writes the cached configurations,
 * metadata and GOP and the live frames to the player on the connection's media writer thread.
 *
 * <p>Timestamps are rebased so the player starts near zero. Frames that are ready together are
 * written together in one gathering write, each as the player's own 12-byte chunk header followed
 * by the stream's {@link SharedChunks shared chunked bytes}: a slow player blocks only its own
 * writer, and the ring skips it ahead when it falls too far behind. When the publisher ends, the
 * player gets NetStream.Play.UnpublishNotify and StreamEOF, and the connection closes.
 */
final class PlayFlow {
  private final IngestContext ctx;
  private final RtmpSettings settings;
  private final Peer peer;
  private final StreamRequest request;
  private final int streamId;
  private final ClientInfo client;
  private final Ticker ticker;

  private final PublisherWait wait;
  private volatile boolean stopped;
  private volatile boolean paused;
  private volatile boolean audioOn = true;
  private volatile boolean videoOn = true;
  private volatile Thread thread;
  private volatile Subscription sub;

  // Writer-thread state.
  private volatile boolean needKeyframe;

  PlayFlow(
      IngestContext ctx,
      RtmpSettings settings,
      Peer peer,
      StreamRequest request,
      int streamId,
      String flashVer,
      Ticker ticker) {
    this.ctx = ctx;
    this.ticker = ticker;
    this.settings = settings;
    this.peer = peer;
    this.request = request;
    this.streamId = streamId;
    this.client = new ClientInfo("rtmp", peer.remoteAddress(), flashVer);
    this.wait = new PublisherWait(ctx, request.key(), client, request.credentials());
  }

  /** Answers the play command and starts the media writer (or refuses and closes). */
  void start(boolean reset) {
    peer.setReadTimeout(Duration.ZERO);
    try {
      sub = wait.open(settings.playWait());
    } catch (StreamException e) {
      String code =
          e.reason() == StreamException.Reason.STREAM_NOT_FOUND
              ? "NetStream.Play.StreamNotFound"
              : "NetStream.Play.Failed";
      status(Replies.statusError(code, e.getMessage(), request.key().stream()));
      peer.close(
          e.reason() == StreamException.Reason.STREAM_NOT_FOUND
              ? "play of " + request.key() + " refused: " + e.getMessage()
              : null,
          false);
      return;
    }
    control(ControlMessage.UserControl.of(UserControlEvent.STREAM_BEGIN, streamId));
    if (reset) {
      status(
          Replies.status(
              "NetStream.Play.Reset",
              "Playing and resetting " + request.key() + ".",
              request.key().stream()));
    }
    status(
        Replies.status(
            "NetStream.Play.Start",
            "Started playing " + request.key() + ".",
            request.key().stream()));
    data(Replies.sampleAccess());
    peer.startMediaWriter(this::wake);
    thread = peer.startThread("play", this::run);
  }

  void receive(boolean audio, boolean on) {
    if (audio) {
      audioOn = on;
    } else {
      videoOn = on;
      if (on) {
        needKeyframe = true;
      }
    }
  }

  void pause(boolean pause) {
    if (pause) {
      needKeyframe = true; // resume at a keyframe, whatever the writer has not reached yet
    }
    paused = pause;
    status(
        Replies.status(
            pause ? "NetStream.Pause.Notify" : "NetStream.Unpause.Notify",
            (pause ? "Paused " : "Unpaused ") + request.key() + ".",
            request.key().stream()));
  }

  /**
   * Stops playing (deleteStream, connection end): the writer thread leaves promptly, and once it
   * has, the connection's output is direct again, so later replies go out.
   */
  void stop() {
    stopped = true;
    wake();
    Subscription s = sub;
    Thread t = thread;
    if (t == null) {
      if (s != null) {
        s.close();
      }
      return;
    }
    if (t == Thread.currentThread() || peer.isClosed()) {
      return;
    }
    try {
      t.join(settings.writeTimeout().toMillis());
      if (t.isAlive()) {
        peer.close("play writer did not stop", false);
      } else {
        peer.stopMediaWriter();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      peer.close("interrupted", false);
    } catch (IOException e) {
      peer.close("write failed: " + e.getMessage(), false);
    }
  }

  private void wake() {
    wait.wake();
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
    Subscription s = sub;
    if (s != null) {
      s.wakeup();
    }
  }

  private void run() {
    boolean ended = false;
    try {
      if (sub == null && !awaitPublisher()) {
        if (!stopped) {
          status(
              Replies.statusError(
                  "NetStream.Play.StreamNotFound",
                  "no publisher for "
                      + request.key()
                      + " within "
                      + settings.playWait().toSeconds()
                      + " s",
                  request.key().stream()));
          peer.flushQueued();
          peer.close("play of " + request.key() + ": no publisher came", false);
        }
        return;
      }
      ended = pump();
      if (ended && !stopped) {
        status(
            Replies.status(
                "NetStream.Play.UnpublishNotify",
                request.key() + " is now unpublished.",
                request.key().stream()));
        control(ControlMessage.UserControl.of(UserControlEvent.STREAM_EOF, streamId));
        peer.flushQueued();
        peer.close("play of " + request.key() + " ended: publisher left", false);
      }
    } catch (IOException e) {
      peer.close("write failed: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      peer.close("shutting down", false);
    } finally {
      Subscription s = sub;
      if (s != null) {
        s.close();
      }
    }
  }

  /** Waits for the publisher; returns whether a subscription was opened. */
  private boolean awaitPublisher() throws IOException {
    try {
      sub = wait.await(settings.playWait(), () -> stopped || peer.isClosed(), peer::flushQueued);
      return sub != null;
    } catch (StreamException e) {
      if (e.reason() == StreamException.Reason.STREAM_NOT_FOUND) {
        return false;
      }
      status(Replies.statusError("NetStream.Play.Failed", e.getMessage(), request.key().stream()));
      peer.flushQueued();
      peer.close(null, false);
      return false;
    }
  }

  /** Writes frames until the stream ends (true) or the play stops (false). */
  private boolean pump() throws IOException, InterruptedException {
    return new FrameWriter(peer, streamId, settings.chunkSize(), ticker)
        .run(sub, this::wanted, () -> stopped);
  }

  private boolean wanted(Frame f) {
    if (f.isConfig()) {
      return true;
    }
    if (paused) {
      needKeyframe = true;
      return false;
    }
    if (f.kind() == TrackKind.AUDIO) {
      return audioOn;
    }
    if (!videoOn) {
      return false;
    }
    if (needKeyframe) {
      if (!f.isKeyframe()) {
        return false;
      }
      needKeyframe = false;
    }
    return true;
  }

  private void status(Command c) {
    peer.send(ServerSession.CSID_STATUS, MessageType.COMMAND_AMF0.code(), streamId, 0, c.encode());
  }

  private void data(DataMessage d) {
    peer.send(ServerSession.CSID_STATUS, MessageType.DATA_AMF0.code(), streamId, 0, d.encode());
  }

  private void control(ControlMessage m) {
    peer.send(ServerSession.CSID_CONTROL, m.type().code(), 0, 0, ControlMessages.encode(m));
  }
}
