package io.arcly.stream.it;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A test-only worker that binds a loopback port and then tries to bind the same port again, as a
 * clash with another server would, and fails the way a real protocol worker does.
 */
@ApplicationScoped
public class PortClashProtocol implements InboundProtocol {
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
