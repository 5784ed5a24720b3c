package io.arcly.stream.it;

import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamMetadata;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only HTTP control of the in-process publisher and player, so client-side integration tests
 * can make streams and players appear: {@code POST /it/publisher/{app}/{stream}?frames=N}, {@code
 * DELETE} the same; {@code POST /it/player/{app}/{stream}}, {@code DELETE} the same.
 */
@Path("it")
@ApplicationScoped
public class InProcessPublisherResource {
  static final ClientInfo PUBLISHER =
      new ClientInfo("in-process", "127.0.0.1:40000", "it-publisher/1.0");
  static final ClientInfo PLAYER = new ClientInfo("in-process", "127.0.0.1:40001", "it-player/1.0");

  @Inject InProcessProtocol protocol;

  private final Map<StreamKey, PublishSession> publishers = new ConcurrentHashMap<>();
  private final Map<StreamKey, Subscription> players = new ConcurrentHashMap<>();

  @POST
  @Path("publisher/{app}/{stream}")
  public Response publish(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @QueryParam("frames") @DefaultValue("60") int frames) {
    StreamKey key = new StreamKey(app, stream);
    PublishSession s = protocol.context().openPublish(key, PUBLISHER, Credentials.NONE);
    publishers.put(key, s);
    s.describeTrack(TrackInfo.video(CodecId.H264, "avc1.64001f", 1280, 720));
    s.describeTrack(TrackInfo.audio(CodecId.AAC, "mp4a.40.2", 48_000, 2));
    s.setMetadata(new StreamMetadata(Map.of("encoder", "it-publisher", "width", 1280.0)));
    s.publish(
        Frame.config(CodecId.H264, 0, Payload.wrap(new byte[] {1, 0x64, 0, 0x1f, (byte) 0xff})));
    s.publish(Frame.config(CodecId.AAC, 0, Payload.wrap(new byte[] {0x11, (byte) 0x90})));
    publishFrames(s, 0, frames);
    return Response.status(201).build();
  }

  @POST
  @Path("publisher/{app}/{stream}/frames")
  public Response more(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @QueryParam("from") int from,
      @QueryParam("count") @DefaultValue("30") int count) {
    PublishSession s = publishers.get(new StreamKey(app, stream));
    if (s == null) {
      return Response.status(404).build();
    }
    publishFrames(s, from, count);
    return Response.noContent().build();
  }

  private static void publishFrames(PublishSession s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      long t = i * 33_333L;
      s.publish(Frame.video(CodecId.H264, t, t, i % 30 == 0, Payload.wrap(new byte[1000])));
    }
  }

  @DELETE
  @Path("publisher/{app}/{stream}")
  public Response unpublish(@PathParam("app") String app, @PathParam("stream") String stream) {
    PublishSession s = publishers.remove(new StreamKey(app, stream));
    if (s != null) {
      s.close();
    }
    return Response.noContent().build();
  }

  /** Publishes and unpublishes {@code count} times: two events each. */
  @POST
  @Path("publisher/{app}/{stream}/cycles")
  public Response cycles(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @QueryParam("count") int count) {
    StreamKey key = new StreamKey(app, stream);
    for (int i = 0; i < count; i++) {
      protocol.context().openPublish(key, PUBLISHER, Credentials.NONE).close();
    }
    return Response.noContent().build();
  }

  @POST
  @Path("player/{app}/{stream}")
  public Response play(@PathParam("app") String app, @PathParam("stream") String stream) {
    StreamKey key = new StreamKey(app, stream);
    Subscription sub = protocol.context().openPlay(key, PLAYER, Credentials.NONE);
    players.put(key, sub);
    int n = 0;
    long bytes = 0;
    Frame f;
    while ((f = sub.poll()) != null) {
      n++;
      bytes += f.size();
    }
    sub.recordSent(n, bytes);
    return Response.status(201).build();
  }

  @DELETE
  @Path("player/{app}/{stream}")
  public Response stop(@PathParam("app") String app, @PathParam("stream") String stream) {
    Subscription sub = players.remove(new StreamKey(app, stream));
    if (sub != null) {
      sub.close();
    }
    return Response.noContent().build();
  }
}
