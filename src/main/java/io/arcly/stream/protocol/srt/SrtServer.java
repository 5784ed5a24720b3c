package io.arcly.stream.protocol.srt;

import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.ShutdownSignal;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.net.UdpSocket;
import io.arcly.stream.protocol.srt.session.Connection;
import io.arcly.stream.protocol.srt.session.Listener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The SRT worker: one UDP socket for every SRT connection, a listener that admits callers by their
 * stream id (publish or read), and per connection a thread of its own.
 */
public final class SrtServer implements InboundProtocol {
  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final int TICK_COHORTS = 4;

  private final SrtSettings settings;
  private final Passphrases passphrases;
  private final CompletableFuture<UdpSocket> socket = new CompletableFuture<>();
  private volatile Listener listener;
  private volatile SrtPushes pushes;

  /** A worker with {@code settings} and {@code passphrases}. */
  public SrtServer(SrtSettings settings, Passphrases passphrases) {
    this.settings = settings;
    this.passphrases = passphrases;
  }

  @Override
  public String name() {
    return "srt";
  }

  /** The settings. */
  public SrtSettings settings() {
    return settings;
  }

  @Override
  public void serve(IngestContext ctx, ShutdownSignal shutdown) throws Exception {
    UdpSocket s =
        UdpSocket.bind("srt", settings.host(), settings.port(), settings.udpReceiveBuffer());
    Ticker ticker =
        settings.batchDelay().isZero() ? null : new Ticker(settings.batchDelay(), TICK_COHORTS);
    try {
      if (ticker != null) {
        ctx.threads().newThread(ticker::run).start();
      }
      Listener l =
          new Listener(
              s,
              new Listener.Settings(
                  (int) settings.latency().toMillis(),
                  (int) settings.peerIdleTimeout().toMillis(),
                  settings.receiveBuffer(),
                  settings.sendBuffer(),
                  settings.maxPendingHandshakes()),
              new SrtAdmissions(ctx, settings, passphrases, ticker),
              SrtKeys.agreement(settings),
              ctx.threads());
      listener = l;
      pushes = new SrtPushes(ctx, settings, ticker);
      s.start(ctx.threads(), l);
      socket.complete(s);
      ctx.ready(settings.host() + ":" + s.port());
      shutdown.await();
      pushes.close();
      l.closeAll("server stopping");
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (l.connections().iterator().hasNext() && System.nanoTime() < deadline) {
        Thread.sleep(20); // connections end on their own threads; the bound keeps shutdown short
      }
    } finally {
      socket.complete(null);
      if (ticker != null) {
        ticker.stop();
      }
      s.close();
    }
  }

  /** The UDP port, once listening (waits for it). */
  public int port() {
    UdpSocket s = socket.join();
    return s == null ? -1 : s.port();
  }

  /** The connections now. */
  public List<Connection> connections() {
    Listener l = listener;
    List<Connection> out = new ArrayList<>();
    if (l != null) {
      l.connections().forEach(out::add);
    }
    return out;
  }

  /** The counters of every connection so far, ended or open, summed (RTT left at 0). */
  public io.arcly.stream.protocol.srt.session.Stats totals() {
    Listener l = listener;
    return l == null
        ? new io.arcly.stream.protocol.srt.session.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        : l.totals();
  }

  /** Callers refused at the handshake so far. */
  public long rejections() {
    Listener l = listener;
    return l == null ? 0 : l.rejections();
  }

  /** Conclusions dropped for a bad SYN cookie so far. */
  public long badCookies() {
    Listener l = listener;
    return l == null ? 0 : l.badCookies();
  }

  /** Pushes to srt:// destinations connected now. */
  public int pushes() {
    SrtPushes p = pushes;
    return p == null ? 0 : p.active();
  }

  /** The listener, once started (null before). */
  public Listener listener() {
    return listener;
  }
}
