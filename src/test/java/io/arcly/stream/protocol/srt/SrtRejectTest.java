package io.arcly.stream.protocol.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.AuthDecision;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.kernel.spi.StreamAuthenticator;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.srt.session.Caller;
import io.arcly.stream.protocol.srt.session.Rejected;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.RejectReason;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers the SRT worker refuses, each with the reason libsrt callers report, and handshakes that
 * cost it nothing: forged cookies, floods of inductions, version 4.
 */
class SrtRejectTest {
  Engine engine;
  WorkerHost host;
  SrtServer server;
  final List<Caller> callers = new ArrayList<>();

  void start(SrtSettings settings) throws InterruptedException {
    start(settings, StreamAuthenticator.ALLOW_ALL, 0);
  }

  void start(SrtSettings settings, StreamAuthenticator auth, int maxPublishers)
      throws InterruptedException {
    Engine.Builder b =
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .authenticator(auth);
    if (maxPublishers > 0) {
      b.maxPublishers(maxPublishers);
    }
    engine = b.build();
    server = new SrtServer(settings, Passphrases.none());
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() {
    callers.forEach(
        c -> {
          c.close("test over");
          c.close();
        });
    if (host != null) {
      assertThat(host.stop()).as("threads left after stop").isEmpty();
    }
  }

  Caller call(String streamId) throws Exception {
    Caller c =
        Caller.connect(
            new Caller.Target(
                "127.0.0.1", server.port(), streamId, 120, 5_000, Duration.ofSeconds(3), 1024),
            null,
            Thread.ofVirtual().factory(),
            "test caller");
    callers.add(c);
    return c;
  }

  /** A caller whose connection runs (publishing nothing) on a thread of its own. */
  Caller running(String streamId) throws Exception {
    Caller c = call(streamId);
    Thread.ofVirtual()
        .start(
            () ->
                c.send(
                    feed -> {
                      while (!feed.closed()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                      }
                    },
                    r -> {}));
    return c;
  }

  RejectReason refusal(String streamId) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> call(streamId));
    assertThat(t).isInstanceOf(Rejected.class);
    return ((Rejected) t).reason();
  }

  @Test
  void streamIdMistakesAreBadRequests() throws Exception {
    start(SrtSettings.forTests());
    assertThat(refusal(null)).isEqualTo(RejectReason.BAD_REQUEST);
    assertThat(refusal("nonsense")).isEqualTo(RejectReason.BAD_REQUEST);
    assertThat(refusal("#!::m=publish")).isEqualTo(RejectReason.BAD_REQUEST);
    assertThat(server.rejections()).isEqualTo(3);
  }

  @Test
  void aSecondPublisherIsAConflict() throws Exception {
    start(SrtSettings.forTests());
    running("publish:live/one");
    await().until(() -> engine.findStream(new StreamKey("live", "one")).isPresent());
    assertThat(refusal("publish:live/one")).isEqualTo(RejectReason.CONFLICT);
  }

  @Test
  void readingAStreamThatIsNotLiveIsNotFoundWithoutAWait() throws Exception {
    SrtSettings s = SrtSettings.forTests();
    start(
        new SrtSettings(
            s.enabled(),
            s.host(),
            s.port(),
            s.latency(),
            s.peerIdleTimeout(),
            Duration.ZERO,
            s.receiveBuffer(),
            s.sendBuffer(),
            s.maxPendingHandshakes(),
            s.udpReceiveBuffer(),
            s.batchDelay(),
            s.kmRefreshRate(),
            s.kmPreAnnounce(),
            s.passphrase(),
            s.push()));
    assertThat(refusal("read:live/none")).isEqualTo(RejectReason.NOT_FOUND);
  }

  @Test
  void theAuthenticatorsRefusalIsUnauthorizedAndSeesTheUser() throws Exception {
    List<Credentials> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    StreamAuthenticator auth =
        new StreamAuthenticator() {
          @Override
          public AuthDecision authorizePublish(StreamKey k, Credentials c, ClientInfo client) {
            seen.add(c);
            return AuthDecision.deny("no");
          }

          @Override
          public AuthDecision authorizePlay(StreamKey k, Credentials c, ClientInfo client) {
            return AuthDecision.deny("no");
          }
        };
    start(SrtSettings.forTests(), auth, 0);
    assertThat(refusal("#!::r=live/cam,m=publish,u=alice")).isEqualTo(RejectReason.UNAUTHORIZED);
    assertThat(seen).extracting(Credentials::user).containsExactly("alice");
  }

  @Test
  void beyondThePublisherLimitIsOverload() throws Exception {
    start(SrtSettings.forTests(), StreamAuthenticator.ALLOW_ALL, 1);
    running("publish:live/a");
    await().until(() -> engine.findStream(new StreamKey("live", "a")).isPresent());
    assertThat(refusal("publish:live/b")).isEqualTo(RejectReason.OVERLOAD);
  }

  private static byte[] induction(int socketId) {
    return new ControlPacket(
            0,
            0,
            new Handshake(
                4,
                0,
                2,
                1,
                1500,
                8192,
                Handshake.INDUCTION,
                socketId,
                0,
                Payload.wrap(new byte[16]),
                null,
                null,
                null,
                null))
        .encode();
  }

  private static Handshake answer(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    s.receive(p);
    return (Handshake) ((ControlPacket) SrtPacket.decode(p.getData(), 0, p.getLength())).body();
  }

  @Test
  void forgedCookiesAndInductionFloodsCostNoState() throws Exception {
    start(SrtSettings.forTests());
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
    List<DatagramSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        DatagramSocket s = new DatagramSocket();
        s.setSoTimeout(2_000);
        sockets.add(s);
        for (int j = 0; j < 20; j++) {
          byte[] b = induction(1000 + i);
          s.send(new DatagramPacket(b, b.length, to));
        }
      }
      for (DatagramSocket s : sockets) {
        assertThat(answer(s).cookie()).isNotZero(); // every induction is answered, statelessly
      }
      DatagramSocket s = sockets.getFirst();
      Handshake forged =
          new Handshake(
              5,
              0,
              5,
              1,
              1500,
              8192,
              Handshake.CONCLUSION,
              77,
              0xBADC00C1,
              Payload.wrap(new byte[16]),
              new Handshake.SrtExtension(false, 0x010501, 0xbf, 120, 120),
              null,
              "publish:live/forged",
              null);
      byte[] b = new ControlPacket(0, 0, forged).encode();
      s.send(new DatagramPacket(b, b.length, to));
      await().until(() -> server.badCookies() == 1);
      assertThat(server.connections()).isEmpty();
      assertThat(engine.findStream(new StreamKey("live", "forged"))).isEmpty();
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
  }

  @Test
  void aVersionFourCallerIsRefusedWithItsReason() throws Exception {
    start(SrtSettings.forTests());
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(2_000);
      byte[] b = induction(5);
      s.send(new DatagramPacket(b, b.length, to));
      int cookie = answer(s).cookie();
      Handshake v4 =
          new Handshake(
              4,
              0,
              2,
              1,
              1500,
              8192,
              Handshake.CONCLUSION,
              5,
              cookie,
              Payload.wrap(new byte[16]),
              null,
              null,
              null,
              null);
      b = new ControlPacket(0, 0, v4).encode();
      s.send(new DatagramPacket(b, b.length, to));
      Handshake refused = answer(s);
      assertThat(refused.isRejection()).isTrue();
      assertThat(refused.rejectReason()).isEqualTo(RejectReason.VERSION);
      assertThatThrownBy(() -> answer(s)).isInstanceOf(SocketTimeoutException.class);
    }
  }
}
