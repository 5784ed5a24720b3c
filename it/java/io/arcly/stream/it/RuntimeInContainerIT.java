package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.glue.ArclyRuntime;
import io.arcly.stream.kernel.EndReason;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.WorkerStatus;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside Liberty: the engine and host beans, workers on virtual managed threads, config from MP
 * Config.
 */
@ExtendWith(ArquillianExtension.class)
class RuntimeInContainerIT {
  private static final ClientInfo WHO = new ClientInfo("in-process", "127.0.0.1:1", "in-container");

  @Deployment
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher()
        .addClass(RuntimeInContainerIT.class)
        .addAsLibraries(Deployments.jarOf(org.assertj.core.api.Assertions.class));
  }

  @Inject Engine engine;

  @Inject ArclyRuntime runtime;

  @Inject InProcessProtocol protocol;

  @Test
  void workersRunOnVirtualManagedThreadsStartedByTheHost() throws Exception {
    IngestContext ctx = protocol.context();
    assertThat(protocol.ranOnVirtualThread()).isTrue();
    assertThat(protocol.threadName()).startsWith("arcly-in-process-worker-");
    assertThat(runtime.host().statuses())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("in-process");
              assertThat(s.state()).isEqualTo(WorkerStatus.State.READY);
            });
    CompletableFuture<Boolean> virtual = new CompletableFuture<>();
    ctx.threads().newThread(() -> virtual.complete(Thread.currentThread().isVirtual())).start();
    assertThat(virtual.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runtime.engine()).isSameAs(engine);
  }

  @Test
  void settingsComeFromMicroProfileConfig() {
    // it/liberty/server.xml sets arcly.apps=live,studio and arcly.app.studio.takeover=true.
    assertThat(engine.applications()).containsKeys("live", "studio");
    assertThat(engine.spec("studio").takeover()).isTrue();
    assertThat(engine.spec("live").takeover()).isFalse();
    assertThat(runtime.config().eventQueue()).isEqualTo(16);
  }

  @Test
  void publishSubscribeAndEndOfStreamThroughTheInjectedEngine() throws Exception {
    IngestContext ctx = protocol.context();
    StreamKey key = new StreamKey("live", "incontainer");
    PublishSession session = ctx.openPublish(key, WHO, Credentials.NONE);
    session.publish(Frame.config(CodecId.H264, 0, Payload.wrap(new byte[] {1})));
    session.publish(Frame.video(CodecId.H264, 0, 0, true, Payload.wrap(new byte[] {5})));
    Subscription sub = engine.getStream(key).subscribe(WHO);
    assertThat(sub.next(Duration.ofSeconds(5)).isConfig()).isTrue();
    assertThat(sub.next(Duration.ofSeconds(5)).isKeyframe()).isTrue();
    assertThatThrownBy(() -> ctx.openPublish(key, WHO, Credentials.NONE))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("already publishing");
    session.close();
    assertThat(sub.take()).isNull();
    assertThat(sub.isEnded()).isTrue();
    assertThat(engine.findStream(key)).isEmpty();
  }

  @Test
  void takeoverApplicationReplacesThePublisher() {
    IngestContext ctx = protocol.context();
    StreamKey key = new StreamKey("studio", "desk");
    PublishSession first = ctx.openPublish(key, WHO, Credentials.NONE);
    try (PublishSession second = ctx.openPublish(key, WHO, Credentials.NONE)) {
      assertThat(first.endReason()).contains(EndReason.TAKEN_OVER);
      assertThat(engine.getStream(key)).isSameAs(second.handle());
    }
  }
}
