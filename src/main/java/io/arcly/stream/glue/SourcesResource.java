package io.arcly.stream.glue;

import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.forward.SourceStatus;
import io.arcly.stream.forward.Sources;
import io.arcly.stream.media.StreamKey;
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
import java.time.Duration;
import java.util.List;

/** {@code /api/v1/sources}: list, add and remove the streams the server pulls (IP cameras...). */
@Path("api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SourcesResource {
  @Inject SourcesWorker worker;

  /** A list of sources. */
  public record SourceList(int count, List<SourceStatus> sources) {}

  /** Every source. */
  @GET
  public SourceList list() {
    List<SourceStatus> all = worker.sources().list();
    return new SourceList(all.size(), all);
  }

  /** One source. */
  @GET
  @Path("{name}")
  public SourceStatus get(@PathParam("name") String name) {
    return worker
        .sources()
        .get(name)
        .orElseThrow(() -> new NotFoundException("no source named " + name));
  }

  /**
   * Adds a source: {@code {"name":"cam1","url":"rtsp://user:pass@cam/path","key":"live/cam1",
   * "transport":"auto","onDemand":false,"closeAfter":"10s"}}.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(
      @HeaderParam("Content-Length") @DefaultValue("-1") long length, InputStream body) {
    SourceSpec spec = parse(RequestBody.read(body, length, RequestBody.MAX_BYTES));
    SourceStatus s;
    try {
      s = worker.sources().add(spec);
    } catch (Sources.ConflictException e) {
      throw new ApiException(409, "source_exists", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(503, "shutting_down", e.getMessage());
    }
    return Response.created(URI.create("api/v1/sources/" + s.name())).entity(s).build();
  }

  /** Parses and validates a source from a request body; 400 naming what is wrong. */
  static SourceSpec parse(byte[] body) {
    RequestBody.JsonObject o =
        RequestBody.object(body)
            .only("name", "url", "key", "transport", "onDemand", "closeAfter", "startTimeout");
    try {
      return new SourceSpec(
          o.string("name"),
          o.string("url"),
          StreamKey.parse(o.string("key")),
          SourceSpec.Transport.parse(o.string("transport", "auto")),
          o.bool("onDemand", false),
          duration("closeAfter", o.string("closeAfter", "10s")),
          duration("startTimeout", o.string("startTimeout", "10s")));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_request", e.getMessage());
    }
  }

  private static Duration duration(String member, String text) {
    Duration d =
        new io.arcly.stream.config.Settings(k -> java.util.Optional.of(text))
            .duration(member, Duration.ZERO, true);
    return d;
  }

  /** Stops and removes a source. */
  @DELETE
  @Path("{name}")
  public Response remove(@PathParam("name") String name) {
    if (!worker.sources().remove(name)) {
      throw new NotFoundException("no source named " + name);
    }
    return Response.noContent().build();
  }
}
