package io.arcly.stream.protocol.srt;

import io.arcly.stream.forward.Pull;
import io.arcly.stream.forward.PullClient;
import io.arcly.stream.forward.SourceSpec;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.protocol.srt.session.Caller;
import io.arcly.stream.protocol.srt.session.Rejected;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pulls {@code srt://} sources: calls the remote listener as a reader ({@code m=request}), and
 * publishes the MPEG-TS it sends as the source's local stream.
 */
public final class SrtPullClient implements PullClient {
  private final SrtSettings settings;

  /** A client with the worker's settings (latency, timeouts, buffers). */
  public SrtPullClient(SrtSettings settings) {
    this.settings = settings;
  }

  @Override
  public String scheme() {
    return "srt";
  }

  @Override
  public void pull(Pull pull) throws Exception {
    SourceSpec spec = pull.spec();
    SrtUrl url = SrtUrl.parse(spec.url());
    String label = "srt pull " + spec.name() + " " + url.host() + ":" + url.port();
    Caller c;
    try {
      c =
          Caller.connect(
              target(settings, url, url.streamId()),
              SrtKeys.offer(url.passphrase(), url.keyLength(), settings),
              pull.context().threads(),
              label);
    } catch (Rejected r) {
      throw new IOException(r.getMessage());
    }
    try (c) {
      PublishSession s;
      try {
        s =
            pull.context()
                .openPublish(
                    spec.key(),
                    new ClientInfo(
                        "srt-pull", url.host() + ":" + url.port(), "source " + spec.name()),
                    Credentials.NONE);
      } catch (StreamException e) {
        c.close("cannot publish");
        throw new IOException("cannot publish " + spec.key() + ": " + e.getMessage());
      }
      TsIngest ingest = new TsIngest(s);
      ingest.onFirstFrame(pull::pulling);
      pull.onStop(() -> c.close("source stopped"));
      s.onEnd(reason -> c.close("publish ended: " + reason.code()));
      AtomicReference<String> why = new AtomicReference<>();
      c.receive(
          ingest,
          reason -> {
            why.set(reason);
            ingest.end();
          });
      String reason = why.get();
      if (reason != null && reason.startsWith("peer idle") && !pull.stopped()) {
        throw new IOException("the source went silent: " + reason);
      }
      if (reason != null && reason.startsWith("bad input")) {
        throw new IOException(reason);
      }
    }
  }

  /** The caller's target for {@code url} under the worker's settings. */
  static Caller.Target target(SrtSettings settings, SrtUrl url, String streamId) {
    return new Caller.Target(
        url.host(),
        url.port(),
        streamId,
        url.latencyMillis() >= 0 ? url.latencyMillis() : (int) settings.latency().toMillis(),
        (int) settings.peerIdleTimeout().toMillis(),
        Duration.ofSeconds(3),
        settings.receiveBuffer());
  }
}
