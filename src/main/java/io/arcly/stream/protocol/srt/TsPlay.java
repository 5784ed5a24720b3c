package io.arcly.stream.protocol.srt;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.format.mpegts.TsMuxer;
import io.arcly.stream.kernel.StreamException;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.FrameBatch;
import io.arcly.stream.kernel.play.PlayPump;
import io.arcly.stream.kernel.play.PublisherWait;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.srt.session.Admission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a stream to one SRT reader: waits for the publisher when it has not started, then sends the
 * stream's shared MPEG-TS payloads ({@link StreamTs}) from the GOP cache on, starting with the PAT
 * and PMT, until the stream ends or the reader leaves.
 */
final class TsPlay implements Consumer<Admission.Feed> {
  private static final System.Logger LOG = System.getLogger(TsPlay.class.getName());

  private final PublisherWait wait;
  private final SrtSettings settings;
  private final Ticker ticker;
  private volatile Subscription subscription;
  private volatile boolean ended;

  TsPlay(Subscription subscription, PublisherWait wait, SrtSettings settings, Ticker ticker) {
    this.subscription = subscription;
    this.wait = wait;
    this.settings = settings;
    this.ticker = ticker;
  }

  @Override
  public void accept(Admission.Feed feed) {
    Subscription s = subscription;
    try {
      if (s == null) {
        s = wait.await(settings.playWait(), () -> ended || feed.closed(), () -> {});
        if (s == null) {
          return;
        }
        subscription = s;
        if (ended) {
          s.close();
          return;
        }
      }
      try (Subscription sub = s) {
        new PlayPump(64, 256 * 1024, ticker)
            .run(sub, new Batch(feed, StreamTs.of(sub.stream())), () -> ended || feed.closed());
      }
    } catch (StreamException e) {
      feed.close(e.getMessage());
    } catch (IOException e) {
      feed.close("play failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The connection ended: stop playing. */
  void end() {
    ended = true;
    wait.wake();
    Subscription s = subscription;
    if (s != null) {
      s.wakeup();
    }
  }

  /** A reader's batch: the frames' shared payloads, sent in one go. */
  private static final class Batch implements FrameBatch {
    private final Admission.Feed feed;
    private final StreamTs ts;
    private final List<Payload> payloads = new ArrayList<>();
    private long bytes;
    private boolean started;
    private TsMuxer own;

    Batch(Admission.Feed feed, StreamTs ts) {
      this.feed = feed;
      this.ts = ts;
    }

    @Override
    public boolean add(Frame frame, long sequence) {
      StreamTs.Chunks c = ts.chunks(sequence, frame);
      if (c == null) {
        c = ownChunks(frame, sequence);
      }
      if (frame.isConfig() && own != null) {
        StreamTs.configure(own, frame);
      }
      if (c.payloads().isEmpty()) {
        return false;
      }
      if (!started) {
        started = true;
        if (!c.tables()) {
          Payload t = ts.tables();
          payloads.add(t);
          bytes += t.length();
        }
      }
      payloads.addAll(c.payloads());
      bytes += c.bytes();
      return true;
    }

    /** A frame the shared muxer is past: muxed with this reader's own muxer. */
    private StreamTs.Chunks ownChunks(Frame f, long sequence) {
      if (own == null) {
        int[] ids = ts.trackIds();
        own = StreamTs.muxer(feedHandle(), ids[0], ids[1]);
      }
      if (f.isConfig()) {
        return StreamTs.Chunks.NONE;
      }
      try {
        return StreamTs.split(sequence, own.packets(List.of(f), f.isKeyframe()), f.isKeyframe());
      } catch (CodecException e) {
        return StreamTs.Chunks.NONE;
      }
    }

    private io.arcly.stream.kernel.StreamHandle feedHandle() {
      return ts.handle();
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public void write() {
      if (!payloads.isEmpty()) {
        feed.send(payloads);
      }
    }

    @Override
    public void clear() {
      payloads.clear();
      bytes = 0;
    }
  }
}
