package io.arcly.stream.protocol.srt;

import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.protocol.srt.session.Admission;
import io.arcly.stream.protocol.srt.session.Listener;
import io.arcly.stream.protocol.srt.session.Rejected;
import io.arcly.stream.protocol.srt.wire.RejectReason;
import io.arcly.stream.protocol.srt.wire.StreamId;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Admits SRT callers: reads the stream id (publish or read, stream, user), finds the passphrase,
 * and, once the keys agree, claims the stream for a publisher or subscribes a reader, with the
 * engine's authorization. Refusals carry the matching SRT reason (bad request, unauthorized,
 * conflict, not found, overload).
 */
final class SrtAdmissions implements Listener.Acceptor {
  private final IngestContext ctx;
  private final SrtSettings settings;
  private final Passphrases passphrases;
  private final Ticker ticker;

  SrtAdmissions(IngestContext ctx, SrtSettings settings, Passphrases passphrases, Ticker ticker) {
    this.ctx = ctx;
    this.ticker = ticker;
    this.settings = settings;
    this.passphrases = passphrases;
  }

  @Override
  public Admission admit(String raw, InetSocketAddress peer) throws Rejected {
    if (raw == null || raw.isEmpty()) {
      throw new Rejected(
          RejectReason.BAD_REQUEST,
          "no stream id (use streamid=publish:app/stream or read:app/stream)");
    }
    StreamId id;
    try {
      id = StreamId.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new Rejected(RejectReason.BAD_REQUEST, e.getMessage());
    }
    StreamKey key = new StreamKey(id.app(), id.stream());
    boolean publish = id.mode() == StreamId.Mode.PUBLISH;
    ClientInfo client =
        new ClientInfo(
            "srt",
            peer.getAddress().getHostAddress() + ":" + peer.getPort(),
            id.user() == null ? "" : id.user());
    Credentials credentials =
        new Credentials(
            id.session() == null ? Map.of() : Map.of("s", id.session()), id.user(), id.password());
    String label = "srt " + client.remoteAddress() + " " + (publish ? "publish " : "read ") + key;
    String passphrase = passphrases.lookup(key, id.user());
    return new Admission() {
      @Override
      public String passphrase() {
        return passphrase;
      }

      @Override
      public String label() {
        return label;
      }

      @Override
      public boolean publish() {
        return publish;
      }

      @Override
      public String stream() {
        return key.toString();
      }

      @Override
      public String user() {
        return id.user() == null ? "" : id.user();
      }

      @Override
      public Opened open() throws Rejected {
        try {
          return publish ? claim(key, client, credentials) : read(key, client, credentials);
        } catch (StreamException e) {
          throw new Rejected(reason(e.reason()), e.getMessage());
        }
      }
    };
  }

  private Admission.Opened claim(StreamKey key, ClientInfo client, Credentials credentials) {
    PublishSession session = ctx.openPublish(key, client, credentials);
    TsIngest ingest = new TsIngest(session);
    return new Admission.Publish(ingest, reason -> ingest.end());
  }

  private Admission.Opened read(StreamKey key, ClientInfo client, Credentials credentials) {
    PublisherWait wait = new PublisherWait(ctx, key, client, credentials);
    Subscription sub = wait.open(settings.playWait());
    TsPlay play = new TsPlay(sub, wait, settings, ticker);
    return new Admission.Read(play, reason -> play.end());
  }

  private static RejectReason reason(StreamException.Reason r) {
    return switch (r) {
      case ALREADY_PUBLISHING -> RejectReason.CONFLICT;
      case PUBLISHER_LIMIT, SUBSCRIBER_LIMIT, TRACK_LIMIT -> RejectReason.OVERLOAD;
      case STREAM_NOT_FOUND, UNKNOWN_APPLICATION -> RejectReason.NOT_FOUND;
      case UNAUTHORIZED -> RejectReason.UNAUTHORIZED;
      default -> RejectReason.UNKNOWN;
    };
  }
}
