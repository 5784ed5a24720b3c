package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes RTSP requests, responses (RFC 2326 sections 6 and 7) and interleaved frame headers
 * (section 10.12). Headers are written in order as given, except {@code Content-Length}, which is
 * written from the body (and left out when the body is empty); {@code CSeq} is the caller's: a
 * server echoes the request's.
 */
public final class RtspEncoder {
  private RtspEncoder() {}

  /** A request's bytes: request line, headers, blank line, body. */
  public static byte[] encode(RtspRequest r) {
    return encode(r.method() + " " + r.uri() + " " + r.version(), r.headers(), r.body());
  }

  /** A response's bytes: status line, headers, blank line, body. */
  public static byte[] encode(RtspResponse r) {
    String status = r.version() + " " + r.status() + (r.reason().isEmpty() ? "" : " " + r.reason());
    return encode(status, r.headers(), r.body());
  }

  /** The bytes of any message; a frame's are its header and data. */
  public static byte[] encode(RtspMessage m) {
    return switch (m) {
      case RtspRequest r -> encode(r);
      case RtspResponse r -> encode(r);
      case InterleavedFrame f -> {
        byte[] out = new byte[4 + f.length()];
        writeFrameHeader(f.channel(), f.length(), ByteBuffer.wrap(out));
        f.data().get(out, 4, f.length());
        yield out;
      }
    };
  }

  /**
   * Writes the 4-byte header of an interleaved frame of {@code length} bytes on {@code channel} at
   * {@code out}'s position, which moves past it; the data follows from the caller, uncopied.
   */
  public static void writeFrameHeader(int channel, int length, ByteBuffer out) {
    if (channel < 0 || channel > 255) {
      throw new IllegalArgumentException("channel " + channel + " outside 0 to 255");
    }
    if (length < 0 || length > InterleavedFrame.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "frame length " + length + " outside 0 to " + InterleavedFrame.MAX_LENGTH);
    }
    out.put((byte) '$').put((byte) channel).putShort((short) length);
  }

  private static byte[] encode(String startLine, Headers headers, Payload body) {
    StringBuilder b = new StringBuilder(64 + 32 * headers.size());
    b.append(startLine).append("\r\n");
    for (Headers.Header h : headers.entries()) {
      if (h.is("Content-Length")) {
        continue;
      }
      b.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    if (!body.isEmpty()) {
      b.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    b.append("\r\n");
    byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body.isEmpty()) {
      return head;
    }
    byte[] out = new byte[head.length + body.length()];
    System.arraycopy(head, 0, out, 0, head.length);
    body.copyTo(out, head.length);
    return out;
  }
}
