package io.arcly.stream.it;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test-only protocol worker deployed with the integration tests: it publishes nothing by itself;
 * it hands its {@link IngestContext} to {@link InProcessPublisherResource}, which publishes through
 * it exactly as a wire protocol would.
 */
@ApplicationScoped
public class InProcessProtocol implements InboundProtocol {
  private final CompletableFuture<IngestContext> context = new CompletableFuture<>();
  private volatile boolean virtualThread;
  private volatile String threadName = "";

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws InterruptedException {
    virtualThread = Thread.currentThread().isVirtual();
    threadName = Thread.currentThread().getName();
    ctx.ready("in-process");
    context.complete(ctx);
    shutdown.await();
  }

  /** The context the host gave the worker. */
  public IngestContext context() {
    try {
      return context.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the host never started the in-process worker", e);
    }
  }

  /** Whether serve ran on a virtual thread. */
  public boolean ranOnVirtualThread() {
    return virtualThread;
  }

  /** The name of the thread serve ran on. */
  public String threadName() {
    return threadName;
  }
}
