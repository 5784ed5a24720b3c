package io.arcly.stream.protocol.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The credentials of an {@code Authorization} header (RFC 2617 sections 2 and 3.2.2, RFC 7616
 * section 3.4, RFC 7617 section 2): Basic or Digest. A server parses them ({@link #parse}); a
 * client makes them for a challenge ({@link #answer}).
 */
public sealed interface Authorization permits Authorization.Basic, Authorization.Digest {
  /** The user name the credentials are for. */
  String username();

  /**
   * Basic credentials: a user and a password, in base64 on the wire.
   *
   * @param username the user, without {@code :}
   * @param password the password
   */
  record Basic(String username, String password) implements Authorization {
    /** Checks the user holds no colon, which would move the split. */
    public Basic {
      if (username.indexOf(':') >= 0) {
        throw new IllegalArgumentException("a basic user name must not hold a colon");
      }
      java.util.Objects.requireNonNull(password, "password");
    }

    /** Whether these are {@code user} and {@code expectedPassword}, compared in constant time. */
    public boolean matches(String user, String expectedPassword) {
      boolean u = constantTimeEquals(username, user);
      boolean p = constantTimeEquals(password, expectedPassword);
      return u & p;
    }

    /** The header value: {@code Basic base64(user:password)}. */
    @Override
    public String toString() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Digest credentials.
   *
   * @param username the user
   * @param realm the realm of the challenge
   * @param nonce the nonce of the challenge
   * @param uri the request URI the hash covers
   * @param response the hash, hexadecimal
   * @param algorithmName the {@code algorithm} as written, or null (MD5)
   * @param opaque the challenge's opaque value echoed, or null
   * @param qop {@code auth}, or null for the RFC 2069 form
   * @param nc the nonce count, eight hex digits, with {@code qop}
   * @param cnonce the client nonce, with {@code qop}
   */
  record Digest(
      String username,
      String realm,
      String nonce,
      String uri,
      String response,
      String algorithmName,
      String opaque,
      String qop,
      String nc,
      String cnonce)
      implements Authorization {
    /**
     * Checks the required fields, and that {@code qop} comes with {@code nc} and {@code cnonce}.
     */
    public Digest {
      if (username == null || realm == null || nonce == null || uri == null || response == null) {
        throw new IllegalArgumentException(
            "digest credentials need a username, realm, nonce, uri and response");
      }
      if (qop != null && (nc == null || cnonce == null)) {
        throw new IllegalArgumentException("digest credentials with qop need nc and cnonce");
      }
    }

    /** The algorithm, MD5 when none was named, or null when the named one is not supported. */
    public DigestAlgorithm algorithm() {
      return algorithmName == null ? DigestAlgorithm.MD5 : DigestAlgorithm.fromToken(algorithmName);
    }

    /**
     * Whether the response is right for {@code password} and {@code method}, compared in constant
     * time; false when the algorithm or qop is not supported. The nonce and uri are the caller's to
     * check (see {@link DigestNonces#verify}).
     */
    public boolean matches(String method, String password) {
      DigestAlgorithm a = algorithm();
      if (a == null || (qop != null && !qop.equals("auth"))) {
        return false;
      }
      String expected = a.response(username, realm, password, method, uri, nonce, qop, nc, cnonce);
      return constantTimeEquals(expected, response.toLowerCase(Locale.ROOT));
    }

    /** The header value. */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Digest username=").append(AuthParams.quoted(username));
      b.append(", realm=").append(AuthParams.quoted(realm));
      b.append(", nonce=").append(AuthParams.quoted(nonce));
      b.append(", uri=").append(AuthParams.quoted(uri));
      b.append(", response=").append(AuthParams.quoted(response));
      if (algorithmName != null) {
        b.append(", algorithm=").append(AuthParams.tokenOrQuoted(algorithmName));
      }
      if (opaque != null) {
        b.append(", opaque=").append(AuthParams.quoted(opaque));
      }
      if (qop != null) {
        b.append(", qop=").append(AuthParams.tokenOrQuoted(qop));
        b.append(", nc=").append(AuthParams.tokenOrQuoted(nc));
        b.append(", cnonce=").append(AuthParams.quoted(cnonce));
      }
      return b.toString();
    }
  }

  /**
   * Parses an {@code Authorization} value.
   *
   * @throws RtspException (400) when it is malformed, of another scheme, or lacks a field
   */
  static Authorization parse(String value) {
    java.util.List<AuthParams.Item> items = AuthParams.parse(value, "authorization");
    if (items.size() != 1) {
      throw RtspException.badRequest("authorization holds more than one scheme");
    }
    AuthParams.Item item = items.get(0);
    String scheme = item.scheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      if (item.token68() == null || !item.params().isEmpty()) {
        throw RtspException.badRequest("basic authorization is not one base64 text");
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(item.token68()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw RtspException.badRequest("basic authorization is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw RtspException.badRequest("basic authorization has no colon");
      }
      return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    if (!scheme.equals("digest")) {
      throw RtspException.badRequest(
          "authorization scheme " + Tokens.quote(item.scheme()) + " is not basic or digest");
    }
    if (item.token68() != null) {
      throw RtspException.badRequest("digest authorization has text that is no parameter");
    }
    Map<String, String> p = item.params();
    for (String required : new String[] {"username", "realm", "nonce", "uri", "response"}) {
      if (!p.containsKey(required)) {
        throw RtspException.badRequest("digest authorization without " + required);
      }
    }
    String qop = p.get("qop");
    if (qop != null) {
      qop = qop.toLowerCase(Locale.ROOT);
      if (!p.containsKey("nc") || !p.containsKey("cnonce")) {
        throw RtspException.badRequest("digest authorization with qop but without nc or cnonce");
      }
    }
    return new Digest(
        p.get("username"),
        p.get("realm"),
        p.get("nonce"),
        p.get("uri"),
        p.get("response"),
        p.get("algorithm"),
        p.get("opaque"),
        qop,
        qop == null ? null : p.get("nc"),
        qop == null ? null : p.get("cnonce"));
  }

  /**
   * The credentials a client sends for {@code challenge}: Basic, or Digest over {@code method} and
   * {@code uri} (the request URI as it will be written, without user and password), with {@code
   * qop=auth}, nonce count {@code nc} and client nonce {@code cnonce} when the challenge offers
   * {@code auth}, in the RFC 2069 form otherwise.
   *
   * @throws IllegalArgumentException when the challenge cannot be answered (see {@link
   *     AuthChallenge#answerable})
   */
  static Authorization answer(
      AuthChallenge challenge,
      String user,
      String password,
      String method,
      String uri,
      int nc,
      String cnonce) {
    if (!challenge.answerable()) {
      throw new IllegalArgumentException("the challenge offers no algorithm or qop supported here");
    }
    if (challenge.scheme() == AuthChallenge.Scheme.BASIC) {
      return new Basic(user, password);
    }
    DigestAlgorithm a = challenge.algorithm();
    boolean withQop = challenge.qop().contains("auth");
    String qop = withQop ? "auth" : null;
    String ncText = withQop ? String.format("%08x", nc) : null;
    String cn = withQop ? cnonce : null;
    String response =
        a.response(
            user, challenge.realm(), password, method, uri, challenge.nonce(), qop, ncText, cn);
    return new Digest(
        user,
        challenge.realm(),
        challenge.nonce(),
        uri,
        response,
        challenge.algorithmName(),
        challenge.opaque(),
        qop,
        ncText,
        cn);
  }

  /** Compares two texts in time that depends on their lengths only. */
  private static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
