package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.InvalidStreamKeyException;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.Text;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.ControlMessage;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import io.arcly.stream.protocol.rtmp.wire.UserControlEvent;
import java.util.Set;

/**
 * The server side of one RTMP connection after the handshake: a dispatcher over the messages the
 * client sends, with the connection-level commands handled here and the stream-level ones in {@link
 * PublishFlow} and {@link PlayFlow}.
 *
 * <p>States: {@code AWAIT_CONNECT} until {@code connect}, then {@code CONNECTED}; a {@code publish}
 * moves to {@code PUBLISHING}, a {@code play} to {@code PLAYING}; {@code deleteStream} returns to
 * {@code CONNECTED}; {@code CLOSED} at the end. Each command checks the states it is allowed in and
 * a command in the wrong state is a protocol error. One connection publishes or plays one stream at
 * a time. Commands are handled in arrival order, so clients that pipeline them (ffmpeg sends
 * releaseStream, FCPublish and createStream together) are served without waiting.
 *
 * <p>Commands known but not acted upon ({@code _checkbw}, {@code FCSubscribe}, {@code _result} and
 * the like) are tolerated; any other command name closes the connection.
 */
public final class ServerSession {
  /** The session states. */
  public enum State {
    /** Handshake done, waiting for connect. */
    AWAIT_CONNECT,
    /** Connected to an application. */
    CONNECTED,
    /** Publishing a stream. */
    PUBLISHING,
    /** Playing a stream. */
    PLAYING,
    /** Ended. */
    CLOSED
  }

  static final int CSID_CONTROL = 2;
  static final int CSID_COMMAND = 3;
  static final int CSID_STATUS = 5;
  private static final int MAX_STREAMS = 16;

  private static final Set<String> TOLERATED =
      Set.of(
          "_checkbw",
          "checkBandwidth",
          "FCSubscribe",
          "FCUnsubscribe",
          "_result",
          "_error",
          "onBWDone",
          "onStatus",
          "onFCPublish",
          "setPeerInfo",
          "ping");

  private final IngestContext ctx;
  private final RtmpSettings settings;
  private final Peer peer;
  private State state = State.AWAIT_CONNECT;
  private String app = "";
  private String appQuery = "";
  private String flashVer = "";
  private double objectEncoding;
  private int streamsCreated;
  private long peerWindow;
  private long lastAck;
  private PublishFlow publish;
  private PlayFlow play;
  private final Ticker ticker;

  /**
   * A session for a connection that completed its handshake; its player writes in batches at the
   * ticks of {@code ticker} (null: at once).
   */
  public ServerSession(IngestContext ctx, RtmpSettings settings, Peer peer, Ticker ticker) {
    this.ctx = ctx;
    this.settings = settings;
    this.peer = peer;
    this.ticker = ticker;
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /**
   * Handles one message from the client.
   *
   * @throws RtmpException on a protocol violation; the caller closes the connection
   */
  public void onMessage(RawMessage m) {
    MessageType type = m.type();
    if (type == null) {
      return; // well framed but of a type this server has no use for
    }
    switch (type) {
      case SET_CHUNK_SIZE, ABORT, ACKNOWLEDGEMENT, SET_PEER_BANDWIDTH -> {
        // the decoder applied chunk size and abort; acknowledgements need no answer
      }
      case WINDOW_ACK_SIZE -> {
        ControlMessage.WindowAckSize w =
            (ControlMessage.WindowAckSize) ControlMessages.decode(type, m.body());
        peerWindow = w.size();
      }
      case USER_CONTROL ->
          onUserControl((ControlMessage.UserControl) ControlMessages.decode(type, m.body()));
      case COMMAND_AMF0, COMMAND_AMF3 -> onCommand(m.streamId(), Command.decode(type, m.body()));
      case DATA_AMF0, DATA_AMF3 -> {
        if (publish != null) {
          publish.onData(DataMessage.decode(type, m.body()));
        }
      }
      case AUDIO, VIDEO, AGGREGATE -> {
        if (publish == null) {
          throw new RtmpException(
              type.name().toLowerCase(java.util.Locale.ROOT) + " message before publish");
        }
        publish.onMedia(type, m.timestamp(), m.body());
      }
      case SHARED_OBJECT_AMF0, SHARED_OBJECT_AMF3 -> {
        // shared objects are not supported; ignored like other servers do
      }
    }
  }

  /** Sends an acknowledgement when the client's window requires one; call after each read. */
  public void afterRead(long bytesIn) {
    if (peerWindow > 0 && bytesIn - lastAck >= peerWindow) {
      lastAck = bytesIn;
      sendControl(new ControlMessage.Acknowledgement(bytesIn & 0xFFFFFFFFL));
    }
  }

  private void onUserControl(ControlMessage.UserControl u) {
    if (u.event() == UserControlEvent.PING_REQUEST) {
      sendControl(ControlMessage.UserControl.of(UserControlEvent.PING_RESPONSE, u.value()));
    }
  }

  private void onCommand(int streamId, Command c) {
    switch (c.name()) {
      case "connect" -> connect(c);
      case "createStream" -> {
        require(c, State.CONNECTED, State.PUBLISHING, State.PLAYING);
        if (++streamsCreated > MAX_STREAMS) {
          throw new RtmpException("more than " + MAX_STREAMS + " createStream calls");
        }
        reply(Replies.result(c.transactionId(), Amf.num(streamsCreated)));
      }
      case "releaseStream", "FCPublish", "FCUnpublish", "getStreamLength" -> {
        require(c, State.CONNECTED, State.PUBLISHING, State.PLAYING);
        if (c.name().equals("FCPublish")) {
          reply(Replies.onFc("onFCPublish", "NetStream.Publish.Start", c.arg(0).asString()));
        }
        if (c.name().equals("FCUnpublish") && publish != null) {
          endPublish();
        }
        if (c.transactionId() != 0) {
          reply(
              Replies.result(
                  c.transactionId(),
                  c.name().equals("getStreamLength") ? Amf.num(0) : Amf.UNDEFINED));
        }
      }
      case "publish" -> {
        require(c, State.CONNECTED);
        StreamRequest r = request(c, "NetStream.Publish.BadName", streamId);
        if (r == null) {
          return;
        }
        publish = new PublishFlow(ctx, peer, r, streamId, clientName());
        if (publish.start(c.arg(1).asString())) {
          state = State.PUBLISHING;
        } else {
          publish = null;
        }
      }
      case "play" -> {
        require(c, State.CONNECTED);
        StreamRequest r = request(c, "NetStream.Play.StreamNotFound", streamId);
        if (r == null) {
          return;
        }
        play = new PlayFlow(ctx, settings, peer, r, streamId, clientName(), ticker);
        state = State.PLAYING;
        play.start(c.arg(3) instanceof Amf.Bool b ? b.value() : true);
      }
      case "deleteStream", "closeStream" -> {
        if (publish != null) {
          endPublish();
        }
        if (play != null) {
          play.stop();
          play = null;
          state = State.CONNECTED;
        }
      }
      case "receiveAudio", "receiveVideo" -> {
        if (play != null) {
          play.receive(
              c.name().equals("receiveAudio"), !(c.arg(0) instanceof Amf.Bool b) || b.value());
        }
      }
      case "pause", "pauseRaw" -> {
        require(c, State.PLAYING);
        play.pause(c.arg(0) instanceof Amf.Bool b && b.value());
      }
      default -> {
        if (!TOLERATED.contains(c.name())) {
          throw new RtmpException("unknown command \"" + Text.printable(c.name(), 64) + "\"");
        }
      }
    }
  }

  private void connect(Command c) {
    require(c, State.AWAIT_CONNECT);
    String rawApp = c.object().string("app");
    flashVer = Text.printable(c.object().string("flashVer"), ClientInfo.MAX_CLIENT_NAME);
    objectEncoding =
        c.object().get("objectEncoding") == null ? 0 : c.object().get("objectEncoding").asNumber(0);
    String tcUrl = orEmpty(c.object().string("tcUrl"));
    String a = orEmpty(rawApp);
    int q = a.indexOf('?');
    if (q >= 0) {
      appQuery = a.substring(q + 1);
      a = a.substring(0, q);
    } else if (tcUrl.indexOf('?') >= 0) {
      appQuery = tcUrl.substring(tcUrl.indexOf('?') + 1);
    }
    while (a.endsWith("/")) {
      a = a.substring(0, a.length() - 1);
    }
    try {
      StreamKey.validateName("application name", a);
    } catch (InvalidStreamKeyException e) {
      reply(Replies.connectRejected(c.transactionId(), e.getMessage()));
      throw new RtmpException("connect refused: " + e.getMessage());
    }
    app = a;
    sendControl(new ControlMessage.WindowAckSize(settings.ackWindow()));
    sendControl(new ControlMessage.SetPeerBandwidth(settings.ackWindow(), 2));
    sendControl(new ControlMessage.SetChunkSize(settings.chunkSize()));
    peer.setOutChunkSize(settings.chunkSize());
    reply(Replies.connectResult(c.transactionId(), objectEncoding));
    reply(Replies.onBandwidthDone());
    state = State.CONNECTED;
  }

  /** The stream key of a publish/play, or null after refusing it with {@code failCode}. */
  private StreamRequest request(Command c, String failCode, int streamId) {
    String name = c.arg(0).asString();
    try {
      return StreamRequest.of(app, appQuery, name == null ? "" : name);
    } catch (InvalidStreamKeyException e) {
      peer.send(
          CSID_STATUS,
          MessageType.COMMAND_AMF0.code(),
          streamId,
          0,
          Replies.statusError(failCode, e.getMessage(), orEmpty(name)).encode());
      peer.close(c.name() + " refused: " + e.getMessage(), false);
      return null;
    }
  }

  private void endPublish() {
    publish.close();
    publish = null;
    state = State.CONNECTED;
  }

  /** Releases whatever the session holds; called once when the connection ends. */
  public void close(boolean error) {
    if (publish != null) {
      publish.end(error);
      publish = null;
    }
    if (play != null) {
      play.stop();
      play = null;
    }
    state = State.CLOSED;
  }

  private void require(Command c, State... allowed) {
    for (State s : allowed) {
      if (state == s) {
        return;
      }
    }
    throw new RtmpException(
        c.name()
            + " not allowed in state "
            + state.name().toLowerCase(java.util.Locale.ROOT)
            + " (allowed: "
            + java.util.Arrays.toString(allowed).toLowerCase(java.util.Locale.ROOT)
            + ")");
  }

  private void reply(Command c) {
    peer.send(CSID_COMMAND, MessageType.COMMAND_AMF0.code(), 0, 0, c.encode());
  }

  private void sendControl(ControlMessage m) {
    peer.send(CSID_CONTROL, m.type().code(), 0, 0, ControlMessages.encode(m));
  }

  private String clientName() {
    return flashVer;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
