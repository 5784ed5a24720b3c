package io.arcly.stream.protocol.rtmp.session;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.codec.Tracks;
import io.arcly.stream.format.flv.FlvDemuxer;
import io.arcly.stream.format.flv.FlvException;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.fuzz.Traces;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.amf.Amf0;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.ChunkEncoder;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.ControlMessages;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import io.arcly.stream.protocol.rtmp.wire.RtmpException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes what a peer sends after the handshake, decoded as a {@link ServerSession} does: the {@link
 * ChunkDecoder}, then each message's body by its type (control messages, AMF commands and data,
 * audio, video and aggregate messages through the {@link FlvDemuxer} and {@link Tracks}). The first
 * input byte sets how many bytes each socket read returns (1 to 256), the rest is the byte stream.
 */
class MessageStreamFuzzTest {
  /**
   * The decoder may hold up to 64 KiB ahead of the data received on each of 64 chunk streams (see
   * {@link ChunkDecoder}); beyond that, allocation follows the bytes received.
   */
  private static final DecoderContract CONTRACT =
      DecoderContract.throwing(RtmpException.class).allocatingAtMost(8 << 20, 256);

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                seed("spec example 1, one-byte reads", specExample()),
                seed("set chunk size then a long message", chunkSizeThenLongMessage()),
                seed("abort of a partial message", abortedMessage()),
                seed("extended timestamps", extendedTimestamps()),
                seed("two- and three-byte basic headers", wideChunkStreams()),
                seed("commands and metadata", commands())),
        () ->
            Traces.sessions()
                .map(
                    s ->
                        seed(
                            s.name(),
                            withReadSize(255, Arrays.copyOf(s.clientChunks(), 64 * 1024)))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void clientBytes(byte[] input) throws Exception {
    CONTRACT.check(input.length, () -> decode(input));
  }

  private static void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int step = (input[0] & 0xFF) + 1;
    ChunkDecoder decoder = new ChunkDecoder();
    FlvDemuxer demuxer = new FlvDemuxer();
    // As Connection.readLoop: an incomplete header (under MAX_HEADER bytes) waits for the next
    // read.
    ByteBuffer bb = ByteBuffer.allocate(step + ChunkEncoder.MAX_HEADER);
    bb.limit(0);
    for (int at = 1; at < input.length; at += step) {
      bb.compact();
      bb.put(input, at, Math.min(step, input.length - at));
      bb.flip();
      decoder.decode(bb, m -> onMessage(m, demuxer));
    }
  }

  /** What {@link ServerSession#onMessage} and {@link PublishFlow} decode. */
  private static void onMessage(RawMessage m, FlvDemuxer demuxer) {
    MessageType type = m.type();
    if (type == null) {
      return;
    }
    switch (type) {
      case SET_CHUNK_SIZE,
          ABORT,
          ACKNOWLEDGEMENT,
          WINDOW_ACK_SIZE,
          SET_PEER_BANDWIDTH,
          USER_CONTROL ->
          ControlMessages.decode(type, m.body());
      case COMMAND_AMF0, COMMAND_AMF3 -> Command.decode(type, m.body());
      case DATA_AMF0, DATA_AMF3 -> {
        for (Amf v : DataMessage.decode(type, m.body()).values()) {
          v.toJava();
        }
      }
      case AUDIO, VIDEO, AGGREGATE -> media(demuxer, type, m.timestamp(), m.body());
      default -> {}
    }
  }

  private static void media(FlvDemuxer demuxer, MessageType type, long timestamp, Payload body) {
    try {
      switch (type) {
        case VIDEO -> describe(demuxer.video(timestamp, body));
        case AUDIO -> describe(demuxer.audio(timestamp, body));
        default -> Aggregate.split(body, timestamp, (t, ts, b) -> media(demuxer, t, ts, b));
      }
    } catch (FlvException e) {
      throw new RtmpException("bad media from publisher: " + e.getMessage());
    }
  }

  private static void describe(Frame f) {
    if (f != null && f.isConfig()) {
      Tracks.describe(f);
    }
  }

  private static byte[] withReadSize(int selector, byte[] chunks) {
    byte[] out = new byte[chunks.length + 1];
    out[0] = (byte) selector;
    System.arraycopy(chunks, 0, out, 1, chunks.length);
    return out;
  }

  private static byte[] body(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  /** RTMP 1.0 section 5.3.2.1 example 1: audio on chunk stream 3, types 0, 2 and 3. */
  private static byte[] specExample() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(0); // one byte per read
    w.writeBytes(new byte[] {0x03, 0, 3, (byte) 0xE8, 0, 0, 32, 8, 1, 0, 0, 0});
    w.writeBytes(body(32, 1));
    w.writeBytes(new byte[] {(byte) 0x83, 0, 0, 33});
    w.writeBytes(body(32, 2));
    w.write(0xC3);
    w.writeBytes(body(32, 3));
    return w.toByteArray();
  }

  private static byte[] chunkSizeThenLongMessage() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(99);
    w.writeBytes(ChunkEncoder.message(2, 1, 0, 0, Payload.wrap(new byte[] {0, 0, 0x10, 0}), 128));
    w.writeBytes(ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(body(9000, 6)), 4096));
    return w.toByteArray();
  }

  private static byte[] abortedMessage() {
    byte[] msg = ChunkEncoder.message(6, 9, 0, 1, Payload.wrap(body(300, 9)), 128);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(63);
    w.write(msg, 0, 12 + 128);
    w.writeBytes(ChunkEncoder.message(2, 2, 0, 0, Payload.wrap(new byte[] {0, 0, 0, 6}), 128));
    w.writeBytes(msg);
    return w.toByteArray();
  }

  private static byte[] extendedTimestamps() {
    return withReadSize(
        2, ChunkEncoder.message(6, 9, 0x1_2345_67L, 1, Payload.wrap(body(300, 7)), 128));
  }

  private static byte[] wideChunkStreams() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(1);
    for (int csid : new int[] {64, 319, 320, 65599}) {
      w.writeBytes(ChunkEncoder.message(csid, 20, 5, 0, Payload.wrap(body(500, csid)), 128));
    }
    return w.toByteArray();
  }

  private static byte[] commands() {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(255);
    byte[] connect =
        Command.of("connect", 1, Amf.obj("app", Amf.str("live"), "tcUrl", Amf.str("rtmp://h/live")))
            .encode();
    w.writeBytes(ChunkEncoder.message(3, 20, 0, 0, Payload.wrap(connect), 128));
    byte[] publish =
        Command.of("publish", 5, Amf.NULL, Amf.str("cam?token=t"), Amf.str("live")).encode();
    w.writeBytes(ChunkEncoder.message(8, 20, 0, 1, Payload.wrap(publish), 128));
    byte[] meta =
        Amf0.encode(
            Amf.str("@setDataFrame"),
            Amf.str("onMetaData"),
            Amf.ecma("width", Amf.num(1280), "height", Amf.num(720)));
    w.writeBytes(ChunkEncoder.message(4, 18, 0, 1, Payload.wrap(meta), 128));
    w.writeBytes(
        ChunkEncoder.message(
            2, 5, 0, 0, Payload.wrap(new byte[] {0, 0x26, 0x25, (byte) 0xA0}), 128));
    w.writeBytes(
        ChunkEncoder.message(
            2, 4, 0, 0, Payload.wrap(new byte[] {0, 3, 0, 0, 0, 1, 0, 0, 0x0B, (byte) 0xB8}), 128));
    return w.toByteArray();
  }
}
