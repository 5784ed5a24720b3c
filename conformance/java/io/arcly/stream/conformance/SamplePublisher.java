package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Direction;
import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TcpConnection;
import io.arcly.stream.format.flv.FlvDemuxer;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the bundled sample (the media of a captured ffmpeg RTMP publish, {@code
 * samples/rtmp-h264-aac.pcap}) under a key, looping in real time, so a play trace has something to
 * play.
 */
final class SamplePublisher {
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long publishedMicros;
  private final java.util.concurrent.CopyOnWriteArrayList<Waiting> waiting =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private record Waiting(long micros, java.util.concurrent.CompletableFuture<Void> done) {}

  private SamplePublisher(Engine engine, StreamKey key, List<Frame> frames) {
    IngestContext ctx = IngestContext.standalone(engine, "sample", Thread.ofVirtual().factory());
    PublishSession pub =
        ctx.openPublish(key, new ClientInfo("sample", "bundled", ""), Credentials.NONE);
    thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (pub) {
                    long offset = 0;
                    long start = System.nanoTime();
                    long first = frames.get(0).dts();
                    long last = frames.get(frames.size() - 1).dts();
                    while (!stopped) {
                      for (Frame f : frames) {
                        if (stopped) {
                          break;
                        }
                        if (f.isConfig() && offset > 0) {
                          continue;
                        }
                        long due = start + (f.dts() - first + offset) * 1000;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                          LockSupport.parkNanos(wait);
                        }
                        pub.publish(f.withTiming(f.pts() + offset, f.dts() + offset, f.flags()));
                        publishedMicros = f.dts() - first + offset;
                        for (Waiting w : waiting) {
                          if (publishedMicros >= w.micros()) {
                            w.done().complete(null);
                            waiting.remove(w);
                          }
                        }
                      }
                      offset += last - first + 40_000;
                    }
                  }
                });
  }

  /** Starts publishing the sample under {@code key} ({@code app/stream}). */
  static SamplePublisher start(Engine engine, String key) throws IOException {
    return new SamplePublisher(engine, StreamKey.parse(key), frames());
  }

  /**
   * Starts publishing {@code frames} (in decode order, configurations first) under {@code key},
   * looping in real time.
   */
  static SamplePublisher start(Engine engine, String key, List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames to publish");
    }
    return new SamplePublisher(engine, StreamKey.parse(key), List.copyOf(frames));
  }

  /** Completes once {@code media} of the sample has been published (from the start). */
  java.util.concurrent.CompletableFuture<Void> after(java.time.Duration media) {
    Waiting w = new Waiting(media.toNanos() / 1000, new java.util.concurrent.CompletableFuture<>());
    waiting.add(w);
    if (publishedMicros >= w.micros()) {
      w.done().complete(null);
      waiting.remove(w);
    }
    return w.done();
  }

  /**
   * {@code all} (frames in arrival order) from the first video keyframe on, in decode order, with
   * the configurations seen before it moved to its time: what a replay publishes as a capture's
   * media. Empty when there is video but no keyframe; everything when there is no video.
   */
  static List<Frame> fromFirstKeyframe(List<Frame> all) {
    int key = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).kind() == TrackKind.VIDEO && all.get(i).isKeyframe()) {
        key = i;
        break;
      }
    }
    if (key < 0) {
      return all.stream().anyMatch(f -> f.kind() == TrackKind.VIDEO) ? List.of() : all;
    }
    long from = all.get(key).dts();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Frame f = all.get(i);
      if (f.isConfig() && i < key) {
        out.add(f.withTiming(from, from, f.flags()));
      } else if (i >= key && f.dts() >= from || i > key && f.kind() == TrackKind.VIDEO) {
        out.add(f);
      }
    }
    out.sort(Comparator.comparingLong(Frame::dts));
    return out;
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.join();
  }

  /** The sample's frames, decoded from the captured client bytes. */
  static List<Frame> frames() throws IOException {
    byte[] pcap;
    try (InputStream in =
        SamplePublisher.class.getResourceAsStream("/samples/rtmp-h264-aac.pcap")) {
      if (in == null) {
        throw new IOException("the bundled sample samples/rtmp-h264-aac.pcap is missing");
      }
      pcap = in.readAllBytes();
    }
    TcpConnection c = Pcap.read(pcap).tcpTo(1936).get(0);
    byte[] client = c.bytes(Direction.CLIENT_TO_SERVER);
    int skip = 1 + 2 * Handshake.SIZE;
    ByteBuffer buf = ByteBuffer.wrap(client, skip, client.length - skip);
    FlvDemuxer flv = new FlvDemuxer();
    List<Frame> frames = new ArrayList<>();
    new ChunkDecoder(0xFFFFFF)
        .decode(
            buf,
            m -> {
              Frame f =
                  m.type() == MessageType.VIDEO
                      ? flv.video(m.timestamp(), m.body())
                      : m.type() == MessageType.AUDIO ? flv.audio(m.timestamp(), m.body()) : null;
              if (f != null) {
                frames.add(f);
              }
            });
    return frames;
  }
}
