package io.arcly.stream.kernel;

import static io.arcly.stream.kernel.TestFrames.video;
import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerHostTest {

  /**
   * A tiny line protocol: each connection publishes to the stream named on its first line and sends
   * one keyframe per further line, until the peer closes.
   */
  static final class LineProtocol implements InboundProtocol {
    final CompletableFuture<Integer> port = new CompletableFuture<>();
    final int bindPort;
    final AtomicInteger virtualThreads = new AtomicInteger();

    LineProtocol(int bindPort) {
      this.bindPort = bindPort;
    }

    @Override
    public String name() {
      return "line";
    }

    @Override
    public void serve(IngestContext ctx, ShutdownSignal shutdown) throws IOException {
      ServerSocket server = new ServerSocket();
      try {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort));
      } catch (BindException e) {
        server.close();
        throw new BindException("cannot listen on 127.0.0.1:" + bindPort + ": " + e.getMessage());
      }
      shutdown.onRequest(() -> closeQuietly(server));
      port.complete(server.getLocalPort());
      ctx.ready("127.0.0.1:" + server.getLocalPort());
      while (!shutdown.isRequested()) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          if (shutdown.isRequested()) {
            return;
          }
          throw e;
        }
        ctx.threads().newThread(() -> handle(ctx, s)).start();
      }
    }

    private void handle(IngestContext ctx, Socket s) {
      if (Thread.currentThread().isVirtual()) {
        virtualThreads.incrementAndGet();
      }
      try (s;
          InputStream in = s.getInputStream()) {
        String name = readLine(in);
        try (PublishSession session =
            ctx.openPublish(
                new StreamKey("live", name),
                new ClientInfo("line", s.getRemoteSocketAddress().toString(), ""),
                Credentials.NONE)) {
          session.onEnd(r -> closeQuietly(s));
          long n = 0;
          while (readLine(in) != null) {
            session.publish(video(n++, true));
          }
        }
      } catch (IOException | StreamException e) {
        // connection over
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        b.append((char) c);
      }
      return c == -1 && b.isEmpty() ? null : b.toString();
    }

    private static void closeQuietly(java.io.Closeable c) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Test
  void workersRunOnTheFactoryAndStopCleanlyEndingSessions() throws Exception {
    Engine engine = Engine.builder().build();
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(50));
    LineProtocol proto = new LineProtocol(0);
    host.start(List.of(proto));
    int port = proto.port.get(10, TimeUnit.SECONDS);
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
      client.getOutputStream().write("cam\nf\nf\n".getBytes());
      client.getOutputStream().flush();
      StreamHandle h = awaitStream(engine, new StreamKey("live", "cam"));
      Subscription sub = h.subscribe(new ClientInfo("test", "", ""));
      assertThat(sub.next(Duration.ofSeconds(10))).isNotNull();
      assertThat(host.statuses())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.state()).isEqualTo(WorkerStatus.State.READY);
                assertThat(s.detail()).isEqualTo("127.0.0.1:" + port);
              });
      assertThat(host.allReady()).isTrue();
      assertThat(host.check().up()).isTrue();
      assertThat(host.check().detail()).containsEntry("line", "ready: 127.0.0.1:" + port);

      List<String> stuck = host.stop();
      assertThat(stuck).isEmpty();
      assertThat(h.endReason()).contains(EndReason.SHUTDOWN);
      while (sub.take() != null) {
        // drain what was published before the end
      }
      assertThat(sub.isEnded()).isTrue();
      assertThat(client.getInputStream().read()).isEqualTo(-1); // the connection was closed
    }
    assertThat(proto.virtualThreads.get()).isEqualTo(1);
    assertThat(host.liveThreads()).isZero();
    assertThat(host.statuses())
        .singleElement()
        .extracting(WorkerStatus::state)
        .isEqualTo(WorkerStatus.State.STOPPED);
  }

  @Test
  void aWorkerThatCannotBindIsReportedFailedWithPortAndError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Engine engine = Engine.builder().build();
      WorkerHost host =
          new WorkerHost(
              engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofSeconds(1));
      host.start(List.of(new LineProtocol(taken.getLocalPort())));
      assertThat(host.awaitSettled(Duration.ofSeconds(10))).isTrue();
      WorkerStatus s = host.statuses().get(0);
      assertThat(s.state()).isEqualTo(WorkerStatus.State.FAILED);
      assertThat(s.detail())
          .startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
      assertThat(host.allReady()).isFalse();
      assertThat(host.check().up()).isFalse();
      assertThat(host.check().detail().get("line"))
          .startsWith("failed: cannot listen on 127.0.0.1:");
      assertThat(host.stop()).isEmpty();
      assertThat(host.statuses().get(0).state()).isEqualTo(WorkerStatus.State.FAILED);
      assertThat(host.liveThreads()).isZero();
    }
  }

  @Test
  void housekeepingRunsOnTheHostAndReapsIdlePublishers() throws Exception {
    Engine engine =
        Engine.builder()
            .application(AppSpec.defaults("live").withIdleTimeout(Duration.ofMillis(100)))
            .build();
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(20));
    host.start(List.of());
    PublishSession s =
        IngestContext.standalone(engine, "test", Thread.ofVirtual().factory())
            .openPublish(new StreamKey("live", "idle"), TestFrames.PUBLISHER, Credentials.NONE);
    CompletableFuture<EndReason> ended = new CompletableFuture<>();
    s.onEnd(ended::complete);
    assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.IDLE);
    assertThat(host.stop()).isEmpty();
  }

  private static StreamHandle awaitStream(Engine engine, StreamKey key) throws Exception {
    CompletableFuture<StreamHandle> f = new CompletableFuture<>();
    try (EventBus.Registration r =
        engine.subscribeEvents(
            key.app(),
            e -> {
              if (e.key().equals(key) && e.type() == StreamEvent.Type.PUBLISH_START) {
                engine.findStream(key).ifPresent(f::complete);
              }
            })) {
      engine.findStream(key).ifPresent(f::complete);
      return f.get(10, TimeUnit.SECONDS);
    }
  }
}
