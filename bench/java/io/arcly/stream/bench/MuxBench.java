package io.arcly.stream.bench;

import io.arcly.stream.format.fmp4.Fmp4Muxer;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.format.mpegts.TsMuxer;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.amf.Amf0;
import java.util.List;
import java.util.Map;
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

/** Per-frame muxing (MPEG-TS and fragmented MP4) and AMF0 decoding of a connect command. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MuxBench {
  static final byte[] AVCC = {
    1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 0x0B,
    0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16, (byte) 0xE8, 0x40, 0,
    1, 0, 4, 0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB
  };

  TsMuxer ts;
  Fmp4Muxer mp4;
  List<Frame> one;
  byte[] connect;
  long seq;

  @Setup(Level.Trial)
  public void setUp() {
    Frame config = Frame.config(CodecId.H264, 0, Payload.wrap(AVCC));
    ts = new TsMuxer(config, null);
    mp4 = new Fmp4Muxer(config, null);
    byte[] au = new byte[8004];
    au[2] = 0x1F;
    au[3] = 0x40; // one NAL of 8000 bytes
    au[4] = 0x41;
    one = List.of(Frame.video(CodecId.H264, 90_000, 90_000, false, Payload.wrap(au)));
    connect =
        Amf0.encode(
            Amf.str("connect"),
            Amf.num(1),
            Amf.obj(
                "app", Amf.str("live"),
                "flashVer", Amf.str("FMLE/3.0 (compatible; Lavf59.27.100)"),
                "tcUrl", Amf.str("rtmp://127.0.0.1:1935/live"),
                "type", Amf.str("nonprivate")));
  }

  @Benchmark
  public byte[] tsPerFrame() {
    return ts.segment(one);
  }

  @Benchmark
  public byte[] fmp4PerFrame() {
    return mp4.fragment(++seq, one, Map.of(TrackKind.VIDEO, 123_333L));
  }

  @Benchmark
  public List<Amf> amf0DecodeConnect() {
    return Amf0.decodeAll(connect, 0, connect.length);
  }
}
