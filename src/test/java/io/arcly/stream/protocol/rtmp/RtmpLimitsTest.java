package io.arcly.stream.protocol.rtmp;

import static io.arcly.stream.protocol.rtmp.RtmpServerTest.AVC_CONFIG;
import static io.arcly.stream.protocol.rtmp.RtmpServerTest.videoTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.StreamMetadata;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.kernel.spi.Observer;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a hostile or quirky peer may send, against the RTMP worker on a loopback port. */
class RtmpLimitsTest {
  Engine engine;
  WorkerHost host;
  RtmpServer server;
  int baselineThreads;

  /** Connections closed for bad input (the budget among the reasons), as the metrics count them. */
  final AtomicInteger badInput = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    start(RtmpSettings.forTests());
  }

  void start(RtmpSettings settings) throws Exception {
    if (host != null) {
      assertThat(host.stop()).isEmpty();
    }
    engine =
        Engine.builder()
            .application(AppSpec.defaults("live"))
            .observer(
                new Observer() {
                  @Override
                  public void sessionRejected(String protocol, String reason) {
                    if (reason.equals("bad_input")) {
                      badInput.incrementAndGet();
                    }
                  }
                })
            .build();
    server = new RtmpServer(settings);
    host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.of(server));
    assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
    baselineThreads = host.liveThreads();
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

  /** Publishes {@code stream} on an open connection; returns the status code answered. */
  static String publish(RtmpTestClient c, String stream) throws IOException {
    int id = c.createStream();
    c.command(id, Command.of("publish", 0, Amf.NULL, Amf.str(stream), Amf.str("live")));
    return c.awaitStatus("NetStream.Publish.");
  }

  void awaitClean() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(engine.streamCount()).as("streams").isZero();
              assertThat(host.liveThreads()).as("threads").isEqualTo(baselineThreads);
            });
  }

  @Test
  void aTenKilobyteFlashVerWithLineBreaksReachesTheEngineBoundedAndClean() throws Exception {
    String flashVer = "FMLE/3.0\r\nX-Forged: yes\r\n" + "x".repeat(10 * 1024);
    try (RtmpTestClient c = client()) {
      c.command(
          0,
          Command.of(
              "connect",
              1,
              Amf.obj(
                  "app", Amf.str("live"), "flashVer", Amf.str(flashVer), "tcUrl", Amf.str(""))));
      assertThat(c.awaitCommand("_result", "_error").name()).isEqualTo("_result");
      assertThat(publish(c, "cam")).isEqualTo("NetStream.Publish.Start");
      StreamHandle h = engine.findStream(new StreamKey("live", "cam")).orElseThrow();
      String name = h.publisher().clientName();
      assertThat(name).hasSize(ClientInfo.MAX_CLIENT_NAME).startsWith("FMLE/3.0??X-Forged: yes??");
      assertThat(name).doesNotContain("\r", "\n");
    }
    awaitClean();
  }

  @Test
  void aStreamNameOutsideTheKeyRuleIsBadNameAndTheConnectionCloses() throws Exception {
    try (RtmpTestClient c = client()) {
      c.connect("live");
      assertThat(publish(c, "a b#c")).isEqualTo("NetStream.Publish.BadName");
      assertThat(c.closedByServer()).isTrue();
    }
    try (RtmpTestClient c = client()) {
      c.connect("live");
      int id = c.createStream();
      c.command(id, Command.of("play", 0, Amf.NULL, Amf.str("a b#c")));
      assertThat(c.awaitStatus("NetStream.Play.")).isEqualTo("NetStream.Play.StreamNotFound");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(engine.streamCount()).isZero();
    // Every character the rule allows, and the query still split off.
    try (RtmpTestClient c = client()) {
      c.connect("live");
      assertThat(publish(c, "Cam-1_hd.v2~b:main?token=x")).isEqualTo("NetStream.Publish.Start");
      c.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      await()
          .until(() -> engine.findStream(StreamKey.parse("live/Cam-1_hd.v2~b:main")).isPresent());
    }
    awaitClean();
  }

  @Test
  void anOnMetaDataOfTwentyThousandKeysIsStoredBoundedAndThePublisherCarriesOn() throws Exception {
    Map<String, Amf> props = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      props.put("key" + i, Amf.str("value" + i));
    }
    props.put("width", Amf.num(1280));
    props.put("height", Amf.num(720));
    props.put("framerate", Amf.num(30));
    props.put("encoder", Amf.str("Lavf61.7.100"));
    byte[] body =
        new DataMessage("@setDataFrame", List.of(Amf.str("onMetaData"), new Amf.Ecma(props)))
            .encode();
    assertThat(body.length).as("the message as probed").isGreaterThan(300_000);
    List<StreamEvent> events = new CopyOnWriteArrayList<>();
    engine.subscribeEvents(null, events::add);
    try (RtmpTestClient c = client()) {
      c.connect("live");
      assertThat(publish(c, "meta")).isEqualTo("NetStream.Publish.Start");
      c.send(4, MessageType.DATA_AMF0.code(), 1, 0, body);
      c.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
      StreamKey key = new StreamKey("live", "meta");
      await().until(() -> engine.findStream(key).map(h -> h.qos().framesIn() > 0).orElse(false));
      StreamMetadata m = engine.findStream(key).orElseThrow().metadata();
      assertThat(m.values()).hasSizeLessThanOrEqualTo(StreamMetadata.MAX_ENTRIES);
      assertThat(m.values())
          .containsEntry("width", 1280.0)
          .containsEntry("height", 720.0)
          .containsEntry("framerate", 30.0)
          .containsEntry("encoder", "Lavf61.7.100");
      StreamEvent e =
          events.stream()
              .filter(x -> x.type() == StreamEvent.Type.METADATA)
              .findFirst()
              .orElseThrow();
      assertThat(e.detail().get("keys").length()).isLessThan(StreamMetadata.MAX_SIZE);
    }
    awaitClean();
  }

  static final int KIB = 1024;
  static final int MIB = 1024 * KIB;

  /**
   * A peer holding two unfinished messages of 8 MiB, 640 KiB of each sent: the server's buffers for
   * them have grown to 1 MiB each. Returns without failing if the server closes it meanwhile.
   */
  RtmpTestClient holdTwoUnfinishedMessages() throws IOException {
    RtmpTestClient c = client();
    try {
      c.setChunkSize(640 * KIB);
      c.raw(RtmpServerTest.header(6, 9, 8 * MIB));
      c.raw(new byte[640 * KIB]);
      c.raw(RtmpServerTest.header(7, 9, 8 * MIB));
      c.raw(new byte[640 * KIB]);
    } catch (IOException closedMeanwhile) {
      // refused: the caller checks that the server closed it
    }
    return c;
  }

  @Test
  void peersHoldingUnfinishedMessagesAreRefusedOnceTheBudgetIsSpentAndANormalPublisherWorks()
      throws Exception {
    start(RtmpSettings.forTests().withMaxPendingBytes(9 * MIB));
    List<RtmpTestClient> holders = new java.util.ArrayList<>();
    try {
      for (int i = 1; i <= 4; i++) {
        holders.add(holdTwoUnfinishedMessages());
        long expected = i * 2L * MIB;
        await().until(() -> server.pendingBytes() == expected);
      }
      // The fifth and sixth would pass 9 MiB: each is closed and gives back what it took.
      for (int i = 1; i <= 2; i++) {
        try (RtmpTestClient refused = holdTwoUnfinishedMessages()) {
          int closed = i;
          await().until(() -> badInput.get() == closed); // not the idle timeout
          assertThat(refused.closedByServer()).isTrue();
        }
        assertThat(server.pendingBytes()).isLessThanOrEqualTo(9L * MIB);
      }
      // The first four still hold theirs.
      await().until(() -> server.pendingBytes() == 8L * MIB);
      // A publisher with ordinary messages fits in what is left.
      try (RtmpTestClient pub = client()) {
        pub.connect("live");
        assertThat(publish(pub, "ok")).isEqualTo("NetStream.Publish.Start");
        pub.send(6, 9, 1, 0, videoTag(true, true, AVC_CONFIG));
        pub.send(6, 9, 1, 0, videoTag(false, true, RtmpServerTest.nal(5, 20_000)));
        StreamKey key = new StreamKey("live", "ok");
        await()
            .until(() -> engine.findStream(key).map(h -> h.qos().videoFrames() == 1).orElse(false));
      }
    } finally {
      for (RtmpTestClient h : holders) {
        h.close();
      }
    }
    // Every path out gave its bytes back: nothing is held once they are all gone.
    await().until(() -> server.pendingBytes() == 0);
    awaitClean();
  }
}
