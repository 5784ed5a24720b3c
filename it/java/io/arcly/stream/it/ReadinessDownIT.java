package io.arcly.stream.it;

import static io.arcly.stream.it.Http.get;
import static io.arcly.stream.it.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
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
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher().addClass(PortClashProtocol.class);
  }

  @Test
  void readinessIsDownWithThePortAndTheError() throws Exception {
    Http.awaitWorkers();
    HttpResponse<String> ready = get("health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject body = json(ready);
    assertThat(body.getString("status")).isEqualTo("DOWN");
    JsonObject data = Http.check(body, "arcly-workers").getJsonObject("data");
    assertThat(data.getString("port-clash"))
        .matches("failed: cannot listen on 127\\.0\\.0\\.1:\\d+: .*(in use|Bind failed).*");
    assertThat(data.getString("in-process")).isEqualTo("ready: in-process");
    // Liveness is unaffected: the server runs, one listener is missing.
    assertThat(get("health/live").statusCode()).isEqualTo(200);
  }
}
