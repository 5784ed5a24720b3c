package io.arcly.stream.format.flv;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.codec.Tracks;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.fuzz.Traces;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes one publisher's {@link FlvDemuxer} (legacy and Enhanced RTMP tags) and the {@link Tracks}
 * description of each configuration it yields. The input is a sequence of FLV tags as a file holds
 * them, {@code type(8) size(24) timestamp(24) timestampExtended(8) streamId(24) body
 * previousTagSize(32)}; type 8 is audio, 9 video, others are skipped, a truncated last tag ends it.
 */
class FlvDemuxerFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                seed(
                    "avc config, key frame, negative composition time",
                    tags(
                        tag(9, 1000, concat(bytes(0x17, 0, 0, 0, 0), FlvTest.AVCC)),
                        tag(9, 1033, bytes(0x17, 1, 0, 0, 66, 0, 0, 0, 2, 0x65, 0x88)),
                        tag(9, 1066, bytes(0x27, 1, 0xFF, 0xFF, 0xDF, 0, 0, 0, 1, 0x41)))),
                seed(
                    "two-byte nal lengths",
                    tags(
                        tag(9, 0, concat(bytes(0x17, 0, 0, 0, 0), twoByteLengths())),
                        tag(9, 0, bytes(0x17, 1, 0, 0, 0, 0, 2, 0x65, 0x88)))),
                seed(
                    "enhanced hevc",
                    tags(
                        tag(9, 0, concat(bytes(0x90, 'h', 'v', 'c', '1'), hvcc())),
                        tag(9, 40, bytes(0x91, 'h', 'v', 'c', '1', 0, 0, 40, 0, 0, 0, 1, 0x26)),
                        tag(9, 80, bytes(0xA3, 'h', 'v', 'c', '1', 0, 0, 0, 1, 0x02)))),
                seed(
                    "enhanced av1 and opus",
                    tags(
                        tag(9, 0, bytes(0x90, 'a', 'v', '0', '1', 0x81, 0, 0x0C, 0)),
                        tag(9, 0, bytes(0x91, 'a', 'v', '0', '1', 0x12, 0)),
                        tag(8, 20, bytes(0x90, 'O', 'p', 'u', 's', 'O', 'p', 'u', 's', 'H')),
                        tag(8, 20, bytes(0x91, 'O', 'p', 'u', 's', 0xFC)))),
                seed(
                    "aac config and frames around the 32-bit wrap",
                    tags(
                        tag(8, 0, bytes(0xAF, 0, 0x12, 0x10)),
                        tag(8, 0xFFFFFFF0L, bytes(0xAF, 1, 0x21, 0)),
                        tag(8, 0x10, bytes(0xAF, 1, 1)),
                        tag(8, 30, bytes(0x2F, 0xFF, 0xFB)),
                        tag(8, 40, bytes(0x7E, 0xD5))))),
        () ->
            Traces.sessions()
                .map(s -> seed(s.name(), mediaTags(s.clientMessages())))
                .filter(s -> s.bytes().length > 0));
  }

  @MethodSource("seeds")
  @FuzzTest
  void publisherTags(byte[] input) throws Exception {
    DecoderContract.throwing(FlvException.class).check(input.length, () -> demux(input));
  }

  private static void demux(byte[] input) {
    FlvDemuxer demuxer = new FlvDemuxer();
    int at = 0;
    while (input.length - at >= 11) {
      int type = input[at] & 0x1F;
      int size = u24(input, at + 1);
      long ms = u24(input, at + 4) | (long) (input[at + 7] & 0xFF) << 24;
      int body = at + 11;
      if (size > input.length - body) {
        return;
      }
      Payload p = Payload.wrap(input, body, size);
      Frame f = type == 9 ? demuxer.video(ms, p) : type == 8 ? demuxer.audio(ms, p) : null;
      if (f != null && f.isConfig()) {
        Tracks.describe(f);
      }
      at = body + size + 4;
    }
  }

  private static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
  }

  /** The audio and video messages of a session as FLV tags, up to about 64 KiB. */
  private static byte[] mediaTags(List<RawMessage> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RawMessage m : messages) {
      if ((m.typeId() == 8 || m.typeId() == 9) && out.size() + m.body().length() < 64 * 1024) {
        out.writeBytes(tag(m.typeId(), m.timestamp(), m.body().toByteArray()));
      }
    }
    return out.toByteArray();
  }

  private static byte[] tags(byte[]... tags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] t : tags) {
      out.writeBytes(t);
    }
    return out.toByteArray();
  }

  private static byte[] tag(int type, long ms, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(body.length >>> 16);
    out.write(body.length >>> 8);
    out.write(body.length);
    out.write((int) (ms >>> 16));
    out.write((int) (ms >>> 8));
    out.write((int) ms);
    out.write((int) (ms >>> 24));
    out.writeBytes(new byte[3]);
    out.writeBytes(body);
    int previous = 11 + body.length;
    out.writeBytes(
        new byte[] {
          (byte) (previous >>> 24),
          (byte) (previous >>> 16),
          (byte) (previous >>> 8),
          (byte) previous
        });
    return out.toByteArray();
  }

  private static byte[] bytes(int... b) {
    return FlvTest.bytes(b).toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return FlvTest.concat(Payload.wrap(a), b).toByteArray();
  }

  private static byte[] twoByteLengths() {
    byte[] rec = FlvTest.AVCC.clone();
    rec[4] = (byte) 0xFD;
    return rec;
  }

  private static byte[] hvcc() {
    byte[] hvcc = new byte[23];
    hvcc[0] = 1;
    hvcc[21] = 3;
    return hvcc;
  }
}
