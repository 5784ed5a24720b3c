package io.arcly.stream.protocol.rtsp.client;

import io.arcly.stream.protocol.rtsp.wire.AuthChallenge;
import io.arcly.stream.protocol.rtsp.wire.Authorization;
import io.arcly.stream.protocol.rtsp.wire.Headers;
import io.arcly.stream.protocol.rtsp.wire.RtspException;
import io.arcly.stream.protocol.rtsp.wire.RtspHeaders;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import io.arcly.stream.protocol.rtsp.wire.RtspUrl;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The requests of one connection to a camera: sequence numbers, the session id once SETUP gave one,
 * and the credentials of the URL answered to the camera's challenge (Basic or Digest, the strongest
 * it offers) once it asked.
 */
final class Requests {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String user;
  private final String password;
  private final String cnonce;
  private long cseq;
  private String session;
  private AuthChallenge challenge;
  private int nonceCount;

  /** Requests for {@code url}, whose user and password (if any) answer challenges. */
  Requests(RtspUrl url) {
    this.user = url.user();
    this.password = url.password() == null ? "" : url.password();
    byte[] c = new byte[8];
    RANDOM.nextBytes(c);
    this.cnonce = HexFormat.of().formatHex(c);
  }

  /** The session id to send from now on. */
  void session(String id) {
    this.session = id;
  }

  /** The session id, or null before SETUP answered. */
  String session() {
    return session;
  }

  /** A request of {@code method} on {@code uri} with {@code extra} headers, numbered anew. */
  RtspRequest build(String method, String uri, Headers extra) {
    List<Headers.Header> h = new ArrayList<>();
    h.add(new Headers.Header(RtspHeaders.CSEQ, Long.toString(++cseq)));
    h.add(new Headers.Header(RtspHeaders.USER_AGENT, RtspPullClient.USER_AGENT));
    if (challenge != null) {
      h.add(
          new Headers.Header(
              RtspHeaders.AUTHORIZATION,
              Authorization.answer(challenge, user, password, method, uri, ++nonceCount, cnonce)
                  .toString()));
    }
    if (session != null) {
      h.add(new Headers.Header(RtspHeaders.SESSION, session));
    }
    h.addAll(extra.entries());
    return RtspRequest.of(method, uri, Headers.of(h));
  }

  /**
   * Takes the challenges of a 401 answer: the strongest one answers every later request.
   *
   * @throws CameraException "unauthorized" with the reason when the URL has no user or the camera
   *     offers no scheme supported here
   */
  void challenged(RtspResponse r) {
    if (user == null) {
      throw new CameraException("unauthorized: the camera asks for credentials, the url has none");
    }
    List<AuthChallenge> offered = new ArrayList<>();
    for (String v : r.headers().all(RtspHeaders.WWW_AUTHENTICATE)) {
      try {
        offered.addAll(AuthChallenge.parseList(v));
      } catch (RtspException e) {
        // one malformed challenge; another may do
      }
    }
    challenge =
        AuthChallenge.strongest(offered)
            .orElseThrow(
                () ->
                    new CameraException(
                        "unauthorized: the camera offers no authentication supported here"
                            + " (basic, digest with md5 or sha-256)"));
    nonceCount = 0;
  }
}
