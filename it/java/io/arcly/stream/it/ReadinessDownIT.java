package io.arcly.stream.it;

import static io.arcly.stream.it.Http.get;
import static io.arcly.stream.it.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker that cannot bind its port turns readiness DOWN, naming the port and the error. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReadinessDownIT {
  /**
   * Binds a loopback port, then tries to bind the same port again, as a clash with another server
   * would.
   */
  @ApplicationScoped
  public static class PortClashProtocol implements InboundProtocol {
    @Override
    public String name() {
      return "port-clash";
    }

    @Override
    public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
      try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          ServerSocket second = new ServerSocket()) {
        int port = holder.getLocalPort();
        try {
          second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
          throw new BindException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        ctx.ready("127.0.0.1:" + port);
        shutdown.await();
      }
    }
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher().addClass(PortClashProtocol.class);
  }

  @Test
  void readinessIsDownWithThePortAndTheError() throws Exception {
    HttpResponse<String> ready = get("health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject body = json(ready);
    assertThat(body.getString("status")).isEqualTo("DOWN");
    JsonObject workers =
        body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals("arcly-workers"))
            .findFirst()
            .orElseThrow();
    assertThat(workers.getJsonObject("data").getString("port-clash"))
        .matches("failed: cannot listen on 127\\.0\\.0\\.1:\\d+: .*(in use|Bind failed).*");
    assertThat(workers.getJsonObject("data").getString("in-process"))
        .isEqualTo("ready: in-process");
    // Liveness is unaffected: the server runs, one listener is missing.
    assertThat(get("health/live").statusCode()).isEqualTo(200);
  }
}
