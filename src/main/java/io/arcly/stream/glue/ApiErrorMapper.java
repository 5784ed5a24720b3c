package io.arcly.stream.glue;

import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.media.InvalidStreamKeyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every API error as JSON {@code {"status":404,"error":"stream_not_found","message":"..."}}: kernel
 * refusals mapped to their HTTP status here, at the edge, and nowhere else.
 */
@Provider
public class ApiErrorMapper implements ExceptionMapper<Exception> {
  private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class.getName());

  @Override
  public Response toResponse(Exception e) {
    if (e instanceof StreamException se) {
      return json(status(se.reason()), se.reason().code(), se.getMessage());
    }
    if (e instanceof ApiException ae) {
      return json(ae.status(), ae.code(), ae.getMessage());
    }
    if (e instanceof InvalidStreamKeyException ik) {
      return json(400, "bad_stream_key", ik.getMessage());
    }
    if (e instanceof WebApplicationException wae) {
      Response r = wae.getResponse();
      String code = r.getStatusInfo().getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
      return json(r.getStatus(), code, wae.getMessage());
    }
    LOG.log(Level.WARNING, "API request failed", e);
    return json(500, "internal_error", "internal error: " + e.getClass().getSimpleName());
  }

  static int status(StreamException.Reason reason) {
    return switch (reason) {
      case STREAM_NOT_FOUND, UNKNOWN_APPLICATION -> 404;
      case ALREADY_PUBLISHING -> 409;
      case PUBLISHER_LIMIT, SUBSCRIBER_LIMIT, SHUTTING_DOWN -> 503;
      case TRACK_LIMIT -> 422;
      case UNAUTHORIZED -> 403;
      case SESSION_CLOSED -> 410;
    };
  }

  /** The JSON error answer. */
  static Response json(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiViews.Error(status, code, message))
        .build();
  }
}
