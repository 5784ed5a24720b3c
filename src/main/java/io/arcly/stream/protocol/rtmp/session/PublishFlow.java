package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.format.flv.FlvDemuxer;
import io.arcly.stream.format.flv.FlvException;
import io.arcly.stream.kernel.EndReason;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamMetadata;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.Text;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.ControlMessage;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import io.arcly.stream.protocol.rtmp.wire.UserControlEvent;
import java.util.Map;

/**
 * One {@code publish}: claims the stream key, then turns the client's audio, video and data
 * messages into frames and metadata on the bus.
 */
final class PublishFlow {
  private static final System.Logger LOG = System.getLogger(PublishFlow.class.getName());

  private final IngestContext ctx;
  private final Peer peer;
  private final StreamRequest request;
  private final int streamId;
  private final ClientInfo client;
  private final FlvDemuxer demuxer = new FlvDemuxer();
  private PublishSession session;

  PublishFlow(IngestContext ctx, Peer peer, StreamRequest request, int streamId, String flashVer) {
    this.ctx = ctx;
    this.peer = peer;
    this.request = request;
    this.streamId = streamId;
    this.client = new ClientInfo("rtmp", peer.remoteAddress(), flashVer);
  }

  /**
   * Claims the key. On refusal, tells the client (NetStream.Publish.BadName when the key is taken,
   * NetStream.Publish.Rejected otherwise) and closes the connection.
   *
   * @return whether publishing started
   */
  boolean start(String type) {
    try {
      session = ctx.openPublish(request.key(), client, request.credentials());
    } catch (StreamException e) {
      String code =
          e.reason() == StreamException.Reason.ALREADY_PUBLISHING
              ? "NetStream.Publish.BadName"
              : "NetStream.Publish.Rejected";
      status(Replies.statusError(code, e.getMessage(), request.key().stream()));
      peer.close(null, false); // the engine logged the refusal
      return false;
    }
    if (type != null && !type.equals("live")) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "rtmp "
              + peer.remoteAddress()
              + " asked to publish "
              + Text.printable(type, 32)
              + ", served as live");
    }
    session.onEnd(
        reason -> {
          if (reason != EndReason.CLOSED && reason != EndReason.ERROR) {
            peer.close("publish of " + request.key() + " ended: " + reason.code(), false);
          }
        });
    control(ControlMessage.UserControl.of(UserControlEvent.STREAM_BEGIN, streamId));
    status(
        Replies.status(
            "NetStream.Publish.Start",
            "Started publishing " + request.key() + ".",
            request.key().stream()));
    return true;
  }

  void onMedia(MessageType type, long timestamp, Payload body) {
    try {
      switch (type) {
        case VIDEO -> publish(demuxer.video(timestamp, body));
        case AUDIO -> publish(demuxer.audio(timestamp, body));
        case AGGREGATE -> Aggregate.split(body, timestamp, this::onMedia);
        default -> throw new IllegalArgumentException(type.name());
      }
    } catch (FlvException e) {
      throw new RtmpException("bad media from publisher: " + e.getMessage());
    }
  }

  private void publish(Frame f) {
    if (f == null || !session.isOpen()) {
      return;
    }
    try {
      session.publish(f);
    } catch (StreamException e) {
      // ended by the engine meanwhile; onEnd closes the connection
    }
  }

  void onData(DataMessage d) {
    Amf meta = null;
    if (d.handler().equals("@setDataFrame") && d.values().size() >= 2) {
      if ("onMetaData".equals(d.values().get(0).asString())) {
        meta = d.values().get(1);
      }
    } else if (d.handler().equals("onMetaData") && !d.values().isEmpty()) {
      meta = d.values().get(0);
    }
    if (meta != null && meta.toJava() instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> values = (Map<String, Object>) map;
      session.setMetadata(new StreamMetadata(values));
    }
  }

  /** Ends the publish normally (FCUnpublish, deleteStream). */
  void close() {
    session.close();
    status(
        Replies.status(
            "NetStream.Unpublish.Success", "Stopped publishing.", request.key().stream()));
  }

  /** Ends the publish because the connection ended. */
  void end(boolean error) {
    session.end(error ? EndReason.ERROR : EndReason.CLOSED);
  }

  private void status(io.arcly.stream.protocol.rtmp.wire.Command c) {
    peer.send(ServerSession.CSID_STATUS, MessageType.COMMAND_AMF0.code(), streamId, 0, c.encode());
  }

  private void control(ControlMessage m) {
    peer.send(ServerSession.CSID_CONTROL, m.type().code(), 0, 0, ControlMessages.encode(m));
  }
}
