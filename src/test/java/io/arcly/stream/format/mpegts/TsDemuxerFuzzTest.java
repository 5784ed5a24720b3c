package io.arcly.stream.format.mpegts;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.codec.NalUnits;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackInfo;
import io.arcly.stream.media.TrackKind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link TsDemuxer#push} with the input as a transport stream, pushed whole and again in
 * 1316-byte datagrams and in chunks of 100 bytes: it must never throw, and every frame it hands out
 * must be well formed (track ids within the limit, video as length-prefixed NAL units). Seeded with
 * the ffmpeg vectors of {@code vectors/mpegts} (the table of {@link TsDemuxerTest}) and the streams
 * of the damage tests.
 */
class TsDemuxerFuzzTest {
  /** Nothing may be thrown: the contract's documented exception is one no code throws. */
  static final class Never extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () -> Seeds.resources("vectors/mpegts", ".ts"),
        () -> {
          byte[] clean = TsDemuxerTest.vector("h264_aac.ts");
          return Stream.of(
              seed(
                  "garbage between packets",
                  TsDemuxerDamageTest.insert(clean, 188 * 40, TsDemuxerDamageTest.garbage(57))),
              seed("lost datagrams", TsDemuxerDamageTest.loseDatagrams(clean)),
              seed("cut packet", TsDemuxerDamageTest.cut(clean, 188 * 60 + 20, 94)),
              seed(
                  "first 4 KiB of h265", Arrays.copyOf(TsDemuxerTest.vector("h265_aac.ts"), 4096)));
        });
  }

  @MethodSource("seeds")
  @FuzzTest
  void push(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(Never.class);
    contract.check(input.length, () -> demux(input, input.length));
    contract.check(input.length, () -> demux(input, 1316));
    contract.check(input.length, () -> demux(input, 100));
  }

  private static void demux(byte[] input, int chunk) {
    TsDemuxer d =
        new TsDemuxer(
            new TsDemuxer.Sink() {
              @Override
              public void frame(Frame f) {
                if (f.track() >= TsDemuxer.MAX_TRACKS) {
                  throw new AssertionError("track id " + f.track());
                }
                if (f.kind() == TrackKind.VIDEO
                    && !f.isConfig()
                    && !NalUnits.isValidLengthPrefixed(f.payload(), 4)) {
                  throw new AssertionError("video frame is not length-prefixed nal units");
                }
              }

              @Override
              public void tracks(List<TrackInfo> tracks) {
                if (tracks.size() > TsDemuxer.MAX_TRACKS) {
                  throw new AssertionError(tracks.size() + " tracks");
                }
              }
            });
    for (int at = 0; at < input.length; at += chunk) {
      d.push(input, at, Math.min(chunk, input.length - at));
    }
    d.flush();
    d.stats();
  }
}
