package io.arcly.stream.kernel;

import java.util.function.Consumer;

/**
 * The stream lifecycle feed: publish start and end, subscribers joining and leaving, metadata.
 * Consumers depend on this, never on the engine.
 */
public interface EventBus {
  /**
   * Delivers every future event of application {@code app} (or of all applications when {@code app}
   * is null) to {@code listener}, until the registration is closed.
   *
   * <p>The listener runs on the thread that caused the event (a publisher's or subscriber's): it
   * must hand the event off without blocking. A listener that throws is logged and kept.
   */
  Registration subscribeEvents(String app, Consumer<StreamEvent> listener);

  /** Ends a subscription to the feed. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
