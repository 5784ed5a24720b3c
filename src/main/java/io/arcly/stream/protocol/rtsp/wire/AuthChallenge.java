package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A challenge of a {@code WWW-Authenticate} header (RFC 2617 section 3.2.1, RFC 7616 section 3.3,
 * RFC 7617 section 2): Basic with a realm, or Digest with a realm, a nonce and the options. A
 * server writes one per scheme it accepts; a client reads them all and answers the strongest it can
 * ({@link #strongest}).
 *
 * @param scheme Basic or Digest
 * @param realm the realm, shown to users and part of the Digest hash
 * @param nonce the server's nonce (Digest), or null
 * @param opaque the opaque value to echo (Digest), or null
 * @param algorithmName the {@code algorithm} as written (Digest), or null for MD5; names this codec
 *     does not support are kept so that a client can pass over the challenge
 * @param qop the qop options offered ({@code auth}, {@code auth-int}), empty for the RFC 2069 form
 * @param stale whether the previous nonce expired while the credentials were right (Digest)
 */
public record AuthChallenge(
    Scheme scheme,
    String realm,
    String nonce,
    String opaque,
    String algorithmName,
    List<String> qop,
    boolean stale) {
  /** The authentication schemes RTSP uses. */
  public enum Scheme {
    /** Basic (RFC 7617): user and password in base64. */
    BASIC,
    /** Digest (RFC 2617, RFC 7616): a hash over the password and a server nonce. */
    DIGEST
  }

  /** Checks the required fields of each scheme. */
  public AuthChallenge {
    if (scheme == null || realm == null) {
      throw new IllegalArgumentException("a challenge needs a scheme and a realm");
    }
    if (scheme == Scheme.DIGEST && nonce == null) {
      throw new IllegalArgumentException("a digest challenge needs a nonce");
    }
    qop = List.copyOf(qop);
  }

  /** A Basic challenge for {@code realm}. */
  public static AuthChallenge basic(String realm) {
    return new AuthChallenge(Scheme.BASIC, realm, null, null, null, List.of(), false);
  }

  /**
   * A Digest challenge for {@code realm} with {@code nonce}; with {@code qop=auth} when {@code
   * withQop} (ffmpeg answers it, GStreamer and live555 answer in the RFC 2069 form regardless).
   */
  public static AuthChallenge digest(
      String realm, String nonce, DigestAlgorithm algorithm, boolean withQop, boolean stale) {
    return new AuthChallenge(
        Scheme.DIGEST,
        realm,
        nonce,
        null,
        algorithm.token(),
        withQop ? List.of("auth") : List.of(),
        stale);
  }

  /** The algorithm, MD5 when none was named, or null when the named one is not supported. */
  public DigestAlgorithm algorithm() {
    return algorithmName == null ? DigestAlgorithm.MD5 : DigestAlgorithm.fromToken(algorithmName);
  }

  /** Whether a client of this codec can answer it. */
  public boolean answerable() {
    return scheme == Scheme.BASIC
        || (algorithm() != null && (qop.isEmpty() || qop.contains("auth")));
  }

  /**
   * Parses every challenge of a {@code WWW-Authenticate} value; schemes other than Basic and Digest
   * are skipped.
   *
   * @throws RtspException (400) when the value is malformed, or a Basic or Digest challenge lacks
   *     its realm or nonce
   */
  public static List<AuthChallenge> parseList(String value) {
    List<AuthChallenge> out = new ArrayList<>();
    for (AuthParams.Item item : AuthParams.parse(value, "www-authenticate")) {
      String scheme = item.scheme().toLowerCase(Locale.ROOT);
      Map<String, String> p = item.params();
      if (!scheme.equals("basic") && !scheme.equals("digest")) {
        continue;
      }
      String realm = p.get("realm");
      if (realm == null) {
        throw RtspException.badRequest(scheme + " challenge without a realm");
      }
      if (scheme.equals("basic")) {
        out.add(basic(realm));
        continue;
      }
      String nonce = p.get("nonce");
      if (nonce == null) {
        throw RtspException.badRequest("digest challenge without a nonce");
      }
      List<String> qop = new ArrayList<>();
      if (p.containsKey("qop")) {
        for (String q : Tokens.cut(p.get("qop"), ',')) {
          String t = Tokens.trim(q).toLowerCase(Locale.ROOT);
          if (!t.isEmpty() && qop.size() < 8) {
            qop.add(t);
          }
        }
      }
      out.add(
          new AuthChallenge(
              Scheme.DIGEST,
              realm,
              nonce,
              p.get("opaque"),
              p.get("algorithm"),
              qop,
              "true".equalsIgnoreCase(p.getOrDefault("stale", ""))));
    }
    return List.copyOf(out);
  }

  /**
   * The challenge a client should answer among {@code offered}: Digest with SHA-256, then Digest
   * with MD5, then Basic; challenges it cannot answer are passed over.
   */
  public static Optional<AuthChallenge> strongest(List<AuthChallenge> offered) {
    AuthChallenge best = null;
    for (AuthChallenge c : offered) {
      if (c.answerable() && (best == null || c.rank() > best.rank())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private int rank() {
    if (scheme == Scheme.BASIC) {
      return 0;
    }
    return algorithm() == DigestAlgorithm.SHA_256 ? 2 : 1;
  }

  /** The challenge as a {@code WWW-Authenticate} header value. */
  @Override
  public String toString() {
    if (scheme == Scheme.BASIC) {
      return "Basic realm=" + AuthParams.quoted(realm);
    }
    StringBuilder b = new StringBuilder("Digest realm=").append(AuthParams.quoted(realm));
    b.append(", nonce=").append(AuthParams.quoted(nonce));
    if (opaque != null) {
      b.append(", opaque=").append(AuthParams.quoted(opaque));
    }
    if (algorithmName != null) {
      b.append(", algorithm=").append(AuthParams.tokenOrQuoted(algorithmName));
    }
    if (!qop.isEmpty()) {
      b.append(", qop=").append(AuthParams.quoted(String.join(",", qop)));
    }
    if (stale) {
      b.append(", stale=true");
    }
    return b.toString();
  }
}
