package io.arcly.stream.protocol.srt;

import io.arcly.stream.format.mpegts.TsDemuxer;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.protocol.srt.session.Admission;
import java.util.List;

/**
 * A publisher's MPEG-TS, as SRT delivers it (in order, at play time), demuxed into frames on the
 * stream. Timestamps are moved so the stream starts near zero (encoders start their clocks
 * anywhere: ffmpeg at 1.4 s, cameras at any value).
 */
final class TsIngest implements Admission.Ingest {
  private static final long UNSET = Long.MIN_VALUE;

  private final PublishSession session;
  private final TsDemuxer demuxer;
  private long origin = UNSET;
  private Runnable onFirst;

  TsIngest(PublishSession session) {
    this.session = session;
    this.demuxer =
        new TsDemuxer(
            new TsDemuxer.Sink() {
              @Override
              public void frame(Frame f) {
                publish(f);
              }

              @Override
              public void tracks(List<TrackInfo> tracks) {
                // configuration frames describe the tracks to the stream
              }
            });
  }

  private void publish(Frame f) {
    if (origin == UNSET) {
      origin = f.dts();
      Runnable first = onFirst;
      if (first != null) {
        first.run();
      }
    }
    if (session.isOpen()) {
      session.publish(f.withTiming(f.pts() - origin, f.dts() - origin, f.flags()));
    }
  }

  /** Runs {@code r} when the first frame comes out. */
  void onFirstFrame(Runnable r) {
    this.onFirst = r;
  }

  @Override
  public void accept(byte[] data, int offset, int length) {
    demuxer.push(data, offset, length);
  }

  /** What the demuxer has seen. */
  TsDemuxer.Stats stats() {
    return demuxer.stats();
  }

  /** The connection ended: the stream ends with it and its key is free. */
  void end() {
    demuxer.flush(); // the last access unit, which no next one completes
    session.close();
  }
}
