package io.arcly.stream.bench;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RTMP chunk handling: reassembling a 10 KB video message from 4096-byte chunks, chunking a
 * message once for every player, and the per-player part of fan-out (one type-0 header).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtmpChunkBench {
  byte[] wire;
  Payload body;
  final byte[] header = new byte[ChunkEncoder.MAX_HEADER];
  long ts;

  @Setup(Level.Trial)
  public void setUp() {
    body = Payload.wrap(new byte[10_000]);
    // a Set Chunk Size to 4096, then ten video messages chunked at 4096
    java.io.ByteArrayOutputStream w = new java.io.ByteArrayOutputStream();
    w.writeBytes(ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(new byte[] {0, 0, 0x10, 0}), 128));
    for (int i = 0; i < 10; i++) {
      w.writeBytes(ChunkEncoder.message(6, 9, i * 33L, 1, body, 4096));
    }
    wire = w.toByteArray();
  }

  @Benchmark
  public void parseTenMessages(Blackhole bh) {
    ChunkDecoder d = new ChunkDecoder();
    d.decode(ByteBuffer.wrap(wire), bh::consume);
  }

  @Benchmark
  public byte[] chunkOnceForAllPlayers() {
    return ChunkEncoder.continuationBody(6, new byte[] {0x27, 1, 0, 0, 0}, body, 4096);
  }

  @Benchmark
  public int perPlayerHeader() {
    ts += 33;
    return ChunkEncoder.header(header, 0, 6, 9, ts, 10_005, 1);
  }
}
