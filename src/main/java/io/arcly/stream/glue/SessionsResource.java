package io.arcly.stream.glue;

import io.arcly.stream.kernel.Engine;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/sessions}: every remote player, whatever its protocol. */
@Path("api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SessionsResource {
  @Inject Engine engine;

  /** Protocol, remote address, client name, bytes sent and start of every player. */
  @GET
  public ApiViews.SessionList list() {
    var sessions = engine.sessions().list().stream().map(ApiViews.Session::of).toList();
    return new ApiViews.SessionList(sessions.size(), sessions);
  }
}
