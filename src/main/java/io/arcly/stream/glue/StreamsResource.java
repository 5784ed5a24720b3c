package io.arcly.stream.glue;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.media.StreamKey;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/streams}: live streams, one stream's details, kicking a publisher. */
@Path("api/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class StreamsResource {
  @Inject Engine engine;

  /** Every live stream, optionally of one application ({@code ?app=live}). */
  @GET
  public ApiViews.StreamList list(@QueryParam("app") String app) {
    if (app != null) {
      StreamKey.validateName("application name", app);
    }
    var streams = engine.listStreams(app).stream().map(ApiViews.Stream::of).toList();
    return new ApiViews.StreamList(streams.size(), streams);
  }

  /** One live stream: tracks, codecs, bitrates, subscribers, publisher, uptime. */
  @GET
  @Path("{app}/{stream}")
  public ApiViews.Stream get(@PathParam("app") String app, @PathParam("stream") String stream) {
    return ApiViews.Stream.of(engine.getStream(new StreamKey(app, stream)));
  }

  /** Ends the publisher of a stream; its subscribers see end of stream. */
  @DELETE
  @Path("{app}/{stream}")
  public Response kick(@PathParam("app") String app, @PathParam("stream") String stream) {
    StreamKey key = new StreamKey(app, stream);
    if (!engine.kick(key)) {
      engine.getStream(key); // throws stream not found
    }
    return Response.noContent().build();
  }
}
