package io.arcly.stream.protocol.rtmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {
  private final List<RawMessage> out = new ArrayList<>();

  private void feed(ChunkDecoder d, byte[] bytes, int step) {
    ByteBuffer bb = ByteBuffer.allocate(bytes.length + 32);
    bb.limit(0);
    for (int i = 0; i < bytes.length; i += step) {
      bb.compact();
      bb.put(bytes, i, Math.min(step, bytes.length - i));
      bb.flip();
      d.decode(bb, out::add);
    }
    assertThat(bb.remaining()).as("bytes left undecoded").isZero();
  }

  private static byte[] body(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void specExampleTwoAudioMessagesUseTypes0Then2Then3() {
    // RTMP 1.0 section 5.3.2.1 example 1: audio on chunk stream 3, 32-byte messages, delta 33.
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(0x03); // fmt 0, csid 3
    w.writeBytes(new byte[] {0, 3, (byte) 0xE8}); // timestamp 1000
    w.writeBytes(new byte[] {0, 0, 32}); // length 32
    w.write(8); // audio
    w.writeBytes(new byte[] {1, 0, 0, 0}); // stream id 1, little endian
    w.writeBytes(body(32, 1));
    w.write(0x83); // fmt 2, csid 3
    w.writeBytes(new byte[] {0, 0, 33}); // delta 33
    w.writeBytes(body(32, 2));
    w.write(0xC3); // fmt 3: same delta again
    w.writeBytes(body(32, 3));
    ChunkDecoder d = new ChunkDecoder();
    feed(d, w.toByteArray(), 1);
    assertThat(out).extracting(RawMessage::timestamp).containsExactly(1000L, 1033L, 1066L);
    assertThat(out).extracting(RawMessage::streamId).containsOnly(1);
    assertThat(out.get(2).body()).isEqualTo(Payload.wrap(body(32, 3)));
  }

  @Test
  void messagesSplitAcrossChunksAndInterleavedStreamsReassemble() {
    byte[] video = body(1000, 4);
    byte[] audio = body(100, 5);
    int cs = 128;
    byte[] v = ChunkEncoder.message(6, 9, 40, 1, Payload.wrap(video), cs);
    byte[] a = ChunkEncoder.message(4, 8, 41, 1, Payload.wrap(audio), cs);
    // Interleave: the first video chunk, the whole audio message, the rest of the video.
    int firstChunk = 12 + cs;
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(v, 0, firstChunk);
    w.writeBytes(a);
    w.write(v, firstChunk, v.length - firstChunk);
    for (int step : new int[] {1, 7, 4096}) {
      out.clear();
      feed(new ChunkDecoder(), w.toByteArray(), step);
      assertThat(out).extracting(RawMessage::typeId).containsExactly(8, 9);
      assertThat(out.get(1).body()).isEqualTo(Payload.wrap(video));
      assertThat(out.get(0).body()).isEqualTo(Payload.wrap(audio));
    }
  }

  @Test
  void setChunkSizeAppliesToTheVeryNextChunk() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.writeBytes(ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(new byte[] {0, 0, 0x10, 0}), 128));
    byte[] big = body(9000, 6);
    w.writeBytes(ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(big), 4096));
    ChunkDecoder d = new ChunkDecoder();
    feed(d, w.toByteArray(), 100);
    assertThat(d.chunkSize()).isEqualTo(4096);
    assertThat(out.get(1).body()).isEqualTo(Payload.wrap(big));
  }

  @Test
  void extendedTimestampsOnEveryChunkTypeIncludingType3() {
    long ts = 0x1_2345_67L; // above 0xFFFFFF
    byte[] b = body(300, 7);
    byte[] wire = ChunkEncoder.message(6, 9, ts, 1, Payload.wrap(b), 128);
    feed(new ChunkDecoder(), wire, 3);
    assertThat(out)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.timestamp()).isEqualTo(ts);
              assertThat(m.body()).isEqualTo(Payload.wrap(b));
            });
  }

  @Test
  void type3ContinuationWithoutTheRepeatedExtendedTimestampIsAccepted() {
    // Some encoders send the extended timestamp only in the type-0 header.
    long ts = 0x0100_0000L;
    byte[] b = body(200, 8);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    byte[] h = new byte[ChunkEncoder.MAX_HEADER];
    int n = ChunkEncoder.header(h, 0, 6, 9, ts, b.length, 1);
    w.write(h, 0, n);
    w.write(b, 0, 128);
    w.write(0xC6);
    w.write(b, 128, 72);
    feed(new ChunkDecoder(), w.toByteArray(), 5);
    assertThat(out).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(Payload.wrap(b)));
  }

  @Test
  void twoAndThreeByteBasicHeaders() {
    for (int csid : new int[] {64, 319, 320, 65599}) {
      out.clear();
      byte[] b = body(500, csid);
      feed(new ChunkDecoder(), ChunkEncoder.message(csid, 20, 5, 0, Payload.wrap(b), 128), 2);
      assertThat(out)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.chunkStream()).isEqualTo(csid);
                assertThat(m.body()).isEqualTo(Payload.wrap(b));
              });
    }
  }

  @Test
  void abortDiscardsThePartialMessage() {
    byte[] b = body(300, 9);
    byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(b), 128);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(msg, 0, 12 + 128); // first chunk only
    w.writeBytes(ChunkEncoder.message(2, 2, 0, 0, Payload.wrap(new byte[] {0, 0, 0, 6}), 128));
    w.writeBytes(msg); // sent again whole
    ChunkDecoder d = new ChunkDecoder();
    feed(d, w.toByteArray(), 64);
    assertThat(out).extracting(RawMessage::typeId).containsExactly(2, 9);
    assertThat(out.get(1).body()).isEqualTo(Payload.wrap(b));
    assertThat(d.midMessage()).isFalse();
  }

  @Test
  void anAbsurdMessageLengthIsRefusedBeforeAnyAllocation() {
    byte[] h = new byte[ChunkEncoder.MAX_HEADER];
    int n = ChunkEncoder.header(h, 0, 6, 9, 0, 0xFFFFFF, 1);
    ChunkDecoder d = new ChunkDecoder(1024 * 1024);
    ByteBuffer bb = ByteBuffer.wrap(h, 0, n);
    assertThatThrownBy(() -> d.decode(bb, out::add))
        .isInstanceOf(RtmpException.class)
        .hasMessage("message of 16777215 bytes on chunk stream 6 exceeds the limit of 1048576");
    assertThatThrownBy(() -> d.decode(ByteBuffer.allocate(1), out::add))
        .as("the decoder stays failed")
        .isInstanceOf(RtmpException.class);
  }

  @Test
  void aChunkStreamStartingWithoutAType0HeaderIsMalformed() {
    assertThatThrownBy(
            () ->
                new ChunkDecoder()
                    .decode(
                        ByteBuffer.wrap(new byte[] {(byte) 0x46, 0, 0, 1, 0, 0, 4, 9}), out::add))
        .isInstanceOf(RtmpException.class)
        .hasMessage("chunk stream 6 starts with a type 1 header, not type 0");
  }

  @Test
  void chunkSizesOutsideTheLimitsAreRefused() {
    for (long size : new long[] {0, 0x1000000L}) {
      byte[] b = {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
      byte[] wire = ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(b), 128);
      assertThatThrownBy(() -> new ChunkDecoder().decode(ByteBuffer.wrap(wire), out::add))
          .isInstanceOf(RtmpException.class)
          .hasMessageStartingWith("chunk size " + size + " outside");
    }
  }

  @Test
  void tooManyChunkStreamsIsRefused() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    for (int csid = 3; csid < 3 + ChunkDecoder.MAX_CHUNK_STREAMS + 1; csid++) {
      byte[] msg = ChunkEncoder.message(csid, 9, 0, 1, Payload.wrap(new byte[200]), 128);
      w.write(msg, 0, 12 + 128 + (csid >= 64 ? 1 : 0)); // leave each unfinished
    }
    assertThatThrownBy(() -> new ChunkDecoder().decode(ByteBuffer.wrap(w.toByteArray()), out::add))
        .isInstanceOf(RtmpException.class)
        .hasMessage("more than 64 chunk streams in use");
  }

  private static long allocatedBy(Runnable r) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    r.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void messagesDroppedAfterTheirFirstByteAreRefusedBeforeTheyCostMuchMemory() {
    // Found while setting the fuzz targets' allocation budgets: with chunk size 1, a type-0 header
    // and one byte of data (13 bytes) start a message and its 64 KiB buffer, and the next header
    // on the same chunk stream drops it unfinished: 5000 times the peer's bytes in garbage.
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.writeBytes(ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(new byte[] {0, 0, 0, 1}), 128));
    byte[] h = new byte[ChunkEncoder.MAX_HEADER];
    for (int i = 0; i < 500; i++) {
      w.write(h, 0, ChunkEncoder.header(h, 0, 3, 9, 0, 1 << 20, 1));
      w.write(0);
    }
    ChunkDecoder d = new ChunkDecoder();
    RtmpException[] thrown = new RtmpException[1];
    long allocated =
        allocatedBy(
            () -> {
              try {
                d.decode(ByteBuffer.wrap(w.toByteArray()), out::add);
              } catch (RtmpException e) {
                thrown[0] = e;
              }
            });
    assertThat(thrown[0])
        .hasMessage("messages dropped unfinished hold more memory than their peer sent");
    assertThat(allocated).as("bytes allocated for %d bytes", w.size()).isLessThan(4 << 20);
  }

  @Test
  void anAbortedMessageNowAndThenIsFine() {
    byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(body(70_000, 11)), 4096);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.writeBytes(ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(new byte[] {0, 0, 0x10, 0}), 128));
    for (int i = 0; i < 10; i++) {
      w.write(msg, 0, 12 + 4096); // the first chunk, then an abort
      w.writeBytes(ChunkEncoder.message(2, 2, 0, 0, Payload.wrap(new byte[] {0, 0, 0, 6}), 4096));
    }
    w.writeBytes(msg);
    ChunkDecoder d = new ChunkDecoder();
    feed(d, w.toByteArray(), 1000);
    assertThat(out.get(out.size() - 1).body()).isEqualTo(Payload.wrap(body(70_000, 11)));
  }

  @Test
  void randomGarbageOnlyEverRaisesRtmpException() {
    Random r = new Random(42);
    for (int i = 0; i < 5000; i++) {
      byte[] junk = new byte[r.nextInt(600)];
      r.nextBytes(junk);
      ChunkDecoder d = new ChunkDecoder(64 * 1024);
      try {
        d.decode(ByteBuffer.wrap(junk), m -> {});
      } catch (RtmpException expected) {
        // fine
      }
    }
  }
}
