package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.Text;
import io.arcly.stream.protocol.rtsp.media.InTrack;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.protocol.rtsp.wire.AuthChallenge;
import io.arcly.stream.protocol.rtsp.wire.Authorization;
import io.arcly.stream.protocol.rtsp.wire.DigestAlgorithm;
import io.arcly.stream.protocol.rtsp.wire.DigestNonces;
import io.arcly.stream.protocol.rtsp.wire.Headers;
import io.arcly.stream.protocol.rtsp.wire.InterleavedFrame;
import io.arcly.stream.protocol.rtsp.wire.PortRange;
import io.arcly.stream.protocol.rtsp.wire.RtspException;
import io.arcly.stream.protocol.rtsp.wire.RtspHeaders;
import io.arcly.stream.protocol.rtsp.wire.RtspMessage;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import io.arcly.stream.protocol.rtsp.wire.RtspUrl;
import io.arcly.stream.protocol.rtsp.wire.SessionHeader;
import io.arcly.stream.protocol.rtsp.wire.StreamPath;
import io.arcly.stream.protocol.rtsp.wire.Transport;
import io.arcly.stream.rtp.sdp.SdpException;
import io.arcly.stream.rtp.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The RTSP 1.0 state machine of one connection (RFC 2326): OPTIONS, DESCRIBE, ANNOUNCE, SETUP,
 * PLAY, RECORD, PAUSE, TEARDOWN, GET_PARAMETER and SET_PARAMETER; one session per connection,
 * either publishing ({@link Recorder}) or playing ({@link Player}). Every request is answered with
 * its CSeq; mistakes get the status RFC 2326 names, with a reason phrase that says what was wrong.
 */
final class ServerSession {
  /** A request after which the connection must close (answered already). */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String PUBLIC =
      "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, TEARDOWN, GET_PARAMETER,"
          + " SET_PARAMETER";

  private static final String REALM = RtspContext.SERVER;

  private final RtspConnection conn;
  private String sessionId;
  private String userAgent = "";
  private Recorder recorder;
  private Player player;
  private boolean firstRequest = true;

  /** Whether the request being answered carried a Digest answer to an expired nonce. */
  private boolean staleNonce;

  ServerSession(RtspConnection conn) {
    this.conn = conn;
  }

  String userAgent() {
    return userAgent;
  }

  /** A request or frame from the client. */
  void onMessage(RtspMessage m) {
    switch (m) {
      case RtspRequest r -> onRequest(r);
      case InterleavedFrame f -> onFrame(f);
      default -> {
        // a response: this server sends no requests, so there is nothing to match it with
      }
    }
  }

  private void onFrame(InterleavedFrame f) {
    Recorder r = recorder;
    if (r != null) {
      ByteBuffer d = f.data();
      byte[] b = new byte[d.remaining()];
      d.get(b);
      r.interleaved(f.channel(), b, System.nanoTime());
    }
    // A player's RTCP receiver reports keep the session alive; their contents are not needed.
  }

  /**
   * Whether the session is alive although the TCP connection was silent for a whole session
   * timeout: it plays over TCP (a dead peer shows as a blocked write) or multicast (whose receiver
   * reports cannot be told apart), or UDP media keeps coming.
   */
  boolean aliveWithoutTcp() {
    Player p = player;
    if (p != null
        && p.playing()
        && (p.multicast() || p.tracks().stream().noneMatch(OutTrack::udp))) {
      return true;
    }
    Recorder r = recorder;
    long timeout = conn.context().settings().sessionTimeout().toNanos();
    return r != null && r.recording() && System.nanoTime() - r.lastPacketNanos() < timeout;
  }

  private void onRequest(RtspRequest req) {
    if (firstRequest) {
      firstRequest = false;
      conn.setDeadline(0, null);
    }
    req.headers().get(RtspHeaders.USER_AGENT).ifPresent(u -> userAgent = Text.printable(u, 128));
    long cseq = req.cseq();
    if (cseq < 0) {
      reply(req, 400, "CSeq Missing", Headers.EMPTY, null);
      return;
    }
    try {
      switch (req.method()) {
        case "OPTIONS" -> reply(req, 200, null, Headers.of(RtspHeaders.PUBLIC, PUBLIC), null);
        case "DESCRIBE" -> describe(req);
        case "ANNOUNCE" -> announce(req);
        case "SETUP" -> setup(req);
        case "PLAY" -> play(req);
        case "RECORD" -> record(req);
        case "PAUSE" -> pause(req);
        case "TEARDOWN" -> teardown(req);
        case "GET_PARAMETER", "SET_PARAMETER" -> {
          if (checkSession(req, false)) {
            reply(req, 200, null, Headers.EMPTY, null);
          }
        }
        default -> reply(req, 501, null, Headers.of(RtspHeaders.PUBLIC, PUBLIC), null);
      }
    } catch (RtspException e) {
      // A header value or URL that does not parse: the request is refused, the connection stays.
      reply(req, e.status(), null, Headers.EMPTY, null);
      conn.context().ctx().rejected(null, client(), "bad_request");
      log("refused " + req.method() + ": " + e.getMessage());
    } catch (IOException e) {
      conn.close("write failed: " + e.getMessage(), false);
    }
  }

  private ClientInfo client() {
    return new ClientInfo("rtsp", conn.remoteAddress(), userAgent);
  }

  private void log(String what) {
    System.getLogger(ServerSession.class.getName())
        .log(
            System.Logger.Level.INFO,
            "rtsp " + conn.remoteAddress() + ": " + Text.printable(what, 300));
  }

  // ---- requests ----------------------------------------------------------------------------

  private void describe(RtspRequest req) throws IOException {
    Target t = target(req);
    if (t == null) {
      return;
    }
    if (recorder != null) {
      reply(req, 455, "Publishing On This Session", Headers.EMPTY, null);
      return;
    }
    if (player != null && !player.key.equals(t.key)) {
      player.close();
      player = null;
    }
    if (player == null) {
      player = new Player(conn, t.key, client(), t.credentials);
    }
    try {
      player.open();
    } catch (StreamException e) {
      player = null;
      refuse(req, e);
      return;
    }
    String id = sessionId != null ? sessionId : Long.toUnsignedString(RANDOM.nextLong());
    SessionDescription sdp = player.describe(id, conn.localAddress());
    String base = t.url.withoutCredentials().toString();
    reply(
        req,
        200,
        null,
        Headers.of(
            RtspHeaders.CONTENT_TYPE,
            "application/sdp",
            RtspHeaders.CONTENT_BASE,
            base.endsWith("/") ? base : base + "/"),
        sdp.toBytes());
  }

  private void announce(RtspRequest req) {
    Target t = target(req);
    if (t == null) {
      return;
    }
    if (recorder != null || player != null) {
      reply(req, 455, "Session In Use", Headers.EMPTY, null);
      return;
    }
    if (req.body().length() == 0) {
      reply(req, 400, "ANNOUNCE Without SDP", Headers.EMPTY, null);
      return;
    }
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(req.body().toByteArray());
    } catch (SdpException e) {
      reply(req, 400, "Bad SDP", Headers.EMPTY, null);
      log("announce of " + t.key + " refused, bad sdp: " + e.getMessage());
      return;
    }
    try {
      conn.context().ctx().authorizePublish(t.key, client(), t.credentials);
    } catch (StreamException e) {
      refuse(req, e);
      return;
    }
    try {
      recorder = Recorder.announce(t.key, t.credentials, sdp);
    } catch (IllegalArgumentException e) {
      reply(req, 415, "Unsupported Media", Headers.EMPTY, null);
      log("announce of " + t.key + " refused: " + e.getMessage());
      return;
    }
    reply(req, 200, null, Headers.EMPTY, null);
  }

  private void setup(RtspRequest req) throws IOException {
    if (sessionId != null && !checkSession(req, true)) {
      return;
    }
    Target t = target(req);
    if (t == null) {
      return;
    }
    String transportValue = req.headers().get(RtspHeaders.TRANSPORT).orElse(null);
    if (transportValue == null) {
      reply(req, 461, "Transport Missing", Headers.EMPTY, null);
      return;
    }
    List<Transport> offered = Transport.parseList(transportValue);
    if (recorder != null) {
      setupRecord(req, t, offered);
    } else {
      setupPlay(req, t, offered);
    }
  }

  private void setupRecord(RtspRequest req, Target t, List<Transport> offered) {
    if (!recorder.key.equals(t.key) || recorder.recording()) {
      reply(req, 455, "Not Announced Here", Headers.EMPTY, null);
      return;
    }
    InTrack track = matchTrack(t);
    if (track == null) {
      reply(req, 404, "No Such Track", Headers.EMPTY, null);
      return;
    }
    if (track.isSetUp()) {
      reply(req, 455, "Track Already Set Up", Headers.EMPTY, null);
      return;
    }
    for (Transport tr : offered) {
      if (!tr.isRtpAvp() || tr.isMulticast()) {
        continue;
      }
      if (tr.modeOrPlay() != Transport.Mode.RECORD && tr.mode() != null) {
        continue;
      }
      if (tr.isTcp()) {
        int ch = tr.interleaved() != null ? tr.interleaved().first() : track.index() * 2;
        track.setUpTcp(ch);
        replySetup(req, Transport.tcp(PortRange.pair(ch)).withMode(Transport.Mode.RECORD));
        return;
      }
      UdpPair udp = conn.context().udp();
      if (tr.isUdp() && udp != null && tr.clientPort() != null) {
        InetAddress peer = peerAddress();
        int rtpPort = tr.clientPort().first();
        int rtcpPort = tr.clientPort().single() ? rtpPort + 1 : tr.clientPort().last();
        recorder.addUdp(
            udp.registerInbound(
                new InetSocketAddress(peer, rtpPort),
                new InetSocketAddress(peer, rtcpPort),
                track));
        track.setUpUdp();
        replySetup(
            req,
            Transport.udp(new PortRange(rtpPort, rtcpPort))
                .withServerPort(new PortRange(udp.rtpPort(), udp.rtcpPort()))
                .withMode(Transport.Mode.RECORD));
        return;
      }
    }
    reply(req, 461, null, Headers.EMPTY, null);
  }

  private InTrack matchTrack(Target t) {
    String suffix = t.path.track();
    for (InTrack track : recorder.tracks) {
      String c = track.control();
      if (c.isEmpty()) {
        continue;
      }
      if (suffix != null && (c.equals(suffix) || c.endsWith("/" + suffix))) {
        return track;
      }
      if (c.equals(t.url.withoutCredentials().toString())) {
        return track;
      }
      try {
        if (RtspUrl.parse(c).sameResource(t.url)) {
          return track;
        }
      } catch (RtspException e) {
        // a relative control that is not this one
      }
    }
    if (recorder.tracks.size() == 1 && suffix == null) {
      return recorder.tracks.get(0);
    }
    return null;
  }

  private void setupPlay(RtspRequest req, Target t, List<Transport> offered) throws IOException {
    if (player != null && !player.key.equals(t.key)) {
      reply(req, 455, "Another Stream On This Session", Headers.EMPTY, null);
      return;
    }
    if (player == null) {
      player = new Player(conn, t.key, client(), t.credentials);
      try {
        player.open();
      } catch (StreamException e) {
        player = null;
        refuse(req, e);
        return;
      }
    }
    if (player.playing()) {
      reply(req, 455, "Already Playing", Headers.EMPTY, null);
      return;
    }
    StreamRtp.Track track = null;
    String suffix = t.path.track();
    if (suffix != null) {
      int eq = suffix.indexOf('=');
      String digits = eq >= 0 ? suffix.substring(eq + 1) : suffix.replaceAll("\\D", "");
      try {
        track = player.track(Integer.parseInt(digits));
      } catch (NumberFormatException e) {
        track = null;
      }
    }
    if (track == null) {
      reply(req, 404, "No Such Track", Headers.EMPTY, null);
      return;
    }
    if (player.isSetUp(track.id)) {
      reply(req, 455, "Track Already Set Up", Headers.EMPTY, null);
      return;
    }
    String control = t.url.withoutCredentials().toString();
    for (Transport tr : offered) {
      if (!tr.isRtpAvp() || tr.modeOrPlay() == Transport.Mode.RECORD) {
        continue;
      }
      if (tr.isMulticast() || player.multicast()) {
        // A session's tracks are all multicast or all unicast.
        if (tr.isMulticast()
            && conn.context().multicast() != null
            && (player.multicast() || player.tracks().isEmpty())) {
          setupMulticast(req, player, track, control);
          return;
        }
        continue;
      }
      if (tr.isTcp()) {
        int ch = tr.interleaved() != null ? tr.interleaved().first() : player.tracks().size() * 2;
        player.add(new OutTrack(track, control, ch, null, null));
        replySetup(req, Transport.tcp(PortRange.pair(ch)).withSsrc(track.ssrc));
        return;
      }
      UdpPair udp = conn.context().udp();
      if (tr.isUdp() && !tr.isMulticast() && udp != null && tr.clientPort() != null) {
        InetAddress peer = peerAddress();
        int rtpPort = tr.clientPort().first();
        int rtcpPort = tr.clientPort().single() ? rtpPort + 1 : tr.clientPort().last();
        player.add(
            new OutTrack(
                track,
                control,
                -1,
                new InetSocketAddress(peer, rtpPort),
                new InetSocketAddress(peer, rtcpPort)));
        replySetup(
            req,
            Transport.udp(new PortRange(rtpPort, rtcpPort))
                .withServerPort(new PortRange(udp.rtpPort(), udp.rtcpPort()))
                .withSsrc(track.ssrc));
        return;
      }
    }
    reply(req, 461, null, Headers.EMPTY, null);
  }

  private void setupMulticast(RtspRequest req, Player p, StreamRtp.Track track, String control) {
    MulticastGroups.Group g;
    try {
      g = p.joinMulticast();
    } catch (IOException e) {
      reply(req, 453, "No Multicast Address", Headers.EMPTY, null);
      log("multicast setup of " + p.key + " refused: " + e.getMessage());
      return;
    }
    OutTrack gt = g.track(track.id);
    if (gt == null) {
      // The track came after the group was made: its players joined without it.
      reply(req, 461, "Track Not Multicast", Headers.EMPTY, null);
      return;
    }
    p.add(new OutTrack(track, control, -1, gt.rtpTo, gt.rtcpTo));
    int port = gt.rtpTo.getPort();
    replySetup(
        req,
        Transport.multicast(
                gt.rtpTo.getAddress().getHostAddress(),
                new PortRange(port, port + 1),
                conn.context().settings().multicastTtl())
            .withSsrc(track.ssrc));
  }

  private void play(RtspRequest req) {
    if (!checkSession(req, true)) {
      return;
    }
    if (player == null || player.tracks().isEmpty()) {
      reply(req, 455, "Nothing Set Up To Play", Headers.EMPTY, null);
      return;
    }
    if (player.multicast()) {
      try {
        player.play(conn.ticker()); // the group sends, not this connection: it may start now
      } catch (StreamException e) {
        refuse(req, e);
        return;
      }
    }
    // No RTP-Info: the stream's packets are numbered as they are built (see StreamRtp), and the
    // player starts at a cached keyframe whose numbers may not exist yet.
    reply(req, 200, null, Headers.of(RtspHeaders.RANGE, "npt=0.000-"), null);
    if (!player.multicast()) {
      player.play(conn.ticker());
    }
  }

  private void record(RtspRequest req) {
    if (!checkSession(req, true)) {
      return;
    }
    if (recorder == null || !recorder.anySetUp()) {
      reply(req, 455, "Nothing Set Up To Record", Headers.EMPTY, null);
      return;
    }
    if (recorder.recording()) {
      reply(req, 200, null, Headers.EMPTY, null);
      return;
    }
    Target t = target(req);
    if (t == null) {
      return;
    }
    if (req.headers().contains(RtspHeaders.AUTHORIZATION) || !t.credentials.query().isEmpty()) {
      recorder.credentials = t.credentials;
    }
    try {
      recorder.record(conn, client());
    } catch (StreamException e) {
      refuse(req, e);
      return;
    }
    reply(req, 200, null, Headers.EMPTY, null);
  }

  private void pause(RtspRequest req) {
    if (!checkSession(req, true)) {
      return;
    }
    if (recorder != null) {
      // RFC 2326 10.6 allows PAUSE while recording (rtspclientsink sends it before TEARDOWN); the
      // publish stays claimed until TEARDOWN or the connection ends, as for a silent publisher.
      reply(req, 200, null, Headers.EMPTY, null);
      return;
    }
    if (player == null) {
      reply(req, 455, "Not Playing", Headers.EMPTY, null);
      return;
    }
    player.pause();
    reply(req, 200, null, Headers.EMPTY, null);
  }

  private void teardown(RtspRequest req) {
    if (!checkSession(req, true)) {
      return;
    }
    reply(req, 200, null, Headers.EMPTY, null);
    endMedia();
    sessionId = null;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The stream a request names, with the client's credentials; null when answered already. */
  private record Target(RtspUrl url, StreamPath path, StreamKey key, Credentials credentials) {}

  private Target target(RtspRequest req) {
    RtspUrl url = RtspUrl.parse(req.uri());
    StreamPath path = url.streamPath();
    StreamKey key;
    try {
      key = StreamKey.parse(path.path());
    } catch (IllegalArgumentException e) {
      reply(req, 404, "Not A Stream", Headers.EMPTY, null);
      log(req.method() + " of \"" + path.path() + "\" refused: " + e.getMessage());
      return null;
    }
    Credentials q = Credentials.parseQuery(path.query());
    String user = url.user() == null ? "" : url.user();
    String password = url.password() == null ? "" : url.password();
    String auth = req.headers().get(RtspHeaders.AUTHORIZATION).orElse(null);
    staleNonce = false;
    if (auth != null) {
      Authorization a = Authorization.parse(auth);
      if (a instanceof Authorization.Basic b) {
        user = b.username();
        password = b.password();
      } else if (a instanceof Authorization.Digest d) {
        DigestNonces nonces = conn.context().nonces();
        long now = System.currentTimeMillis();
        staleNonce = nonces.check(d.nonce(), now) == DigestNonces.Verdict.STALE;
        String method = req.method();
        String uri = req.uri();
        return new Target(
            url,
            path,
            key,
            Credentials.proven(
                q.query(),
                d.username(),
                expected ->
                    nonces.verify(d, method, uri, expected, now) == DigestNonces.Verdict.VALID));
      }
    }
    return new Target(url, path, key, new Credentials(q.query(), user, password));
  }

  private void refuse(RtspRequest req, StreamException e) {
    boolean hadAuth = req.headers().contains(RtspHeaders.AUTHORIZATION);
    switch (e.reason()) {
      case UNAUTHORIZED -> {
        if (hadAuth && !staleNonce) {
          reply(req, 403, null, Headers.EMPTY, null);
        } else {
          // Digest first (the stronger one clients pick), then Basic.
          AuthChallenge digest =
              conn.context()
                  .nonces()
                  .challenge(System.currentTimeMillis(), DigestAlgorithm.MD5, false, staleNonce);
          reply(
              req,
              401,
              null,
              Headers.of(
                  RtspHeaders.WWW_AUTHENTICATE,
                  digest.toString(),
                  RtspHeaders.WWW_AUTHENTICATE,
                  AuthChallenge.basic(REALM).toString()),
              null);
        }
      }
      case STREAM_NOT_FOUND, UNKNOWN_APPLICATION -> reply(req, 404, null, Headers.EMPTY, null);
      case ALREADY_PUBLISHING -> reply(req, 409, "Already Publishing", Headers.EMPTY, null);
      default -> reply(req, 503, null, Headers.EMPTY, null);
    }
    if (e.reason() != StreamException.Reason.UNAUTHORIZED || hadAuth) {
      log(req.method() + " refused: " + e.getMessage());
    }
  }

  private boolean checkSession(RtspRequest req, boolean required) {
    String given = req.headers().get(RtspHeaders.SESSION).orElse(null);
    if (given == null) {
      if (required && sessionId == null) {
        reply(req, 454, null, Headers.EMPTY, null);
        return false;
      }
      return true;
    }
    String id = SessionHeader.parse(given).id();
    if (sessionId == null || !sessionId.equals(id)) {
      reply(req, 454, null, Headers.EMPTY, null);
      return false;
    }
    return true;
  }

  private void replySetup(RtspRequest req, Transport chosen) {
    if (sessionId == null) {
      byte[] id = new byte[8];
      RANDOM.nextBytes(id);
      sessionId = HexFormat.of().formatHex(id).toUpperCase(Locale.ROOT);
    }
    reply(req, 200, null, Headers.of(RtspHeaders.TRANSPORT, chosen.toString()), null);
  }

  private InetAddress peerAddress() {
    String r = conn.remoteAddress();
    String host = r.substring(0, r.lastIndexOf(':'));
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private void reply(RtspRequest req, int status, String reason, Headers extra, byte[] body) {
    List<Headers.Header> h = new ArrayList<>();
    h.add(new Headers.Header(RtspHeaders.CSEQ, Long.toString(req.cseq() < 0 ? 0 : req.cseq())));
    h.add(new Headers.Header(RtspHeaders.SERVER, RtspContext.SERVER));
    if (sessionId != null) {
      int timeout = (int) conn.context().settings().sessionTimeout().toSeconds();
      h.add(
          new Headers.Header(
              RtspHeaders.SESSION, new SessionHeader(sessionId, timeout).toString()));
    }
    h.addAll(extra.entries());
    Headers headers = Headers.of(h);
    Payload p = body == null ? Payload.EMPTY : Payload.wrap(body);
    RtspResponse r =
        reason == null
            ? RtspResponse.of(status, headers, p)
            : new RtspResponse(RtspRequest.RTSP_1_0, status, reason, headers, p);
    conn.send(r);
  }

  private void endMedia() {
    Player p = player;
    player = null;
    if (p != null) {
      p.pause();
      p.close();
    }
    Recorder r = recorder;
    recorder = null;
    if (r != null) {
      r.close();
    }
  }

  /** The connection ended: the session's media ends with it. */
  void close(boolean error) {
    endMedia();
  }
}
