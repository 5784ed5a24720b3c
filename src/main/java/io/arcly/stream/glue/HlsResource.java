package io.arcly.stream.glue;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.protocol.hls.HlsRequestException;
import io.arcly.stream.protocol.hls.HlsRequests;
import io.arcly.stream.protocol.hls.HlsService;
import io.arcly.stream.protocol.hls.HlsStream;
import io.arcly.stream.protocol.hls.Playlists;
import io.arcly.stream.protocol.hls.Snapshot;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /hls/{app}/{stream}/...}: the HLS rendition of a live stream. {@code index.m3u8} is the
 * multivariant playlist, {@code stream.m3u8} the media playlist (blocking reload with {@code
 * _HLS_msn}/{@code _HLS_part}, delta updates with {@code _HLS_skip=YES}), then {@code initN.mp4},
 * {@code segN.m4s}/{@code segN.ts} and {@code segN.P.m4s}. A blocked request holds no thread: it is
 * suspended and resumed by the packager when its segment or part exists.
 */
@Path("hls/{app}/{stream}")
@RequestScoped
public class HlsResource {
  static final String M3U8 = "application/vnd.apple.mpegurl";

  @Inject HlsWorker hls;

  @Inject Engine engine;

  @Context HttpServletRequest request;

  @Context UriInfo uri;

  // Taken from the request on its own thread: a suspended request is answered on another one,
  // where the request context is gone.
  private ClientInfo client;
  private String tokenQuery;

  /** The multivariant playlist: codecs and resolution from the stream's tracks. */
  @GET
  @Path("index.m3u8")
  public Response multivariant(@PathParam("app") String app, @PathParam("stream") String stream) {
    StreamKey key = new StreamKey(app, stream);
    HlsStream s = rendition(key);
    StreamHandle h = engine.findStream(key).orElse(null);
    String codecs = "";
    int width = 0;
    int height = 0;
    long bandwidth = 0;
    if (h != null) {
      StringBuilder c = new StringBuilder();
      for (TrackInfo t : h.tracks()) {
        if (!t.codecString().isEmpty()) {
          c.append(c.length() == 0 ? "" : ",").append(t.codecString());
        }
        if (t.width() > 0) {
          width = t.width();
          height = t.height();
        }
      }
      codecs = c.toString();
      bandwidth = Math.max(h.qos().bitrateIn(), 0) * 11 / 10;
    }
    if (bandwidth == 0) {
      bandwidth = peakBandwidth(s.snapshot());
    }
    String text = Playlists.multivariant(codecs, width, height, bandwidth, "stream.m3u8" + query());
    touch(key, text.length());
    return playlist(text);
  }

  /** The media playlist, at once or once the requested segment or part exists. */
  @GET
  @Path("stream.m3u8")
  public void media(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @QueryParam("_HLS_msn") String msnParam,
      @QueryParam("_HLS_part") String partParam,
      @QueryParam("_HLS_skip") String skipParam,
      @Suspended AsyncResponse async) {
    try {
      answerMedia(app, stream, msnParam, partParam, skipParam, async);
    } catch (RuntimeException e) {
      async.resume(e);
    }
  }

  private void answerMedia(
      String app,
      String stream,
      String msnParam,
      String partParam,
      String skipParam,
      AsyncResponse async) {
    StreamKey key = new StreamKey(app, stream);
    HlsStream s = rendition(key);
    HlsRequests.Directives d;
    try {
      d = HlsRequests.directives(msnParam, partParam, skipParam);
    } catch (HlsRequestException e) {
      async.resume(bad(e.getMessage()));
      return;
    }
    if (!d.blocking()) {
      async.resume(mediaPlaylist(key, s, d.skip()));
      return;
    }
    Snapshot now = s.snapshot();
    if (d.msn() > now.lastMsn() + 2) {
      async.resume(
          bad(
              "_HLS_msn "
                  + d.msn()
                  + " is more than two segments past the live edge "
                  + now.lastMsn()));
      return;
    }
    await(s, d.msn(), d.part(), async, () -> mediaPlaylist(key, s, d.skip()));
  }

  /** An initialization segment. */
  @GET
  @Path("{file: init\\d+\\.mp4}")
  public Response init(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @PathParam("file") String file) {
    StreamKey key = new StreamKey(app, stream);
    byte[] data =
        HlsRequests.file(file).orElse(null) instanceof HlsRequests.File.Init i
            ? rendition(key).snapshot().inits().get(i.generation())
            : null;
    if (data == null) {
      throw new StreamException(
          StreamException.Reason.STREAM_NOT_FOUND, file + " is not available");
    }
    touch(key, data.length);
    return media("video/mp4", List.of(data));
  }

  /** A whole segment. */
  @GET
  @Path("{file: seg\\d+\\.(ts|m4s)}")
  public Response segment(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @PathParam("file") String file) {
    StreamKey key = new StreamKey(app, stream);
    HlsStream s = rendition(key);
    Snapshot.Seg seg =
        HlsRequests.file(file).orElse(null) instanceof HlsRequests.File.Segment f
                && f.fmp4() == s.variant().fmp4()
            ? s.snapshot().segment(f.msn())
            : null;
    if (seg == null) {
      throw new StreamException(
          StreamException.Reason.STREAM_NOT_FOUND, file + " is not available");
    }
    touch(key, seg.size());
    return media(
        s.variant().fmp4() ? "video/mp4" : "video/mp2t",
        seg.chunks().stream().map(Snapshot.Chunk::data).toList());
  }

  /** A part; one announced as the preload hint is answered once it exists. */
  @GET
  @Path("{file: seg\\d+\\.\\d+\\.m4s}")
  public void part(
      @PathParam("app") String app,
      @PathParam("stream") String stream,
      @PathParam("file") String file,
      @Suspended AsyncResponse async) {
    try {
      answerPart(app, stream, file, async);
    } catch (RuntimeException e) {
      async.resume(e);
    }
  }

  private void answerPart(String app, String stream, String file, AsyncResponse async) {
    StreamKey key = new StreamKey(app, stream);
    HlsStream s = rendition(key);
    if (!(HlsRequests.file(file).orElse(null) instanceof HlsRequests.File.Part p)
        || !s.variant().fmp4()) {
      async.resume(
          new StreamException(StreamException.Reason.STREAM_NOT_FOUND, file + " is not available"));
      return;
    }
    long msn = p.msn();
    int index = p.index();
    Snapshot now = s.snapshot();
    boolean soon = msn == now.lastMsn() || msn == now.lastMsn() + 1;
    if (now.part(msn, index) == null && !soon) {
      async.resume(
          new StreamException(StreamException.Reason.STREAM_NOT_FOUND, file + " is not available"));
      return;
    }
    await(
        s,
        msn,
        index,
        async,
        () -> {
          Snapshot.Chunk c = s.snapshot().part(msn, index);
          if (c == null) {
            return notFound(file);
          }
          touch(key, c.data().length);
          return media("video/mp4", List.of(c.data()));
        });
  }

  private void await(
      HlsStream s,
      long msn,
      int part,
      AsyncResponse async,
      java.util.function.Supplier<Response> answer) {
    HlsService svc = service();
    AtomicReference<HlsStream.Waiter> waiter = new AtomicReference<>();
    HlsService.Slot slot =
        svc.block(
            client.remoteAddress() + "|" + client.clientName(),
            () -> {
              HlsStream.Waiter w = waiter.get();
              if (w != null && w.cancel()) {
                async.resume(unavailable("superseded", "this client has newer requests waiting"));
              }
            });
    if (slot == null) {
      async.resume(unavailable("too_many_waiting", "too many blocked requests"));
      return;
    }
    HlsStream.Waiter w =
        s.await(
            msn,
            part,
            () -> {
              slot.release();
              // Answer on a thread of its own: the packager must never wait for a client.
              svc.dispatch(
                  () -> {
                    try {
                      async.resume(answer.get());
                    } catch (RuntimeException e) {
                      async.resume(e);
                    }
                  });
            });
    if (w == null) {
      return;
    }
    waiter.set(w);
    if (slot.isReleased() && w.cancel()) {
      // Evicted before the waiter was known.
      async.resume(unavailable("superseded", "this client has newer requests waiting"));
      return;
    }
    long timeout = 3L * s.snapshot().targetDuration();
    async.setTimeoutHandler(
        ar -> {
          if (w.cancel()) {
            slot.release();
            ar.resume(unavailable("not_yet", "not available within " + timeout + " s"));
          }
        });
    async.setTimeout(timeout, TimeUnit.SECONDS);
  }

  /** A 503 in the API's JSON error shape, to retry after a second. */
  private static Response unavailable(String code, String message) {
    return Response.fromResponse(ApiErrorMapper.json(503, code, message))
        .header("Retry-After", "1")
        .build();
  }

  private Response mediaPlaylist(StreamKey key, HlsStream s, boolean skip) {
    String text = s.playlist(skip && s.variant().parts(), query());
    touch(key, text.length());
    return playlist(text);
  }

  private HlsStream rendition(StreamKey key) {
    HlsService svc = service();
    String ua = request.getHeader("User-Agent");
    client = new ClientInfo("hls", request.getRemoteAddr(), ua == null ? "" : ua);
    tokenQuery = HlsRequests.credentialsQuery(uri.getRequestUri().getRawQuery());
    svc.authorize(key, client, Credentials.parseQuery(tokenQuery));
    return svc.find(key)
        .orElseThrow(
            () ->
                new StreamException(
                    StreamException.Reason.STREAM_NOT_FOUND, "stream " + key + " is not live"));
  }

  private HlsService service() {
    return hls.server()
        .orElseThrow(
            () -> new StreamException(StreamException.Reason.SHUTTING_DOWN, "hls is not enabled"));
  }

  private void touch(StreamKey key, long bytes) {
    service().touch(key, client, bytes);
  }

  private String query() {
    String q = tokenQuery;
    return q.isEmpty() ? "" : "?" + q;
  }

  private Response playlist(String text) {
    return cors(Response.ok(text, M3U8).header("Cache-Control", "no-cache")).build();
  }

  private Response media(String type, List<byte[]> chunks) {
    long size = 0;
    for (byte[] c : chunks) {
      size += c.length;
    }
    StreamingOutput body =
        out -> {
          for (byte[] c : chunks) {
            out.write(c);
          }
        };
    return cors(Response.ok(body, type)
            .header("Content-Length", size)
            .header("Cache-Control", "max-age=31536000, immutable"))
        .build();
  }

  private Response.ResponseBuilder cors(Response.ResponseBuilder b) {
    return b.header("Access-Control-Allow-Origin", service().settings().corsOrigin());
  }

  private static Response bad(String message) {
    return Response.status(400)
        .type("application/json")
        .entity(new ApiViews.Error(400, "bad_request", message))
        .build();
  }

  private static Response notFound(String file) {
    return Response.status(404)
        .type("application/json")
        .entity(new ApiViews.Error(404, "stream_not_found", file + " is not available"))
        .build();
  }

  private static long peakBandwidth(Snapshot s) {
    long peak = 0;
    for (Snapshot.Seg seg : s.segments()) {
      if (seg.duration() > 0) {
        peak = Math.max(peak, (long) (seg.size() * 8 / seg.duration()));
      }
    }
    return peak;
  }
}
