package io.arcly.stream.protocol.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Digest hash algorithms supported (RFC 7616 section 3.2 and 6.1): MD5, which every camera and
 * client speaks, and SHA-256. The session variants ({@code -sess}) and SHA-512-256 are not.
 */
public enum DigestAlgorithm {
  /** MD5, RFC 2617's algorithm and the default when none is named. */
  MD5("MD5", "MD5"),
  /** SHA-256 (RFC 7616). */
  SHA_256("SHA-256", "SHA-256");

  private final String token;
  private final String jca;

  DigestAlgorithm(String token, String jca) {
    this.token = token;
    this.jca = jca;
  }

  /** The name written in an {@code algorithm=} parameter. */
  public String token() {
    return token;
  }

  /** The algorithm named {@code token} (any case), or null when it is not supported. */
  public static DigestAlgorithm fromToken(String token) {
    for (DigestAlgorithm a : values()) {
      if (a.token.equalsIgnoreCase(token)) {
        return a;
      }
    }
    return null;
  }

  /** The lower-case hexadecimal hash of {@code text} as UTF-8. */
  public String hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " is missing from the runtime", e);
    }
  }

  /**
   * The {@code response} of a Digest answer (RFC 2617 section 3.2.2.1, RFC 7616 section 3.4.1):
   * with {@code qop} (then {@code nc} and {@code cnonce} too) or, when {@code qop} is null, in the
   * RFC 2069 form that GStreamer and live555 send.
   */
  public String response(
      String username,
      String realm,
      String password,
      String method,
      String uri,
      String nonce,
      String qop,
      String nc,
      String cnonce) {
    String ha1 = hex(username + ":" + realm + ":" + password);
    String ha2 = hex(method + ":" + uri);
    return qop == null
        ? hex(ha1 + ":" + nonce + ":" + ha2)
        : hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }
}
