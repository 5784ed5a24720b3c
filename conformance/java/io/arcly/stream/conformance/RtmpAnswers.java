package io.arcly.stream.conformance;

import io.arcly.stream.format.flv.FlvDemuxer;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import io.arcly.stream.protocol.rtmp.wire.ChunkDecoder;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.Handshake;
import io.arcly.stream.protocol.rtmp.wire.MessageType;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes what the server answered an RTMP client: the handshake, then chunks of messages. Keeps
 * the status codes, and for media checks that every tag decodes as FLV and counts frames per codec.
 */
final class RtmpAnswers {
  private final ChunkDecoder decoder = new ChunkDecoder(0xFFFFFF);
  private final FlvDemuxer flv = new FlvDemuxer();
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
  private int handshakeLeft = 1 + 2 * Handshake.SIZE;
  private final byte[] s0s1 = new byte[1 + Handshake.SIZE];
  private int s0s1Filled;

  /** The server's S1, once it arrived: what a client's C2 must echo. */
  final java.util.concurrent.CompletableFuture<byte[]> s1 =
      new java.util.concurrent.CompletableFuture<>();

  final List<String> statusCodes = new ArrayList<>();
  final Map<TrackKind, String> codecs = new LinkedHashMap<>();
  int videoFrames;
  int audioFrames;
  int keyframes;
  String error;

  RtmpAnswers() {
    buf.limit(0);
  }

  /** Feeds bytes the server sent. */
  synchronized void feed(byte[] b, int off, int len) {
    if (error != null) {
      return;
    }
    if (s0s1Filled < s0s1.length) {
      int k = Math.min(s0s1.length - s0s1Filled, len);
      System.arraycopy(b, off, s0s1, s0s1Filled, k);
      s0s1Filled += k;
      if (s0s1Filled == s0s1.length) {
        s1.complete(java.util.Arrays.copyOfRange(s0s1, 1, s0s1.length));
      }
    }
    int skip = Math.min(handshakeLeft, len);
    handshakeLeft -= skip;
    off += skip;
    len -= skip;
    if (len == 0) {
      return;
    }
    buf.compact();
    if (buf.remaining() < len) {
      error = "answer buffer overflow";
      return;
    }
    buf.put(b, off, len);
    buf.flip();
    try {
      decoder.decode(buf, this::message);
    } catch (RuntimeException e) {
      error = "undecodable answer: " + e.getMessage();
    }
  }

  private void message(RawMessage m) {
    MessageType t = m.type();
    if (t == MessageType.COMMAND_AMF0 || t == MessageType.COMMAND_AMF3) {
      Command c = Command.decode(t, m.body());
      if (c.name().equals("onStatus") || c.name().equals("_error")) {
        String code = c.arg(0).string("code");
        statusCodes.add(code == null ? c.name() : code);
      }
    } else if (t == MessageType.VIDEO || t == MessageType.AUDIO) {
      Frame f =
          t == MessageType.VIDEO
              ? flv.video(m.timestamp(), m.body())
              : flv.audio(m.timestamp(), m.body());
      if (f == null) {
        return;
      }
      codecs.putIfAbsent(f.kind(), f.codec().label());
      if (f.isConfig()) {
        return;
      }
      if (f.kind() == TrackKind.VIDEO) {
        videoFrames++;
        keyframes += f.isKeyframe() ? 1 : 0;
      } else {
        audioFrames++;
      }
    }
  }
}
