package io.arcly.stream.glue;

import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.media.InvalidStreamKeyException;
import io.arcly.stream.media.StreamKey;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * {@code ws://host:9080/api/v1/events[?app=NAME]}: one JSON text message per stream event, {@code
 * {"type":"publish_start","app":"live","stream":"cam","key":"live/cam","at":"...",
 * "detail":{...}}}.
 *
 * <p>Sending is asynchronous: the bus thread only hands the message over. A client with more than
 * {@code arcly.events.max-pending} messages not yet written is dropped (close code 1008), so a slow
 * client never holds the bus back.
 */
@ServerEndpoint("/api/v1/events")
public class EventsEndpoint {
  private static final Logger LOG = Logger.getLogger(EventsEndpoint.class.getName());
  private static final String STATE = "arcly.events.state";

  /** Per-connection state kept in the session's user properties. */
  private static final class State {
    final AtomicInteger pending = new AtomicInteger();
    // One write at a time per session: the container refuses a send while another is in flight.
    final java.util.concurrent.ConcurrentLinkedQueue<String> queue =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    final AtomicBoolean writing = new AtomicBoolean();
    final AtomicBoolean dropped = new AtomicBoolean();
    volatile EventBus.Registration registration;
  }

  @OnOpen
  public void open(Session session) throws IOException {
    ArclyRuntime runtime = CDI.current().select(ArclyRuntime.class).get();
    List<String> apps = session.getRequestParameterMap().getOrDefault("app", List.of());
    String app = apps.isEmpty() ? null : apps.get(0);
    if (app != null) {
      try {
        StreamKey.validateName("application name", app);
      } catch (InvalidStreamKeyException e) {
        session.close(
            new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, truncate(e.getMessage())));
        return;
      }
    }
    State state = new State();
    session.getUserProperties().put(STATE, state);
    int maxPending = runtime.config().eventQueue();
    state.registration =
        runtime
            .engine()
            .subscribeEvents(app, event -> deliver(runtime, session, state, maxPending, event));
    if (state.dropped.get()) {
      unregister(state);
      return;
    }
    // Tells the client that every later event will reach it (and which filter applies).
    JsonObjectBuilder ready = Json.createObjectBuilder().add("type", "ready");
    if (app != null) {
      ready.add("app", app);
    }
    state.pending.incrementAndGet();
    state.queue.add(ready.build().toString());
    pump(runtime, session, state);
  }

  private static void deliver(
      ArclyRuntime runtime, Session session, State state, int maxPending, StreamEvent e) {
    if (state.dropped.get() || !session.isOpen()) {
      return;
    }
    if (state.pending.incrementAndGet() > maxPending) {
      drop(runtime, session, state, "too slow: more than " + maxPending + " events pending");
      return;
    }
    state.queue.add(toJson(e));
    pump(runtime, session, state);
  }

  /** Sends the next queued message unless a send is in flight; continues from its completion. */
  private static void pump(ArclyRuntime runtime, Session session, State state) {
    while (!state.queue.isEmpty() && state.writing.compareAndSet(false, true)) {
      String next = state.queue.poll();
      if (next == null) {
        state.writing.set(false);
        continue;
      }
      try {
        session
            .getAsyncRemote()
            .sendText(
                next,
                result -> {
                  state.pending.decrementAndGet();
                  state.writing.set(false);
                  if (result.isOK()) {
                    pump(runtime, session, state);
                  } else {
                    drop(runtime, session, state, "send failed: " + result.getException());
                  }
                });
      } catch (RuntimeException ex) {
        drop(runtime, session, state, "send failed: " + ex);
      }
      return;
    }
  }

  private static void drop(ArclyRuntime runtime, Session session, State state, String why) {
    if (!state.dropped.compareAndSet(false, true)) {
      return;
    }
    unregister(state);
    LOG.info("dropping event client " + session.getId() + ": " + why);
    // Closing writes a frame; do it off the bus thread.
    runtime
        .threads()
        .newThread(
            () -> {
              try {
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "too slow"));
              } catch (IOException | RuntimeException ignored) {
                // the client is gone either way
              }
            })
        .start();
  }

  static String toJson(StreamEvent e) {
    JsonObjectBuilder detail = Json.createObjectBuilder();
    for (Map.Entry<String, String> d : e.detail().entrySet()) {
      detail.add(d.getKey(), d.getValue());
    }
    return Json.createObjectBuilder()
        .add("type", e.type().label())
        .add("app", e.key().app())
        .add("stream", e.key().stream())
        .add("key", e.key().toString())
        .add("at", e.at().toString())
        .add("detail", detail)
        .build()
        .toString();
  }

  @OnClose
  public void close(Session session) {
    if (session.getUserProperties().get(STATE) instanceof State s) {
      unregister(s);
    }
  }

  @OnError
  public void error(Session session, Throwable t) {
    close(session);
  }

  private static void unregister(State s) {
    EventBus.Registration r = s.registration;
    if (r != null) {
      r.close();
    }
  }

  private static String truncate(String s) {
    // A close reason must fit in a control frame (123 bytes).
    return s.length() > 120 ? s.substring(0, 120) : s;
  }
}
