package io.arcly.stream.protocol.rtsp.wire;

import io.arcly.stream.media.Payload;
import java.util.Objects;

/**
 * An RTSP response (RFC 2326 section 7): {@code RTSP/1.0 status reason}, headers and an optional
 * body.
 *
 * @param version the protocol version, {@code RTSP/1.0}
 * @param status the status code, 100 to 999
 * @param reason the reason phrase, possibly empty (some cameras send none)
 * @param headers the headers; the encoder writes {@code Content-Length} from the body
 * @param body the body, empty when there is none
 */
public record RtspResponse(String version, int status, String reason, Headers headers, Payload body)
    implements RtspMessage {
  /** Checks the status line can be written on one line. */
  public RtspResponse {
    if (!Tokens.isToken(version.replace("/", ""))) {
      throw new IllegalArgumentException("version " + Tokens.quote(version) + " is not valid");
    }
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status + " outside 100 to 999");
    }
    Headers.checkValue("reason", reason);
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A response with the standard reason phrase and no body. */
  public static RtspResponse of(int status, Headers headers) {
    return new RtspResponse(
        RtspRequest.RTSP_1_0, status, RtspStatus.reason(status), headers, Payload.EMPTY);
  }

  /** A response with the standard reason phrase and a body (a DESCRIBE's SDP). */
  public static RtspResponse of(int status, Headers headers, Payload body) {
    return new RtspResponse(RtspRequest.RTSP_1_0, status, RtspStatus.reason(status), headers, body);
  }

  /**
   * The answer a server gives to a request its decoder refused: the exception's status, the
   * request's sequence number when it was readable, and {@code Connection: close}, since the
   * decoder is failed.
   */
  public static RtspResponse of(RtspException e, long cseq) {
    Headers h = cseq >= 0 ? Headers.of("CSeq", Long.toString(cseq)) : Headers.EMPTY;
    return of(e.status(), h.plus("Connection", "close"));
  }

  /** The {@code CSeq} header (RFC 2326 section 12.17), or -1 when it is missing. */
  public long cseq() {
    return RtspHeaders.cseq(headers);
  }

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
