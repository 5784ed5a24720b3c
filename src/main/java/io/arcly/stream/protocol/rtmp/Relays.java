package io.arcly.stream.protocol.rtmp;

import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.rtmp.wire.PendingBudget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every relay of the server: those from the applications' push lists, started when a stream of the
 * application starts, and those started through the API. A relay ends with its stream.
 */
public final class Relays implements AutoCloseable {
  private final IngestContext ctx;
  private final RtmpSettings settings;
  private final int localPort;
  private final PendingBudget budget;
  private final Map<String, Relay> relays = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final EventBus.Registration events;
  private volatile boolean closed;

  Relays(IngestContext ctx, RtmpSettings settings, PendingBudget budget, int localPort) {
    this.ctx = ctx;
    this.settings = settings;
    this.budget = budget;
    this.localPort = localPort;
    this.events =
        settings.push().isEmpty() ? () -> {} : ctx.events().subscribeEvents(null, this::onEvent);
  }

  private void onEvent(StreamEvent e) {
    if (e.type() != StreamEvent.Type.PUBLISH_START) {
      return;
    }
    List<String> urls = settings.push().get(e.key().app());
    if (urls == null) {
      return;
    }
    ctx.playback()
        .findStream(e.key())
        .ifPresent(
            h -> {
              for (String url : urls) {
                start(h, RelayTarget.parseBase(url).withStream(e.key().stream()), true);
              }
            });
  }

  /**
   * Starts relaying live stream {@code key} to {@code url} ({@code rtmp://host[:port]/app/stream}).
   *
   * @throws IllegalArgumentException when the URL is not valid (the message says why) or names this
   *     very stream on this server
   * @throws LimitException when the stream has {@link RtmpSettings#relayMaxPerStream()} relays
   *     started through the API already
   * @throws StreamException {@code STREAM_NOT_FOUND} when the stream is not live, {@code
   *     SHUTTING_DOWN} when the server is stopping
   */
  public Relay start(StreamKey key, String url) {
    RelayTarget target = RelayTarget.parse(url);
    if (isSelf(target, key)) {
      throw new IllegalArgumentException(
          "relay url " + url + " names stream " + key + " on this server: a relay to itself");
    }
    StreamHandle h =
        ctx.playback()
            .findStream(key)
            .orElseThrow(
                () ->
                    new StreamException(
                        StreamException.Reason.STREAM_NOT_FOUND, "stream " + key + " is not live"));
    synchronized (this) {
      long n = of(key).stream().filter(r -> !r.configured()).count();
      if (n >= settings.relayMaxPerStream()) {
        throw new LimitException(
            "stream "
                + key
                + " has "
                + n
                + " relays already, the most allowed (arcly.rtmp.relay.max-per-stream)");
      }
      return start(h, target, false);
    }
  }

  /** Too many relays for one stream. */
  public static final class LimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
      super(message);
    }
  }

  /**
   * Whether {@code target} is stream {@code key} on this very server: this server's RTMP port on a
   * loopback, wildcard or local interface address, same application and stream name. Host names
   * other than {@code localhost} are not resolved (no DNS lookup on a request); such a loop ends
   * when the upstream, this server, refuses the second publisher of the key.
   */
  boolean isSelf(RelayTarget target, StreamKey key) {
    String stream = target.stream();
    int q = stream.indexOf('?');
    if (q >= 0) {
      stream = stream.substring(0, q);
    }
    if (target.port() != localPort
        || !target.app().equals(key.app())
        || !stream.equals(key.stream())) {
      return false;
    }
    String host = target.host();
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:.%a-zA-Z]*:[0-9a-fA-F:.%a-zA-Z]*")) {
      return false; // a name: not resolved here
    }
    try {
      InetAddress a = InetAddress.getByName(host); // a literal: no lookup
      return a.isAnyLocalAddress()
          || a.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private Relay start(StreamHandle h, RelayTarget target, boolean configured) {
    if (closed) {
      throw new StreamException(
          StreamException.Reason.SHUTTING_DOWN, "the server is shutting down");
    }
    String id = "relay-" + ids.incrementAndGet();
    Relay r = new Relay(id, h, target, settings, budget, ctx.threads(), configured);
    relays.put(id, r);
    r.start(() -> relays.remove(id, r));
    return r;
  }

  /** Relays of {@code key}, oldest first. */
  public List<Relay> of(StreamKey key) {
    return list().stream().filter(r -> r.stream().key().equals(key)).toList();
  }

  /** Every running relay, oldest first. */
  public List<Relay> list() {
    return relays.values().stream()
        .sorted(Comparator.comparing(Relay::since).thenComparing(Relay::id))
        .toList();
  }

  /**
   * Stops the relays of {@code key} (only the one with {@code id} when not null); returns how many
   * were stopped.
   */
  public int stop(StreamKey key, String id) {
    int n = 0;
    for (Relay r : of(key)) {
      if (id == null || r.id().equals(id)) {
        r.stop();
        relays.remove(r.id(), r);
        n++;
      }
    }
    return n;
  }

  /** Stops every relay. */
  @Override
  public void close() {
    closed = true;
    events.close();
    // A plain loop: nothing new is linked while the application stops.
    for (Relay r : relays.values()) {
      r.stop();
    }
    relays.clear();
  }
}
