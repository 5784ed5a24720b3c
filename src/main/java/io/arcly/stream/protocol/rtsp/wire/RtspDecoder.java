package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes what arrives on an RTSP connection (RFC 2326 sections 4, 6, 7 and 10.12), incrementally:
 * feed it whatever bytes arrived and it emits every request, response and interleaved frame
 * completed by them, in order (pipelined requests included). Used by both sides: a server reads
 * requests (and a publisher's frames), a client responses (and a server's frames).
 *
 * <p>Bytes not consumed by a call (an incomplete head or frame) must be presented again at the
 * start of the next call's input, followed by the new ones: compact the buffer, read, flip. A frame
 * whose bytes are all in the input is handed out as a view of it without a copy (see {@link
 * InterleavedFrame}); an incomplete frame stays in the caller's buffer when that buffer could hold
 * it whole, and is copied into the decoder otherwise. An incomplete head stays in the caller's
 * buffer until the buffer is full, and bodies are copied (they are small: an SDP, a parameter).
 *
 * <p>Tolerated: LF line ends, CR and LF between messages (keep-alives some clients send), spaces
 * around header names and values, folded header lines, a response without a reason phrase. Limits,
 * each breach an {@link RtspException} carrying the status to answer, after which the decoder stays
 * failed:
 *
 * <ul>
 *   <li>the start line and headers at most {@value #MAX_HEAD} bytes (431);
 *   <li>at most {@value Headers#MAX_HEADERS} headers (431);
 *   <li>a request URI of at most {@value RtspUrl#MAX_LENGTH} bytes (414);
 *   <li>a body, by {@code Content-Length}, up to the configured maximum (default {@value
 *       #DEFAULT_MAX_BODY} bytes), checked before any byte of it is read (413);
 *   <li>a version other than {@code RTSP/1.0} (505); anything malformed (400), a message starting
 *       with a byte that begins neither a method, a status line nor a frame included, so a peer
 *       whose frames lost their framing is refused at once.
 * </ul>
 *
 * <p>An interleaved frame may be 0 to 65535 bytes long; an empty one is handed out as it is.
 */
public final class RtspDecoder {
  /** The most bytes of a start line and its headers, blank line included. */
  public static final int MAX_HEAD = 64 * 1024;

  /** The default cap on a body. */
  public static final int DEFAULT_MAX_BODY = 64 * 1024;

  private static final int GROW_STEP = 64 * 1024;

  private enum State {
    START,
    HEAD,
    BODY,
    FRAME
  }

  private final int maxBody;
  private State state = State.START;
  private int scanned;
  private byte[] head;
  private int headLength;
  private RtspMessage pending;
  private byte[] body;
  private int bodyLength;
  private int filled;
  private int frameChannel;
  private long lastCseq = -1;
  private RtspException failure;

  /** A decoder refusing bodies longer than {@value #DEFAULT_MAX_BODY} bytes. */
  public RtspDecoder() {
    this(DEFAULT_MAX_BODY);
  }

  /** A decoder refusing bodies longer than {@code maxBody} bytes. */
  public RtspDecoder(int maxBody) {
    if (maxBody < 0) {
      throw new IllegalArgumentException("max body must not be negative");
    }
    this.maxBody = maxBody;
  }

  /**
   * The {@code CSeq} of the last request or response whose head the decoder read, or tried to: the
   * sequence number to answer a refused request with; -1 when there was none.
   */
  public long lastCseq() {
    return lastCseq;
  }

  /** Whether the decoder refused its input; every later call throws the same exception. */
  public boolean failed() {
    return failure != null;
  }

  /** Whether part of a message or frame has been read and the rest is still to come. */
  public boolean midMessage() {
    return state != State.START;
  }

  /**
   * Consumes complete messages and frames (and the available part of a body or of a frame too large
   * for {@code in}) from {@code in}, emitting each to {@code sink} in order. On return {@code in}'s
   * position is at the first byte not consumed.
   *
   * @throws RtspException on malformed or hostile input; every later call throws it again
   */
  public void decode(ByteBuffer in, Consumer<RtspMessage> sink) {
    if (failure != null) {
      throw failure;
    }
    try {
      while (in.hasRemaining()) {
        boolean progress =
            switch (state) {
              case START -> start(in, sink);
              case HEAD -> moreHead(in, sink);
              case BODY -> moreBody(in, sink);
              case FRAME -> moreFrame(in, sink);
            };
        if (!progress) {
          return;
        }
      }
    } catch (RtspException e) {
      fail(e);
      throw e;
    } catch (IllegalArgumentException e) {
      // a value the records refuse that the parser let through: still the peer's fault
      RtspException r = RtspException.badRequest(e.getMessage());
      fail(r);
      throw r;
    }
  }

  private void fail(RtspException e) {
    failure = e;
    head = null;
    body = null;
    pending = null;
  }

  private boolean start(ByteBuffer in, Consumer<RtspMessage> sink) {
    int p = in.position();
    int b = in.get(p) & 0xFF;
    if (b == '\r' || b == '\n') {
      in.position(p + 1);
      return true;
    }
    if (b == '$') {
      return frame(in, sink);
    }
    if (!Tokens.isTokenChar(b)) {
      throw RtspException.badRequest(
          "a message starts with byte 0x"
              + String.format("%02x", b)
              + ", neither a request, a response nor an interleaved frame");
    }
    return headInPlace(in, sink);
  }

  /** A frame starting at the input's position. */
  private boolean frame(ByteBuffer in, Consumer<RtspMessage> sink) {
    if (in.remaining() < 4) {
      return false;
    }
    int p = in.position();
    int channel = in.get(p + 1) & 0xFF;
    int length = in.getShort(p + 2) & 0xFFFF;
    if (in.remaining() >= 4 + length) {
      ByteBuffer data = in.slice(p + 4, length);
      in.position(p + 4 + length);
      sink.accept(new InterleavedFrame(channel, data));
      return true;
    }
    if (in.capacity() >= 4 + length) {
      return false; // the caller's buffer will hold it whole after its next read
    }
    in.position(p + 4);
    frameChannel = channel;
    body = new byte[length];
    bodyLength = length;
    filled = 0;
    state = State.FRAME;
    return true;
  }

  private boolean moreFrame(ByteBuffer in, Consumer<RtspMessage> sink) {
    int n = Math.min(in.remaining(), bodyLength - filled);
    in.get(body, filled, n);
    filled += n;
    if (filled < bodyLength) {
      return false;
    }
    ByteBuffer data = ByteBuffer.wrap(body);
    body = null;
    state = State.START;
    sink.accept(new InterleavedFrame(frameChannel, data));
    return true;
  }

  /** A head in the caller's buffer, from its position. */
  private boolean headInPlace(ByteBuffer in, Consumer<RtspMessage> sink) {
    int p = in.position();
    int limit = in.limit();
    int end = endOfHead(in, p, Math.max(p, p + scanned - 3), limit);
    if (end < 0) {
      int have = limit - p;
      if (have > MAX_HEAD) {
        throw tooLong();
      }
      scanned = have;
      if (have < in.capacity()) {
        return false; // more will fit once the caller compacts and reads
      }
      // The caller's buffer is full and smaller than a head may be: go on in a buffer of our own.
      head = new byte[Math.min(MAX_HEAD + 1, 2 * have)];
      in.get(head, 0, have);
      headLength = have;
      scanned = 0;
      state = State.HEAD;
      return true;
    }
    scanned = 0;
    if (end - p > MAX_HEAD) {
      throw tooLong();
    }
    byte[] bytes = new byte[end - p];
    in.get(bytes);
    return onHead(bytes, bytes.length, in, sink);
  }

  /** More of a head being gathered in the decoder's own buffer. */
  private boolean moreHead(ByteBuffer in, Consumer<RtspMessage> sink) {
    int before = headLength;
    int n = Math.min(in.remaining(), MAX_HEAD + 1 - before);
    if (before + n > head.length) {
      head = Arrays.copyOf(head, Math.min(MAX_HEAD + 1, Math.max(before + n, 2 * head.length)));
    }
    in.get(in.position(), head, before, n);
    int end = endOfHead(ByteBuffer.wrap(head), 0, Math.max(0, before - 3), before + n);
    if (end < 0) {
      in.position(in.position() + n);
      headLength = before + n;
      if (headLength > MAX_HEAD) {
        throw tooLong();
      }
      return true;
    }
    in.position(in.position() + (end - before));
    byte[] bytes = head;
    head = null;
    headLength = 0;
    state = State.START;
    if (end > MAX_HEAD) {
      throw tooLong();
    }
    return onHead(bytes, end, in, sink);
  }

  private boolean onHead(byte[] bytes, int length, ByteBuffer in, Consumer<RtspMessage> sink) {
    String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    lastCseq = HeadParser.sniffCseq(text);
    HeadParser.Head h = HeadParser.parse(text, maxBody);
    state = State.START;
    if (h.contentLength() == 0) {
      sink.accept(h.message());
      return true;
    }
    int n = h.contentLength();
    if (in.remaining() >= n) {
      byte[] b = new byte[n];
      in.get(b);
      sink.accept(withBody(h.message(), Payload.wrap(b)));
      return true;
    }
    pending = h.message();
    body = new byte[Math.min(n, GROW_STEP)];
    bodyLength = n;
    filled = 0;
    state = State.BODY;
    return true;
  }

  private boolean moreBody(ByteBuffer in, Consumer<RtspMessage> sink) {
    int n = Math.min(in.remaining(), bodyLength - filled);
    if (filled + n > body.length) {
      body = Arrays.copyOf(body, Math.min(bodyLength, Math.max(filled + n, 2 * body.length)));
    }
    in.get(body, filled, n);
    filled += n;
    if (filled < bodyLength) {
      return false;
    }
    RtspMessage m = withBody(pending, Payload.wrap(body, 0, bodyLength));
    pending = null;
    body = null;
    state = State.START;
    sink.accept(m);
    return true;
  }

  private static RtspMessage withBody(RtspMessage m, Payload body) {
    return switch (m) {
      case RtspRequest r -> new RtspRequest(r.method(), r.uri(), r.version(), r.headers(), body);
      case RtspResponse r ->
          new RtspResponse(r.version(), r.status(), r.reason(), r.headers(), body);
      case InterleavedFrame f -> f;
    };
  }

  private static RtspException tooLong() {
    return new RtspException(
        RtspException.HEADERS_TOO_LARGE,
        "start line and headers longer than " + MAX_HEAD + " bytes");
  }

  /**
   * The index just past the blank line ending a head that starts at {@code start}, searching line
   * ends from {@code from}; -1 when it has not arrived. A blank line is LF LF or LF CR LF.
   */
  private static int endOfHead(ByteBuffer b, int start, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (b.get(i) != '\n') {
        continue;
      }
      if (i - 1 >= start && b.get(i - 1) == '\n') {
        return i + 1;
      }
      if (i - 2 >= start && b.get(i - 1) == '\r' && b.get(i - 2) == '\n') {
        return i + 1;
      }
    }
    return -1;
  }
}
