package io.arcly.stream.kernel;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The in-process {@link EventBus}: synchronous delivery to registered listeners. */
final class LocalEventBus implements EventBus {
  private static final System.Logger LOG = System.getLogger(LocalEventBus.class.getName());

  private record Listener(String app, Consumer<StreamEvent> consumer) {}

  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Registration subscribeEvents(String app, Consumer<StreamEvent> consumer) {
    Listener l = new Listener(app, consumer);
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  void emit(StreamEvent event) {
    for (Listener l : listeners) {
      if (l.app != null && !l.app.equals(event.key().app())) {
        continue;
      }
      try {
        l.consumer.accept(event);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "event listener failed on " + event.type().label() + ": " + e);
      }
    }
  }
}
