package io.arcly.stream.protocol.rtmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.media.Payload;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget every connection's unfinished messages share, and each path that gives it back. */
class PendingBudgetTest {
  static final int KIB = 1024;
  static final int MIB = 1024 * KIB;

  private final List<RawMessage> out = new ArrayList<>();

  /** The first {@code bytes} of a {@code length}-byte video message on {@code csid}. */
  static byte[] start(int csid, int length, int bytes, int chunkSize) {
    byte[] msg = ChunkEncoder.message(csid, 9, 0, 1, Payload.wrap(new byte[length]), chunkSize);
    return Arrays.copyOf(msg, ChunkEncoder.basicHeaderSize(csid) + 11 + bytes);
  }

  static byte[] setChunkSize(int size) {
    return ChunkEncoder.message(
        2,
        1,
        0,
        0,
        Payload.wrap(ControlMessages.encode(new ControlMessage.SetChunkSize(size))),
        128);
  }

  static byte[] abort(int csid) {
    return ChunkEncoder.message(2, 2, 0, 0, Payload.wrap(new byte[] {0, 0, 0, (byte) csid}), 128);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      w.writeBytes(p);
    }
    return w.toByteArray();
  }

  /** Feeds in reads of at most 64 KiB, as the connection does. */
  void feed(ChunkDecoder d, byte[] bytes) {
    ByteBuffer bb = ByteBuffer.allocate(bytes.length + 32);
    bb.limit(0);
    for (int i = 0; i < bytes.length; i += 64 * KIB) {
      bb.compact();
      bb.put(bytes, i, Math.min(64 * KIB, bytes.length - i));
      bb.flip();
      d.decode(bb, out::add);
    }
  }

  @Test
  void decodersSharingABudgetAreRefusedOnceItIsSpentAndTheOthersCarryOn() {
    PendingBudget budget = new PendingBudget(3 * MIB);
    byte[] holding = concat(setChunkSize(640 * KIB), start(6, 8 * MIB, 640 * KIB, 640 * KIB));
    ChunkDecoder a = new ChunkDecoder(8 * MIB, budget);
    ChunkDecoder b = new ChunkDecoder(8 * MIB, budget);
    ChunkDecoder c = new ChunkDecoder(8 * MIB, budget);
    feed(a, holding);
    feed(b, holding);
    assertThat(budget.used()).as("two buffers grown to 1 MiB").isEqualTo(2 * MIB);
    assertThat(a.reserved()).isEqualTo(MIB);
    feed(c, holding);
    assertThat(budget.used()).isEqualTo(3 * MIB);
    // The budget is spent: even a small message cannot start, on any connection.
    assertThatThrownBy(() -> feed(c, start(7, 8 * MIB, 0, 640 * KIB)))
        .isInstanceOf(RtmpException.class);
    assertThat(budget.used()).as("the refused decoder gave back all it held").isEqualTo(2 * MIB);
    ChunkDecoder f = new ChunkDecoder(8 * MIB, budget);
    feed(f, holding);
    ChunkDecoder d = new ChunkDecoder(8 * MIB, budget);
    assertThatThrownBy(() -> feed(d, start(6, 1000, 100, 128)))
        .isInstanceOf(RtmpException.class)
        .hasMessage(
            "message of 1000 bytes on chunk stream 6 refused: unfinished messages of all"
                + " connections would exceed 3145728 bytes");
    assertThat(d.reserved()).isZero();
    assertThat(budget.used()).as("the refused decoder holds nothing").isEqualTo(3 * MIB);
    // Once one gives back, small messages pass again.
    a.release();
    ChunkDecoder e = new ChunkDecoder(8 * MIB, budget);
    feed(e, ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(new byte[1000]), 128));
    assertThat(out).last().extracting(m -> m.body().length()).isEqualTo(1000);
    b.release();
    c.release();
    e.release();
    f.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aCompletedMessageGivesItsBytesBack() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(new byte[300 * KIB]), 4096);
    feed(d, concat(setChunkSize(4096), Arrays.copyOf(msg, msg.length - 1)));
    assertThat(budget.used()).as("grown by doubling, up to its length").isEqualTo(300 * KIB);
    feed(d, new byte[] {0});
    assertThat(budget.used()).isZero();
    assertThat(out).last().extracting(m -> m.body().length()).isEqualTo(300 * KIB);
  }

  @Test
  void anAbortGivesTheAbortedMessagesBytesBack() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    feed(d, start(6, 100 * KIB, 128, 128));
    assertThat(budget.used()).isEqualTo(64 * KIB);
    feed(d, abort(6));
    assertThat(budget.used()).isZero();
    assertThat(d.midMessage()).isFalse();
  }

  @Test
  void aNewHeaderReplacingAnUnfinishedMessageGivesItsBytesBack() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    feed(d, start(6, 100 * KIB, 128, 128));
    // After the first chunk, a type-0 header starts another message on the same chunk stream.
    feed(d, start(6, 200, 128, 128));
    assertThat(budget.used()).isEqualTo(200);
    feed(d, start(6, 300, 128, 128));
    assertThat(budget.used()).isEqualTo(300);
    d.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aChunkSizeChangeBetweenChunksKeepsTheAccountRight() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(new byte[1000]), 128);
    // The first chunk at 128 bytes, then Set Chunk Size, then the rest at 4096 bytes.
    byte[] first = Arrays.copyOf(msg, 12 + 128);
    byte[] rest = concat(new byte[] {(byte) 0xC6}, new byte[1000 - 128]); // one type-3 chunk
    feed(d, concat(first, setChunkSize(4096), rest));
    assertThat(out).last().extracting(m -> m.body().length()).isEqualTo(1000);
    assertThat(budget.used()).isZero();
  }

  @Test
  void badInputGivesEverythingBackAtOnce() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    byte[] bad = {(byte) 0x47, 0, 0, 1, 0, 0, 4, 9}; // type 1 on a fresh chunk stream
    assertThatThrownBy(() -> feed(d, concat(start(6, 100 * KIB, 128, 128), bad)))
        .isInstanceOf(RtmpException.class);
    assertThat(budget.used()).isZero();
  }

  @Test
  void releaseGivesEverythingBackAndFailsTheDecoder() {
    PendingBudget budget = new PendingBudget(MIB);
    ChunkDecoder d = new ChunkDecoder(MIB, budget);
    feed(d, concat(start(6, 100 * KIB, 128, 128), start(7, 1000, 100, 128)));
    assertThat(budget.used()).isEqualTo(64 * KIB + 1000);
    d.release();
    d.release(); // idempotent
    assertThat(budget.used()).isZero();
    assertThatThrownBy(() -> feed(d, start(8, 10, 10, 128))).isInstanceOf(RtmpException.class);
    assertThat(budget.used()).isZero();
  }

  @Test
  void theBudgetRefusesWhatWouldPassItAndNeverGoesNegative() {
    PendingBudget b = new PendingBudget(100);
    assertThat(b.tryReserve(60)).isTrue();
    assertThat(b.tryReserve(41)).isFalse();
    assertThat(b.tryReserve(40)).isTrue();
    b.release(100);
    assertThat(b.used()).isZero();
    assertThatThrownBy(() -> b.release(1)).isInstanceOf(IllegalStateException.class);
    assertThat(PendingBudget.unlimited().tryReserve(Integer.MAX_VALUE)).isTrue();
  }
}
