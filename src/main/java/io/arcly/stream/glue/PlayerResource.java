package io.arcly.stream.glue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code /player/}: a browser player page for any live stream of this server ({@code
 * ?stream=live/cam}), sent with a Content-Security-Policy, using hls.js 1.7.4 (Apache-2.0, vendored
 * from the npm registry: {@code npm pack hls.js@1.7.4}, {@code dist/hls.min.js}, integrity {@code
 * sha512-3GlxGdPvT2YHvQYOt+yOzT/DEior/qJVNIylHA77kgeoBTdQQqi70GwefNEUmHQeNGyjC8U62+bruqW/Tpm+tg==}).
 */
@Path("player")
@ApplicationScoped
public class PlayerResource {
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "player.js", "text/javascript; charset=utf-8",
          "player.css", "text/css; charset=utf-8",
          "hls.min.js", "text/javascript; charset=utf-8",
          "hls.js-LICENSE", "text/plain; charset=utf-8");

  /**
   * What the page may load: its own scripts and styles, media from this server (hls.js feeds the
   * video element through Media Source blobs, and may run its demuxer in a blob worker), nothing
   * inline, nothing from elsewhere, and no framing by other sites.
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  /** The player page. */
  @GET
  public Response page() {
    return file("index.html");
  }

  /** The page and its script. */
  @GET
  @Path("{file}")
  public Response file(@PathParam("file") String file) {
    String type = FILES.get(file);
    if (type == null) {
      throw new NotFoundException("no player file " + file);
    }
    try (InputStream in = PlayerResource.class.getResourceAsStream("player/" + file)) {
      if (in == null) {
        throw new NotFoundException("no player file " + file);
      }
      return Response.ok(in.readAllBytes(), type)
          .header("Cache-Control", "max-age=300")
          .header("Content-Security-Policy", CSP)
          .header("X-Content-Type-Options", "nosniff")
          .header("Referrer-Policy", "no-referrer")
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
