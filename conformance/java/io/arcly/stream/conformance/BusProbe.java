package io.arcly.stream.conformance;

import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.EventBus;
import io.arcly.stream.kernel.StreamEvent;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches what a replayed publisher puts on the bus: for every stream that starts, a subscription
 * (taken in the publish-start event, before any frame) counting frames, keyframes and codecs per
 * track and checking that decode times never go back.
 */
final class BusProbe implements AutoCloseable {
  /** What one published stream carried. */
  static final class Seen {
    final String key;
    final Map<TrackKind, String> codecs = new ConcurrentHashMap<>();
    volatile int videoFrames;
    volatile int audioFrames;
    volatile int keyframes;
    final List<String> problems = new ArrayList<>();
    private final Map<TrackKind, Long> lastDts = new ConcurrentHashMap<>();

    Seen(String key) {
      this.key = key;
    }

    void add(Frame f) {
      codecs.putIfAbsent(f.kind(), f.codec().label());
      if (f.isConfig() || f.kind() == TrackKind.DATA) {
        return;
      }
      Long last = lastDts.put(f.kind(), f.dts());
      if (last != null && f.dts() < last) {
        problems.add(f.kind().label() + " dts went back from " + last + " to " + f.dts() + " us");
      }
      if (f.kind() == TrackKind.VIDEO) {
        videoFrames++;
        if (f.isKeyframe()) {
          keyframes++;
        }
      } else {
        audioFrames++;
      }
    }
  }

  private final List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Thread> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final EventBus.Registration registration;

  BusProbe(Engine engine) {
    registration =
        engine.subscribeEvents(
            null,
            e -> {
              if (e.type() != StreamEvent.Type.PUBLISH_START) {
                return;
              }
              engine
                  .findStream(e.key())
                  .ifPresent(
                      h -> {
                        Subscription sub = h.subscribe(new ClientInfo("conformance", "probe", ""));
                        Seen s = new Seen(e.key().toString());
                        seen.add(s);
                        readers.add(
                            Thread.ofVirtual()
                                .start(
                                    () -> {
                                      try (sub) {
                                        Frame f;
                                        while ((f = sub.take()) != null) {
                                          s.add(f);
                                        }
                                      } catch (InterruptedException ie) {
                                        Thread.currentThread().interrupt();
                                      }
                                    }));
                      });
            });
  }

  /** Streams published so far. */
  List<Seen> streams() {
    return List.copyOf(seen);
  }

  /** Waits (bounded) until every stream seen has been read to its end. */
  void awaitEnd(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    for (Thread t : readers) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Duration.ofNanos(left));
      }
    }
  }

  @Override
  public void close() {
    registration.close();
    readers.forEach(Thread::interrupt);
  }
}
