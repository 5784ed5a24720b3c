package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Payload;
import java.util.Objects;

/**
 * An RTSP request (RFC 2326 section 6): {@code METHOD uri RTSP/1.0}, headers and an optional body.
 * The method is kept as sent, an unknown one included (the session answers it 501).
 *
 * @param method the method, a token such as {@code DESCRIBE}
 * @param uri the request URI as sent: an {@code rtsp://} URL or {@code *}
 * @param version the protocol version, {@code RTSP/1.0}
 * @param headers the headers, without {@code Content-Length} once decoded or before encoding is
 *     fine: the encoder writes it from the body
 * @param body the body, empty when there is none
 */
public record RtspRequest(String method, String uri, String version, Headers headers, Payload body)
    implements RtspMessage {
  /** The version this codec speaks. */
  public static final String RTSP_1_0 = "RTSP/1.0";

  /** Checks the request line can be written on one line. */
  public RtspRequest {
    if (!Tokens.isToken(method)) {
      throw new IllegalArgumentException("method " + Tokens.quote(method) + " is not a token");
    }
    checkUri(uri);
    if (!Tokens.isToken(version.replace("/", ""))) {
      throw new IllegalArgumentException("version " + Tokens.quote(version) + " is not valid");
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A request without a body. */
  public static RtspRequest of(String method, String uri, Headers headers) {
    return new RtspRequest(method, uri, RTSP_1_0, headers, Payload.EMPTY);
  }

  /** A request with a body (an ANNOUNCE's SDP, a SET_PARAMETER's text). */
  public static RtspRequest of(String method, String uri, Headers headers, Payload body) {
    return new RtspRequest(method, uri, RTSP_1_0, headers, body);
  }

  /** The {@code CSeq} header (RFC 2326 section 12.17), or -1 when it is missing. */
  public long cseq() {
    return RtspHeaders.cseq(headers);
  }

  /** Whether the method is {@code name}; methods are case-sensitive (RFC 2326 section 6.1). */
  public boolean is(String name) {
    return method.equals(name);
  }

  static void checkUri(String uri) {
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("request uri is empty");
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "request uri holds character U+" + String.format("%04X", (int) c));
      }
    }
  }
}
