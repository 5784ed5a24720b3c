package io.arcly.stream.bench;

import io.arcly.stream.kernel.AppSpec;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.IngestContext;
import io.arcly.stream.kernel.PublishSession;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.StreamKey;
import io.arcly.stream.kernel.spi.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Publish one frame and deliver it to every subscriber (each polls it once): the bus's cost per
 * frame at 1, 100 and 1000 subscribers. Payloads are shared, so the cost should grow with the
 * subscriber count only by a cursor step each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BusFanoutBench {
  @Param({"1", "100", "1000"})
  int subscribers;

  PublishSession publisher;
  final List<Subscription> subs = new ArrayList<>();
  Frame frame;
  long dts;

  @Setup(Level.Trial)
  public void setUp() {
    Engine engine = Engine.builder().application(AppSpec.defaults("live")).build();
    IngestContext ctx = IngestContext.standalone(engine, "bench", Thread.ofVirtual().factory());
    publisher =
        ctx.openPublish(new StreamKey("live", "bench"), new ClientInfo("bench", "local", ""), Credentials.NONE);
    for (int i = 0; i < subscribers; i++) {
      subs.add(publisher.handle().subscribe(new ClientInfo("bench", "sub" + i, "")));
    }
    frame = Frame.video(CodecId.H264, 0, 0, false, Payload.wrap(new byte[8000]));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    publisher.close();
  }

  @Benchmark
  public void publishAndDeliver(Blackhole bh) {
    dts += 33_333;
    publisher.publish(frame.withTiming(dts, dts, 0));
    for (int i = 0; i < subs.size(); i++) {
      bh.consume(subs.get(i).poll());
    }
  }
}
