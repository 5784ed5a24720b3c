package io.arcly.stream.protocol.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.AuthDecision;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.kernel.spi.StreamAuthenticator;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RTMP worker on a loopback port against a scripted client: protocol paths and bad input. */
class RtmpServerTest {
  static final byte[] AVC_CONFIG = {
    1,
    0x42,
    (byte) 0xC0,
    0x1E,
    (byte) 0xFF,
    (byte) 0xE1,
    0,
    0x0B,
    0x67,
    0x42,
    (byte) 0xC0,
    0x1E,
    (byte) 0xD9,
    0x01,
    0x40,
    0x16,
    (byte) 0xE8,
    0x40,
    0,
    1,
    0,
    4,
    0x68,
    (byte) 0xCB,
    (byte) 0x83,
    (byte) 0xCB
  };

  Engine engine;
  WorkerHost host;
  RtmpServer server;
  int baselineThreads;

  @BeforeEach
  void start() throws Exception {
    restart(
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .application(AppSpec.defaults("studio").withTakeover(true))
            .build(),
        RtmpSettings.forTests().withPlayWait(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    assertThat(host.stop()).as("threads left after stop").isEmpty();
  }

  RtmpTestClient client() throws IOException {
    RtmpTestClient c = new RtmpTestClient(server.port());
    c.handshake(false);
    return c;
  }

  /** A connected client that published {@code key} and got Publish.Start. */
  RtmpTestClient publisher(String app, String stream) throws IOException {
    RtmpTestClient c = client();
    c.connect(app);
    int id = c.createStream();
    c.command(id, Command.of("publish", 0, Amf.NULL, Amf.str(stream), Amf.str("live")));
    assertThat(c.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
    return c;
  }

  static byte[] videoTag(boolean config, boolean key, byte[] data) {
    byte[] b = new byte[5 + data.length];
    b[0] = (byte) ((key ? 0x10 : 0x20) | 7);
    b[1] = (byte) (config ? 0 : 1);
    System.arraycopy(data, 0, b, 5, data.length);
    return b;
  }

  static byte[] nal(int type, int size) {
    byte[] b = new byte[4 + size];
    b[3] = (byte) size;
    b[2] = (byte) (size >> 8);
    b[4] = (byte) type;
    return b;
  }

  void awaitClean() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(engine.streamCount()).as("streams").isZero();
              assertThat(engine.sessions().count()).as("play sessions").isZero();
              assertThat(host.liveThreads()).as("threads").isEqualTo(baselineThreads);
            });
  }

  @Test
  void publishSendsFramesToTheBusAndFreesTheKeyOnDisconnect() throws Exception {
    try (RtmpTestClient c = publisher("live", "cam?token=abc")) {
      c.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      c.send(6, 9, 1, 0, videoTag(false, true, nal(5, 300)));
      c.send(6, 9, 1, 33, videoTag(false, false, nal(1, 100)));
      await().until(() -> engine.findStream(new StreamKey("live", "cam")).isPresent());
      var h = engine.findStream(new StreamKey("live", "cam")).orElseThrow();
      await().until(() -> h.qos().videoFrames() == 2);
      List<Frame> gop = h.replayBuffer();
      assertThat(gop).hasSize(3);
      assertThat(gop.get(0).isConfig()).isTrue();
      assertThat(gop.get(1).isKeyframe()).isTrue();
      assertThat(gop.get(2).dts()).isEqualTo(33_000);
      assertThat(h.tracks())
          .singleElement()
          .satisfies(t -> assertThat(t.codecString()).isEqualTo("avc1.42c01e"));
    }
    awaitClean();
  }

  @Test
  void aSecondPublisherGetsBadNameAndTheFirstCarriesOn() throws Exception {
    try (RtmpTestClient first = publisher("live", "one");
        RtmpTestClient second = client()) {
      second.connect("live");
      int id = second.createStream();
      second.command(id, Command.of("publish", 0, Amf.NULL, Amf.str("one"), Amf.str("live")));
      assertThat(second.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.BadName");
      assertThat(second.closedByServer()).isTrue();
      first.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      await()
          .until(
              () ->
                  engine
                      .findStream(new StreamKey("live", "one"))
                      .map(h -> h.config(io.arcly.stream.media.TrackKind.VIDEO).isPresent())
                      .orElse(false));
    }
    awaitClean();
  }

  @Test
  void aPlayerBeforeThePublisherWaitsThenGetsConfigsAndTheGop() throws Exception {
    try (RtmpTestClient player = client()) {
      player.connect("live");
      int id = player.createStream();
      player.command(id, Command.of("play", 0, Amf.NULL, Amf.str("later")));
      assertThat(player.awaitStatus("NetStream.Play.Start")).isEqualTo("NetStream.Play.Start");
      await().until(() -> engine.sessions().count() == 1);
      try (RtmpTestClient pub = publisher("live", "later")) {
        pub.send(6, 9, 1, 1000, videoTag(true, true, AVC_CONFIG));
        pub.send(6, 9, 1, 1000, videoTag(false, true, nal(5, 5000)));
        pub.send(6, 9, 1, 1033, videoTag(false, false, nal(1, 100)));
        RawMessage m;
        int video = 0;
        long lastTs = -1;
        while (video < 3 && (m = player.next()) != null) {
          if (m.typeId() == 9) {
            video++;
            lastTs = m.timestamp();
          }
        }
        assertThat(video).isEqualTo(3);
        assertThat(lastTs).as("rebased to start near zero").isEqualTo(33);
      }
      assertThat(player.awaitStatus("NetStream.Play.UnpublishNotify")).isNotEmpty();
      assertThat(player.closedByServer()).isTrue();
    }
    awaitClean();
  }

  @Test
  void anAmf3CommandMessageIsUnderstood() throws Exception {
    // Flash Player with objectEncoding 3 sends type 17: a format byte, then AMF0 values.
    try (RtmpTestClient c = client()) {
      byte[] amf0 =
          Command.of("connect", 1, Amf.obj("app", Amf.str("live"), "objectEncoding", Amf.num(3)))
              .encode();
      byte[] body = new byte[amf0.length + 1];
      System.arraycopy(amf0, 0, body, 1, amf0.length);
      c.send(3, 17, 0, 0, body);
      Command result = c.awaitCommand("_result", "_error");
      assertThat(result.name()).isEqualTo("_result");
      assertThat(result.arg(0).get("objectEncoding").asNumber(-1)).isEqualTo(3);
    }
    awaitClean();
  }

  @Test
  void pauseStopsMediaAndUnpauseResumesAtAKeyframe() throws Exception {
    try (RtmpTestClient pub = publisher("live", "p");
        RtmpTestClient player = client()) {
      pub.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      pub.send(6, 9, 1, 0, videoTag(false, true, nal(5, 100)));
      await().until(() -> engine.findStream(new StreamKey("live", "p")).isPresent());
      player.connect("live");
      int id = player.createStream();
      player.command(id, Command.of("play", 0, Amf.NULL, Amf.str("p")));
      player.command(id, Command.of("pause", 0, Amf.NULL, Amf.bool(true), Amf.num(0)));
      assertThat(player.awaitStatus("NetStream.Pause.Notify")).isNotEmpty();
      pub.send(6, 9, 1, 33, videoTag(false, false, nal(1, 50)));
      player.command(id, Command.of("pause", 0, Amf.NULL, Amf.bool(false), Amf.num(0)));
      assertThat(player.awaitStatus("NetStream.Unpause.Notify")).isNotEmpty();
      pub.send(6, 9, 1, 66, videoTag(false, false, nal(1, 50)));
      pub.send(6, 9, 1, 99, videoTag(false, true, nal(5, 70)));
      RawMessage m;
      while ((m = player.next()) != null) {
        if (m.typeId() == 9 && m.body().get(1) == 1) {
          break; // the first coded frame after Unpause.Notify
        }
      }
      assertThat(m).isNotNull();
      assertThat(m.body().length()).as("the keyframe sent after unpausing").isEqualTo(5 + 4 + 70);
      assertThat(m.body().get(0) >> 4).as("first frame after unpause is a key frame").isEqualTo(1);
    }
    awaitClean();
  }

  @Test
  void aPlayerCanDeleteItsStreamAndPlayAgainOnTheSameConnection() throws Exception {
    try (RtmpTestClient pub = publisher("live", "again");
        RtmpTestClient player = client()) {
      pub.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      pub.send(6, 9, 1, 0, videoTag(false, true, nal(5, 100)));
      await().until(() -> engine.findStream(new StreamKey("live", "again")).isPresent());
      player.connect("live");
      for (int round = 0; round < 2; round++) {
        int id = player.createStream();
        player.command(id, Command.of("play", 0, Amf.NULL, Amf.str("again")));
        assertThat(player.awaitStatus("NetStream.Play.Start")).isNotEmpty();
        RawMessage m;
        while ((m = player.next()) != null && m.typeId() != 9) {
          // until the first video message
        }
        assertThat(m).isNotNull();
        player.command(0, Command.of("deleteStream", 0, Amf.NULL, Amf.num(id)));
        await().until(() -> engine.sessions().count() == 0);
      }
    }
    awaitClean();
  }

  @Test
  void theDigestHandshakeIsAnsweredWithAValidServerDigest() throws Exception {
    try (RtmpTestClient c = new RtmpTestClient(server.port())) {
      byte[] s = c.handshake(true);
      byte[] s1 = Arrays.copyOfRange(s, 1, 1 + Handshake.SIZE);
      assertThat(Handshake.verifyServerDigest(s1, Handshake.Kind.DIGEST_SCHEME_1)).isTrue();
      assertThat(c.connect("live").name()).isEqualTo("_result");
    }
    awaitClean();
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws Exception {
    try (RtmpTestClient c = client()) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (Command cmd :
          List.of(
              Command.of("connect", 1, Amf.obj("app", Amf.str("live"))),
              Command.of("releaseStream", 2, Amf.NULL, Amf.str("p")),
              Command.of("FCPublish", 3, Amf.NULL, Amf.str("p")),
              Command.of("createStream", 4, Amf.NULL))) {
        all.writeBytes(ChunkEncoder.message(3, 20, 0, 0, Payload.wrap(cmd.encode()), 128));
      }
      all.writeBytes(
          ChunkEncoder.message(
              3,
              20,
              0,
              1,
              Payload.wrap(
                  Command.of("publish", 5, Amf.NULL, Amf.str("p"), Amf.str("live")).encode()),
              128));
      c.raw(all.toByteArray());
      assertThat(c.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
    }
    awaitClean();
  }

  @Test
  void badInputClosesOnlyThatConnectionAndLeaksNothing() throws Exception {
    try (RtmpTestClient pub = publisher("live", "survivor")) {
      List<byte[]> attacks =
          List.of(
              // a type-1 header on a chunk stream that never had a type-0 one
              new byte[] {0x47, 0, 0, 1, 0, 0, 4, 9},
              // a message announcing 16 MiB - 1
              header(6, 9, 0xFFFFFF),
              // AMF garbage in a command
              ChunkEncoder.message(
                  3, 20, 0, 0, Payload.wrap(new byte[] {0x02, 0x00, 0x10, 'a'}), 128),
              // an unknown command
              ChunkEncoder.message(
                  3, 20, 0, 0, Payload.wrap(Command.of("format_c", 1, Amf.NULL).encode()), 128),
              // media before publish
              ChunkEncoder.message(
                  6, 9, 0, 1, Payload.wrap(videoTag(true, true, AVC_CONFIG)), 128));
      for (byte[] attack : attacks) {
        try (RtmpTestClient c = client()) {
          c.raw(attack);
          assertThat(c.closedByServer()).isTrue();
        }
      }
      // A client that stops in the middle of a message.
      try (RtmpTestClient c = client()) {
        c.connect("live");
        byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(new byte[1000]), 128);
        c.raw(Arrays.copyOf(msg, 300));
      }
      // A client that sends nothing after the handshake starts.
      try (RtmpTestClient c = new RtmpTestClient(server.port())) {
        c.raw(new byte[] {3, 1, 2});
      }
      pub.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      await().until(() -> engine.findStream(new StreamKey("live", "survivor")).isPresent());
    }
    awaitClean();
  }

  static byte[] header(int csid, int type, int length) {
    byte[] h = new byte[ChunkEncoder.MAX_HEADER];
    int n = ChunkEncoder.header(h, 0, csid, type, 0, length, 1);
    return Arrays.copyOf(h, n);
  }

  @Test
  void silentClientsAreClosedAfterTheHandshakeTimeout() throws Exception {
    try (RtmpTestClient c = new RtmpTestClient(server.port())) {
      c.raw(new byte[] {3});
      assertThat(c.closedByServer()).isTrue();
    }
    awaitClean();
  }

  /** Runs a fresh worker for {@code e} (stopping the current one, if any). */
  void restart(Engine e, RtmpSettings settings) throws Exception {
    if (host != null) {
      assertThat(host.stop()).isEmpty();
    }
    engine = e;
    server = new RtmpServer(settings);
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    baselineThreads = host.liveThreads();
  }

  @Test
  void theQueryStringReachesTheAuthenticatorAndIsNotPartOfTheKey() throws Exception {
    StreamAuthenticator tokens =
        new StreamAuthenticator() {
          @Override
          public AuthDecision authorizePublish(StreamKey key, Credentials c, ClientInfo client) {
            return c.param("token").filter("s3cret"::equals).isPresent()
                ? AuthDecision.ALLOW
                : AuthDecision.deny("bad token");
          }

          @Override
          public AuthDecision authorizePlay(StreamKey key, Credentials c, ClientInfo client) {
            return AuthDecision.ALLOW;
          }
        };
    restart(
        Engine.builder()
            .describer(io.arcly.stream.codec.Tracks::describe)
            .application(AppSpec.defaults("live"))
            .authenticator(tokens)
            .build(),
        RtmpSettings.forTests());
    try (RtmpTestClient ok = publisher("live", "cam?token=s3cret")) {
      assertThat(engine.findStream(new StreamKey("live", "cam"))).isPresent();
    }
    try (RtmpTestClient bad = client()) {
      bad.connect("live");
      int id = bad.createStream();
      bad.command(
          id, Command.of("publish", 0, Amf.NULL, Amf.str("cam?token=guess"), Amf.str("live")));
      assertThat(bad.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Rejected");
      assertThat(bad.closedByServer()).isTrue();
    }
    // The token may also ride on the application (rtmp://host/live?token=.../cam).
    try (RtmpTestClient viaApp = client()) {
      viaApp.connect("live?token=s3cret");
      int id = viaApp.createStream();
      viaApp.command(id, Command.of("publish", 0, Amf.NULL, Amf.str("cam2"), Amf.str("live")));
      assertThat(viaApp.awaitStatus("NetStream.Publish.")).isEqualTo("NetStream.Publish.Start");
    }
    awaitClean();
  }

  @Test
  void takeoverModeReplacesTheFirstPublisherAndClosesIt() throws Exception {
    try (RtmpTestClient first = publisher("studio", "desk");
        RtmpTestClient second = publisher("studio", "desk")) {
      assertThat(first.closedByServer()).as("the replaced publisher is disconnected").isTrue();
      second.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      await()
          .until(
              () ->
                  engine
                      .findStream(new StreamKey("studio", "desk"))
                      .map(h -> h.config(TrackKind.VIDEO).isPresent())
                      .orElse(false));
    }
    awaitClean();
  }

  @Test
  void playOfAMissingStreamWithoutWaitingIsStreamNotFound() throws Exception {
    restart(engine, RtmpSettings.forTests().withPlayWait(Duration.ZERO));
    try (RtmpTestClient c = client()) {
      c.connect("live");
      int id = c.createStream();
      c.command(id, Command.of("play", 0, Amf.NULL, Amf.str("nobody")));
      assertThat(c.awaitStatus("NetStream.Play.")).isEqualTo("NetStream.Play.StreamNotFound");
      assertThat(c.closedByServer()).isTrue();
    }
    awaitClean();
  }
}
