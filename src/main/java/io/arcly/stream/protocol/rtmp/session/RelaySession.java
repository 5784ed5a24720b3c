package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Text;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.ControlMessage;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import io.arcly.stream.protocol.rtmp.wire.UserControlEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of a relay: publishes a local stream to an upstream server. Sends {@code
 * connect}, then {@code releaseStream}, {@code FCPublish} and {@code createStream}, then {@code
 * publish} on the stream id it gets, and once the upstream answers NetStream.Publish.Start writes
 * the stream (configurations and GOP first) on a writer thread until the stream ends. An {@code
 * _error} or an error {@code onStatus} from the upstream fails the relay with its code; a setup
 * that takes longer than the setup timeout fails it too.
 */
public final class RelaySession {
  private static final double TX_CONNECT = 1;
  private static final double TX_CREATE = 4;

  private final Peer peer;
  private final StreamHandle handle;
  private final String app;
  private final String tcUrl;
  private final String stream;
  private final int chunkSize;
  private final Duration setupTimeout;
  private final CompletableFuture<Integer> publishing = new CompletableFuture<>();
  private volatile boolean stopped;
  private volatile boolean streamEnded;
  private volatile Subscription sub;
  private long peerWindow;
  private long lastAck;

  /** A relay of {@code handle} to {@code app}/{@code stream} at {@code tcUrl} over {@code peer}. */
  public RelaySession(
      Peer peer,
      StreamHandle handle,
      String app,
      String tcUrl,
      String stream,
      int chunkSize,
      Duration setupTimeout) {
    this.peer = peer;
    this.handle = handle;
    this.app = app;
    this.tcUrl = tcUrl;
    this.stream = stream;
    this.chunkSize = chunkSize;
    this.setupTimeout = setupTimeout;
  }

  /** Sends connect and starts the writer, which waits for the setup to finish. */
  public void start() {
    control(new ControlMessage.SetChunkSize(chunkSize));
    peer.setOutChunkSize(chunkSize);
    command(
        0,
        Command.of(
            "connect",
            TX_CONNECT,
            Amf.obj(
                "app", Amf.str(app),
                "type", Amf.str("nonprivate"),
                "flashVer", Amf.str("FMLE/3.0 (compatible; arcly)"),
                "tcUrl", Amf.str(tcUrl))));
    peer.startThread("relay", this::writer);
  }

  /** Whether the relayed stream ended (the relay is finished, not failed). */
  public boolean streamEnded() {
    return streamEnded;
  }

  /** Whether the upstream accepted the publish. */
  public boolean published() {
    return publishing.isDone() && !publishing.isCompletedExceptionally();
  }

  /** Handles one message from the upstream. */
  public void onMessage(RawMessage m) {
    MessageType type = m.type();
    if (type == null) {
      return;
    }
    switch (type) {
      case WINDOW_ACK_SIZE ->
          peerWindow =
              ((ControlMessage.WindowAckSize) ControlMessages.decode(type, m.body())).size();
      case USER_CONTROL -> {
        var u = (ControlMessage.UserControl) ControlMessages.decode(type, m.body());
        if (u.event() == UserControlEvent.PING_REQUEST) {
          control(ControlMessage.UserControl.of(UserControlEvent.PING_RESPONSE, u.value()));
        }
      }
      case COMMAND_AMF0, COMMAND_AMF3 -> onCommand(Command.decode(type, m.body()));
      default -> {
        // chunk size and abort are applied by the decoder; the rest needs no answer
      }
    }
  }

  /** Acknowledges as the upstream's window requires; call after each read. */
  public void afterRead(long bytesIn) {
    if (peerWindow > 0 && bytesIn - lastAck >= peerWindow) {
      lastAck = bytesIn;
      control(new ControlMessage.Acknowledgement(bytesIn & 0xFFFFFFFFL));
    }
  }

  private void onCommand(Command c) {
    switch (c.name()) {
      case "_result" -> {
        if (c.transactionId() == TX_CONNECT) {
          command(0, Command.of("releaseStream", 2, Amf.NULL, Amf.str(stream)));
          command(0, Command.of("FCPublish", 3, Amf.NULL, Amf.str(stream)));
          command(0, Command.of("createStream", TX_CREATE, Amf.NULL));
        } else if (c.transactionId() == TX_CREATE) {
          int id = (int) c.arg(0).asNumber(1);
          command(id, Command.of("publish", 0, Amf.NULL, Amf.str(stream), Amf.str("live")));
          publishingId = id;
        }
      }
      case "_error" -> throw refused(c);
      case "onStatus" -> {
        Amf info = c.arg(0);
        String code = info.string("code");
        if ("error".equals(info.string("level"))) {
          throw refused(c);
        }
        if ("NetStream.Publish.Start".equals(code)) {
          publishing.complete(publishingId);
        }
      }
      default -> {
        // onBWDone, onFCPublish and the like need no answer
      }
    }
  }

  private int publishingId = 1;

  private RtmpException refused(Command c) {
    Amf info = c.arg(0);
    String code = info.string("code");
    String description = info.string("description");
    RtmpException e =
        new RtmpException(
            "upstream refused: "
                + Text.printable(code == null ? c.name() : code, 64)
                + (description == null || description.isEmpty()
                    ? ""
                    : " (" + Text.printable(description, 256) + ")"));
    publishing.completeExceptionally(e);
    return e;
  }

  /** Stops writing (the relay is stopped or its connection ended). */
  public void stop() {
    stopped = true;
    publishing.cancel(false);
    Subscription s = sub;
    if (s != null) {
      s.wakeup();
    }
  }

  private void writer() {
    int id;
    try {
      id = publishing.get(setupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      peer.close("relay setup took longer than " + setupTimeout.toSeconds() + " s", true);
      return;
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      return; // the reader reports why
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    peer.startMediaWriter(
        () -> {
          Subscription s = sub;
          if (s != null) {
            s.wakeup();
          }
        });
    try (Subscription s =
        handle.subscribe(new ClientInfo("rtmp-relay", peer.remoteAddress(), tcUrl))) {
      sub = s;
      if (new FrameWriter(peer, id, chunkSize)
          .run(s, f -> true, () -> stopped || peer.isClosed())) {
        streamEnded = true;
        command(id, Command.of("FCUnpublish", 0, Amf.NULL, Amf.str(stream)));
        command(0, Command.of("deleteStream", 0, Amf.NULL, Amf.num(id)));
        peer.flushQueued();
        peer.close(null, false);
      }
    } catch (IOException e) {
      peer.close("relay write failed: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      peer.close(null, false);
    } catch (RuntimeException e) {
      peer.close("relay failed: " + e.getMessage(), true);
    }
  }

  private void command(int streamId, Command c) {
    peer.send(3, MessageType.COMMAND_AMF0.code(), streamId, 0, c.encode());
  }

  private void control(ControlMessage m) {
    peer.send(2, m.type().code(), 0, 0, ControlMessages.encode(m));
  }
}
