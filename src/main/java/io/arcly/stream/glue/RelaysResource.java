package io.arcly.stream.glue;

import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.Relay;
import io.arcly.stream.protocol.rtmp.Relays;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/**
 * {@code /api/v1/streams/{app}/{stream}/relays}: push a live stream to an upstream RTMP server,
 * list and stop those pushes.
 */
@Path("api/v1/streams/{app}/{stream}/relays")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RelaysResource {
  @Inject RtmpWorker rtmp;

  /** The stream's relays. */
  @GET
  public ApiViews.RelayList list(@PathParam("app") String app, @PathParam("stream") String stream) {
    List<ApiViews.RelayView> views =
        relays().of(new StreamKey(app, stream)).stream().map(ApiViews.RelayView::of).toList();
    return new ApiViews.RelayList(views.size(), views);
  }

  /** Starts a relay: {@code {"url":"rtmp://host[:port]/app/stream"}}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @HeaderParam("Content-Length") @DefaultValue("-1") long length,
      InputStream body) {
    String url =
        RequestBody.object(RequestBody.read(body, length, RequestBody.MAX_BYTES))
            .only("url")
            .string("url");
    if (url.isBlank()) {
      throw new BadRequestException("\"url\" is empty; expected rtmp://host[:port]/app/stream");
    }
    StreamKey key = new StreamKey(app, stream);
    Relay r;
    try {
      r = relays().start(key, url.trim());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    } catch (Relays.LimitException e) {
      throw new ApiException(409, "too_many_relays", e.getMessage());
    }
    return Response.created(URI.create("api/v1/streams/" + key + "/relays/" + r.id()))
        .entity(ApiViews.RelayView.of(r))
        .build();
  }

  /** Stops every relay of the stream. */
  @DELETE
  public Response stopAll(@PathParam("app") String app, @PathParam("stream") String stream) {
    return stop(new StreamKey(app, stream), null);
  }

  /** Stops one relay. */
  @DELETE
  @Path("{id}")
  public Response stopOne(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @PathParam("id") String id) {
    return stop(new StreamKey(app, stream), id);
  }

  private Response stop(StreamKey key, String id) {
    if (relays().stop(key, id) == 0) {
      throw new NotFoundException(
          id == null
              ? "stream " + key + " has no relays"
              : "stream " + key + " has no relay " + id);
    }
    return Response.noContent().build();
  }

  private Relays relays() {
    return rtmp.server()
        .flatMap(s -> s.relays())
        .orElseThrow(
            () ->
                new StreamException(
                    StreamException.Reason.SHUTTING_DOWN, "the rtmp worker is not running"));
  }
}
