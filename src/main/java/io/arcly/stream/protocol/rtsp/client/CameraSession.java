package io.arcly.stream.protocol.rtsp.client;

import io.arcly.stream.forward.Pull;
import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Text;
import io.arcly.stream.net.StreamDecoder;
import io.arcly.stream.net.TcpConnection;
import io.arcly.stream.protocol.rtsp.media.InTrack;
import io.arcly.stream.protocol.rtsp.media.RtpIngest;
import io.arcly.stream.protocol.rtsp.media.UdpPair;
import io.arcly.stream.protocol.rtsp.wire.Headers;
import io.arcly.stream.protocol.rtsp.wire.InterleavedFrame;
import io.arcly.stream.protocol.rtsp.wire.PortRange;
import io.arcly.stream.protocol.rtsp.wire.RtspDecoder;
import io.arcly.stream.protocol.rtsp.wire.RtspEncoder;
import io.arcly.stream.protocol.rtsp.wire.RtspException;
import io.arcly.stream.protocol.rtsp.wire.RtspHeaders;
import io.arcly.stream.protocol.rtsp.wire.RtspMessage;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import io.arcly.stream.protocol.rtsp.wire.RtspResponse;
import io.arcly.stream.protocol.rtsp.wire.RtspUrl;
import io.arcly.stream.protocol.rtsp.wire.SessionHeader;
import io.arcly.stream.protocol.rtsp.wire.Transport;
import io.arcly.stream.rtp.rtcp.Rtcp;
import io.arcly.stream.rtp.rtcp.RtcpPacket;
import io.arcly.stream.rtp.sdp.SdpException;
import io.arcly.stream.rtp.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection to a camera, as an explicit state machine on the pull's thread: OPTIONS, DESCRIBE
 * (answering a 401 once with the URL's credentials), SETUP of each readable track, PLAY, then media
 * into the publish session with keepalives and receiver reports until the camera, the engine or the
 * source ends it. Whatever the end, it sends TEARDOWN when a session exists and closes the
 * connection, the UDP pair and the publish session.
 */
final class CameraSession implements StreamDecoder {
  /** How a session that did not fail ended. */
  enum Outcome {
    /** The pull was stopped. */
    ENDED,
    /** UDP did not work and the transport is {@code auto}: start over with TCP. */
    TRY_TCP
  }

  private enum State {
    CONNECTING,
    OPTIONS,
    DESCRIBE,
    SETUP,
    PLAY,
    PLAYING
  }

  /** How often timeouts are checked while the camera is silent. */
  private static final Duration TICK = Duration.ofMillis(250);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Unwinds the read loop once the outcome is known. */
  private static final class Done extends RuntimeException {
    Done() {
      super(null, null, false, false);
    }
  }

  /** The request waiting for its answer. */
  private record Pending(
      String method, String uri, Headers extra, long cseq, long sent, boolean retried) {}

  private final Pull pull;
  private final SourceSpec spec;
  private final RtspPullClient.Options options;
  private final boolean tcp;
  private final RtspDecoder decoder = new RtspDecoder();
  private final Map<Integer, InetSocketAddress> rtcpTo = new HashMap<>();
  private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
  private RtspUrl url;
  private Requests requests;
  private State state = State.CONNECTING;
  private volatile SocketChannel channel;
  private TcpConnection conn;
  private InetAddress camera;
  private UdpPair udp;
  private RtpIngest ingest;
  private RtspUrl base;
  private String aggregate;
  private List<InTrack> toSetUp;
  private int setupIndex;
  private Pending pending;
  private Set<String> methods = Set.of();
  private int sessionTimeout = SessionHeader.DEFAULT_TIMEOUT;
  private long playNanos;
  private long lastKeepalive;
  private long lastReport;
  private volatile String endReason;
  private volatile boolean closing;
  private boolean tryTcp;

  CameraSession(Pull pull, RtspPullClient.Options options, boolean tcp) {
    this.pull = pull;
    this.spec = pull.spec();
    this.options = options;
    this.tcp = tcp;
  }

  /**
   * Connects and pulls until the pull is stopped ({@link Outcome#ENDED}) or UDP proves useless
   * under {@code auto} ({@link Outcome#TRY_TCP}).
   *
   * @throws CameraException naming why the camera or the engine ended the pull
   */
  Outcome run() throws IOException {
    try {
      url = RtspUrl.parse(spec.url());
    } catch (RtspException e) {
      throw new CameraException("source url: " + e.getMessage());
    }
    requests = new Requests(url);
    pull.onStop(this::wake);
    try {
      if (!connect()) {
        return Outcome.ENDED;
      }
      String remote = url.host() + ":" + url.portOrDefault();
      conn = new TcpConnection(channel, remote, pull.context().threads(), "rtsp-pull");
      conn.setReadTimeout(TICK);
      state = State.OPTIONS;
      send("OPTIONS", url.toStringWithoutCredentials(), Headers.EMPTY, false);
      try {
        conn.readLoop(this);
      } catch (Done d) {
        // the outcome is set
      } catch (RtspException e) {
        if (endReason == null && !pull.stopped()) {
          throw new CameraException("the camera sent bad rtsp: " + e.getMessage());
        }
      } catch (SocketTimeoutException e) {
        throw new IllegalStateException("the read loop timed out although idle never refuses", e);
      } catch (IOException e) {
        if (endReason == null && !pull.stopped()) {
          throw new CameraException("connection to the camera lost: " + e.getMessage());
        }
      }
      if (tryTcp) {
        return Outcome.TRY_TCP;
      }
      if (endReason != null && !pull.stopped()) {
        throw new CameraException(endReason);
      }
      if (pull.stopped()) {
        return Outcome.ENDED;
      }
      throw new CameraException(
          state == State.PLAYING
              ? "the camera closed the connection"
              : "the camera closed the connection before answering "
                  + (pending == null ? state : pending.method()));
    } finally {
      close();
    }
  }

  private boolean connect() throws IOException {
    InetSocketAddress to = new InetSocketAddress(url.host(), url.portOrDefault());
    if (to.isUnresolved()) {
      throw new CameraException("cannot resolve " + url.host());
    }
    channel = SocketChannel.open();
    if (pull.stopped()) {
      return false;
    }
    try {
      channel.socket().connect(to, (int) options.connectTimeout().toMillis());
    } catch (SocketTimeoutException e) {
      throw new CameraException(
          "cannot connect to "
              + url.host()
              + ":"
              + url.portOrDefault()
              + " within "
              + options.connectTimeout().toSeconds()
              + " s");
    } catch (IOException e) {
      if (pull.stopped()) {
        return false;
      }
      throw new CameraException(
          "cannot connect to " + url.host() + ":" + url.portOrDefault() + ": " + e.getMessage());
    }
    camera = to.getAddress();
    return !pull.stopped();
  }

  // ---- the read loop -----------------------------------------------------------------------

  @Override
  public void decode(ByteBuffer in) {
    decoder.decode(in, this::onMessage);
    tick(System.nanoTime());
  }

  @Override
  public void end(int leftover) {
    // the camera closed: run() names the reason
  }

  @Override
  public boolean idle() {
    tick(System.nanoTime());
    return true;
  }

  private void onMessage(RtspMessage m) {
    switch (m) {
      case InterleavedFrame f -> onFrame(f);
      case RtspResponse r -> onResponse(r);
      case RtspRequest r -> onRequest(r);
    }
  }

  private void onFrame(InterleavedFrame f) {
    RtpIngest in = ingest;
    if (in == null || !in.started()) {
      return;
    }
    // The frame is a view of the read buffer: the payload must outlive the next read.
    ByteBuffer d = f.data();
    byte[] b = new byte[d.remaining()];
    d.get(b);
    in.interleaved(f.channel(), b, System.nanoTime());
  }

  /** A request from the camera (some send GET_PARAMETER or OPTIONS as keepalives of their own). */
  private void onRequest(RtspRequest r) {
    int status =
        switch (r.method()) {
          case "OPTIONS", "GET_PARAMETER", "SET_PARAMETER" -> 200;
          default -> 501;
        };
    long cseq = cseq(r.headers());
    Headers h = cseq >= 0 ? Headers.of(RtspHeaders.CSEQ, Long.toString(cseq)) : Headers.EMPTY;
    write(RtspEncoder.encode(RtspResponse.of(status, h)));
  }

  private void onResponse(RtspResponse r) {
    Pending p = pending;
    if (p == null) {
      return; // the answer to a keepalive
    }
    long cseq = cseq(r.headers());
    if (cseq >= 0 && cseq != p.cseq()) {
      return; // a late answer to an earlier request
    }
    pending = null;
    if (r.status() == 401) {
      if (p.retried()) {
        throw new CameraException("unauthorized: the camera refused the credentials");
      }
      requests.challenged(r);
      send(p.method(), p.uri(), p.extra(), true);
      return;
    }
    switch (state) {
      case OPTIONS -> onOptions(r);
      case DESCRIBE -> onDescribe(r);
      case SETUP -> onSetup(r);
      case PLAY -> onPlay(r);
      default -> {
        // nothing waits in the other states
      }
    }
  }

  private void onOptions(RtspResponse r) {
    if (r.isSuccess()) {
      try {
        methods =
            Set.copyOf(RtspHeaders.parsePublic(r.headers().get(RtspHeaders.PUBLIC).orElse("")));
      } catch (RtspException e) {
        methods = Set.of(); // keepalives fall back to OPTIONS
      }
    }
    // Some cameras refuse OPTIONS yet serve DESCRIBE: its answer decides.
    state = State.DESCRIBE;
    send(
        "DESCRIBE",
        url.toStringWithoutCredentials(),
        Headers.of(RtspHeaders.ACCEPT, "application/sdp"),
        false);
  }

  private void onDescribe(RtspResponse r) {
    if (!r.isSuccess()) {
      throw new CameraException("DESCRIBE answered " + status(r));
    }
    if (r.body().isEmpty()) {
      throw new CameraException("the camera's DESCRIBE answer has no description");
    }
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(r.body().toByteArray());
    } catch (SdpException e) {
      throw new CameraException("the camera's description is not valid sdp: " + e.getMessage());
    }
    try {
      base = RtspUrl.contentBase(r.headers(), url);
    } catch (RtspException e) {
      base = url; // an unreadable Content-Base: the described URL is the next best base
    }
    try {
      ingest = RtpIngest.of(sdp);
    } catch (IllegalArgumentException e) {
      throw new CameraException(e.getMessage());
    }
    aggregate = resolve(sdp.control().orElse("*"), "the session");
    ingest.onGoodbye(i -> end("the camera ended the stream (rtcp bye on track " + i + ")"));
    ingest.onFirstFrame(pull::pulling);
    toSetUp = ingest.tracks().stream().filter(InTrack::supported).toList();
    if (!tcp) {
      try {
        udp = UdpPair.bind("0.0.0.0", 0, 0, options.udpReceiveBuffer());
      } catch (IOException e) {
        throw new CameraException("cannot bind a udp port pair: " + e.getMessage());
      }
      udp.start(pull.context().threads());
    }
    state = State.SETUP;
    setupNext();
  }

  private void setupNext() {
    InTrack t = toSetUp.get(setupIndex);
    String uri = resolve(t.control(), "track " + t.index());
    Transport offer =
        tcp
            ? Transport.tcp(PortRange.pair(2 * setupIndex))
            : Transport.udp(new PortRange(udp.rtpPort(), udp.rtcpPort()));
    send("SETUP", uri, Headers.of(RtspHeaders.TRANSPORT, offer.toString()), false);
  }

  private void onSetup(RtspResponse r) {
    InTrack t = toSetUp.get(setupIndex);
    if (r.status() == 461 && !tcp && spec.transport() == SourceSpec.Transport.AUTO) {
      tryTcp = true;
      throw new Done();
    }
    if (!r.isSuccess()) {
      throw new CameraException(
          "SETUP of track " + t.index() + " (" + t.format().codec() + ") answered " + status(r));
    }
    String session = r.headers().get(RtspHeaders.SESSION).orElse(null);
    if (session != null) {
      try {
        SessionHeader h = SessionHeader.parse(session);
        requests.session(h.id());
        sessionTimeout = h.timeoutOrDefault();
      } catch (RtspException e) {
        throw new CameraException("the camera's session header is malformed: " + e.getMessage());
      }
    } else if (requests.session() == null) {
      throw new CameraException("the camera's SETUP answer has no session");
    }
    Transport answer;
    try {
      answer =
          r.headers()
              .get(RtspHeaders.TRANSPORT)
              .map(v -> Transport.parseList(v).get(0))
              .orElse(null);
    } catch (RtspException e) {
      throw new CameraException("the camera's SETUP answer has a bad transport: " + e.getMessage());
    }
    if (tcp || (answer != null && answer.isTcp())) {
      int ch =
          answer != null && answer.interleaved() != null
              ? answer.interleaved().first()
              : 2 * setupIndex;
      t.setUpTcp(ch);
    } else {
      PortRange sp = answer == null ? null : answer.serverPort();
      // Without server_port, packets are matched to the track by the camera's address and their
      // payload type (see UdpPair); with it, by the camera's address and port.
      int rtp = sp == null ? 0 : sp.first();
      int rtcp = sp == null ? 0 : sp.single() ? rtp + 1 : sp.last();
      InetSocketAddress rtcpAddr = new InetSocketAddress(camera, rtcp);
      ingest.addUdp(udp.registerInbound(new InetSocketAddress(camera, rtp), rtcpAddr, t));
      if (sp != null) {
        rtcpTo.put(t.index(), rtcpAddr);
      }
      t.setUpUdp();
    }
    setupIndex++;
    if (setupIndex < toSetUp.size()) {
      setupNext();
    } else {
      // Publishing starts before PLAY goes out: a camera sends its first datagrams right after its
      // answer, and they may arrive before the answer is read; dropped, they would take the first
      // keyframe with them. A refused PLAY closes the publish session again.
      publish();
      state = State.PLAY;
      send("PLAY", aggregate, Headers.of(RtspHeaders.RANGE, "npt=0.000-"), false);
    }
  }

  private void onPlay(RtspResponse r) {
    if (!r.isSuccess()) {
      throw new CameraException("PLAY answered " + status(r));
    }
    state = State.PLAYING;
    long now = System.nanoTime();
    playNanos = now;
    lastKeepalive = now;
    lastReport = now;
  }

  private void publish() {
    PublishSession s;
    try {
      s =
          pull.context()
              .openPublish(
                  spec.key(),
                  new ClientInfo(
                      "rtsp-pull", url.host() + ":" + url.portOrDefault(), "source " + spec.name()),
                  Credentials.NONE);
    } catch (StreamException e) {
      throw new CameraException("cannot publish " + spec.key() + ": " + e.getMessage());
    }
    s.onEnd(
        reason -> {
          if (!closing) {
            end("publish of " + spec.key() + " ended: " + reason.code());
          }
        });
    ingest.start(s);
  }

  // ---- time --------------------------------------------------------------------------------

  private void tick(long now) {
    if (endReason != null) {
      throw new Done();
    }
    if (state != State.PLAYING) {
      Pending p = pending;
      if (p != null && now - p.sent() > options.answerTimeout().toNanos()) {
        throw new CameraException(
            "no answer to " + p.method() + " within " + options.answerTimeout().toSeconds() + " s");
      }
      return;
    }
    long lastPacket = ingest.lastPacketNanos();
    if (!tcp
        && lastPacket == 0
        && spec.transport() == SourceSpec.Transport.AUTO
        && now - playNanos > options.udpFallback().toNanos()) {
      tryTcp = true;
      throw new Done();
    }
    if (now - Math.max(lastPacket, playNanos) > options.noMedia().toNanos()) {
      throw new CameraException(
          "no media for "
              + options.noMedia().toSeconds()
              + " s"
              + (!tcp && lastPacket == 0 ? " over udp (transport tcp may get through)" : ""));
    }
    long keepalive = Duration.ofSeconds(Math.max(2, sessionTimeout)).toNanos() / 2;
    if (now - lastKeepalive > keepalive) {
      lastKeepalive = now;
      String method = methods.contains("GET_PARAMETER") ? "GET_PARAMETER" : "OPTIONS";
      write(RtspEncoder.encode(requests.build(method, aggregate, Headers.EMPTY)));
    }
    if (udp != null && now - lastReport > options.reportInterval().toNanos()) {
      lastReport = now;
      sendReports(now);
    }
  }

  /** Receiver reports, one compound packet (RR and CNAME) per track to its RTCP port. */
  private void sendReports(long now) {
    for (Map.Entry<Integer, RtcpPacket.ReportBlock> e : ingest.reports(now).entrySet()) {
      InetSocketAddress to = rtcpTo.get(e.getKey());
      if (to == null) {
        continue;
      }
      byte[] b =
          Rtcp.encode(
              List.of(
                  new RtcpPacket.ReceiverReport(ssrc, List.of(e.getValue())),
                  new RtcpPacket.SourceDescription(
                      List.of(
                          new RtcpPacket.SourceDescription.Chunk(ssrc, "arcly-" + spec.name())))));
      udp.rtcpSocket().send(ByteBuffer.wrap(b), to);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void send(String method, String uri, Headers extra, boolean retried) {
    RtspRequest q = requests.build(method, uri, extra);
    pending = new Pending(method, uri, extra, q.cseq(), System.nanoTime(), retried);
    write(RtspEncoder.encode(q));
  }

  private void write(byte[] bytes) {
    try {
      conn.sendRaw(bytes);
    } catch (IOException e) {
      if (endReason == null && !pull.stopped()) {
        throw new CameraException("connection to the camera lost: " + e.getMessage());
      }
      throw new Done();
    }
  }

  private String resolve(String control, String what) {
    try {
      return base.resolve(control).toStringWithoutCredentials();
    } catch (RtspException e) {
      throw new CameraException(
          "the control url of " + what + " is not valid: " + Text.printable(control, 100));
    }
  }

  private static long cseq(Headers h) {
    try {
      return RtspHeaders.cseq(h);
    } catch (RtspException e) {
      return -1;
    }
  }

  private static String status(RtspResponse r) {
    return r.status() + (r.reason().isEmpty() ? "" : " " + Text.printable(r.reason(), 100));
  }

  /** Ends the session from another thread (the engine, the UDP sockets) for {@code reason}. */
  private void end(String reason) {
    if (endReason == null) {
      endReason = reason;
    }
    wake();
  }

  /** Wakes the reading thread: the camera's side of the stream ends, the loop sees its end. */
  private void wake() {
    SocketChannel ch = channel;
    if (ch == null) {
      return;
    }
    try {
      if (ch.isConnected()) {
        ch.shutdownInput();
      } else {
        ch.close();
      }
    } catch (IOException e) {
      // closed already
    }
  }

  private void close() {
    closing = true;
    if (conn != null) {
      if (requests.session() != null && aggregate != null && !conn.isClosed()) {
        try {
          conn.sendRaw(RtspEncoder.encode(requests.build("TEARDOWN", aggregate, Headers.EMPTY)));
        } catch (IOException | RuntimeException e) {
          // best effort: the camera also ends the session when the connection closes
        }
      }
      conn.close(null, false);
    } else if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (ingest != null) {
      ingest.close();
    }
    if (udp != null) {
      udp.close();
    }
  }
}
