package io.arcly.stream.glue;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/srt/connections}: every SRT connection with its RTT, loss and retransmissions. */
@Path("api/v1/srt/connections")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SrtConnectionsResource {
  @Inject SrtWorker srt;

  /** The connections established now (none when SRT is off). */
  @GET
  public ApiViews.SrtConnectionList list() {
    List<ApiViews.SrtConnection> all =
        srt.server().stream()
            .flatMap(s -> s.connections().stream())
            .filter(c -> c.info() != null)
            .map(ApiViews.SrtConnection::of)
            .toList();
    return new ApiViews.SrtConnectionList(all.size(), all);
  }
}
