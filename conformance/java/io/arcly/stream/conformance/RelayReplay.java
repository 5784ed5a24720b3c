package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.Relay;
import io.arcly.stream.protocol.rtmp.RtmpServer;
import io.arcly.stream.protocol.rtmp.RtmpSettings;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The client role for RTMP: our relay against a captured upstream. The replay plays the captured
 * server's half to the relay (the handshake answer once C0/C1 arrived, the rest once C2 arrived:
 * the relay handles the answers to connect, createStream and publish in order) and decodes what the
 * relay sends. The relay relays the bundled sample, published under {@code live/source}.
 */
final class RelayReplay {
  static final String SOURCE = "live/source";

  private RelayReplay() {}

  static Replayer.Result replay(TcpConnection conn, Expectation e) throws Exception {
    byte[] server = conn.bytes(Direction.SERVER_TO_CLIENT);
    if (server.length < 1 + 2 * Handshake.SIZE) {
      return new Replayer.Result(false, "the captured server never completed a handshake");
    }
    Engine engine = Engine.builder().describer(io.arcly.stream.codec.Tracks::describe).build();
    RtmpServer rtmp = new RtmpServer(RtmpSettings.forTests());
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(rtmp));
    SamplePublisher sample = null;
    RtmpAnswers sent = new RtmpAnswers();
    AtomicBoolean accepted = new AtomicBoolean();
    try (ServerSocket upstream = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      if (!host.awaitSettled(Duration.ofSeconds(10))) {
        return new Replayer.Result(false, "the rtmp worker did not start");
      }
      sample = SamplePublisher.start(engine, SOURCE);
      Thread fake =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = upstream.accept()) {
                      accepted.set(true);
                      serve(s, server, sent);
                    } catch (IOException ignored) {
                      // the relay went away
                    }
                  });
      Relay relay =
          rtmp.relays()
              .orElseThrow()
              .start(
                  StreamKey.parse(SOURCE),
                  "rtmp://127.0.0.1:" + upstream.getLocalPort() + "/" + e.stream());
      long duration = Math.max(2_000_000, conn.endMicros() - conn.startMicros());
      long deadline = System.nanoTime() + duration * 1000;
      boolean publishing = false;
      while (System.nanoTime() < deadline) {
        publishing |= relay.state() == Relay.State.PUBLISHING;
        LockSupport.parkNanos(20_000_000L);
      }
      rtmp.relays().orElseThrow().stop(StreamKey.parse(SOURCE), relay.id());
      sample.stop();
      sample = null;
      fake.join(Duration.ofSeconds(10));
      if (!accepted.get()) {
        return new Replayer.Result(false, "the relay never connected");
      }
      if (sent.error != null) {
        return new Replayer.Result(false, "the relay sent " + sent.error);
      }
      if (!publishing) {
        return new Replayer.Result(
            false, "the relay never reached publishing: " + relay.lastError());
      }
      return Replayer.verdict(e, sent);
    } finally {
      if (sample != null) {
        sample.stop();
      }
      host.stop();
    }
  }

  /** Answers like the captured upstream and keeps what the relay sends. */
  private static void serve(Socket s, byte[] server, RtmpAnswers sent) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] b = new byte[64 * 1024];
    int phase = 0; // 0: waiting for C0+C1, 1: waiting for C2, 2: answered everything
    int n;
    while ((n = in.read(b)) >= 0) {
      sent.feed(b, 0, n);
      if (phase < 2) {
        got.write(b, 0, n);
        if (phase == 0 && got.size() >= 1 + Handshake.SIZE) {
          out.write(server, 0, 1 + 2 * Handshake.SIZE);
          phase = 1;
        }
        if (phase == 1 && got.size() >= 1 + 2 * Handshake.SIZE) {
          out.write(server, 1 + 2 * Handshake.SIZE, server.length - (1 + 2 * Handshake.SIZE));
          phase = 2;
        }
        out.flush();
      }
    }
  }
}
