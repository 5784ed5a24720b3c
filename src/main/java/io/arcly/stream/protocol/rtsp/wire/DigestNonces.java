package io.arcly.stream.protocol.rtsp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of Digest authentication (RFC 2617 section 3.2, RFC 7616 section 3.3) without
 * state: a nonce is the time it was made and an HMAC-SHA-256 of that time and the realm under the
 * server's secret, so any nonce the server made can be checked, and its age read, without
 * remembering it. A nonce older than the lifetime is stale: the client is challenged again with
 * {@code stale=true} and retries without asking its user.
 *
 * <pre>
 *   nonce = base64url( time (8 bytes, ms since the epoch, big-endian) | HMAC-SHA-256(secret, time | realm)[0..16) )
 * </pre>
 *
 * <p>Nonce counts are not tracked, so a captured answer can be replayed within the nonce's
 * lifetime; keep the lifetime short (a minute or so: clients retry a stale nonce by themselves).
 * Times are passed in by the caller, which keeps this class free of a clock.
 */
public final class DigestNonces {
  /** How a Digest answer fared. */
  public enum Verdict {
    /** Right credentials and a fresh nonce made here. */
    VALID,
    /** Right credentials, but the nonce expired: challenge again with {@code stale=true}. */
    STALE,
    /** Wrong user, password, realm, uri or a nonce not made here: challenge again. */
    INVALID
  }

  private static final int TIME_BYTES = 8;
  private static final int MAC_BYTES = 16;

  /** How far in the future a nonce's time may be, for clocks stepped back a little. */
  private static final long FUTURE_SKEW_MILLIS = 60_000;

  private final String realm;
  private final SecretKeySpec key;
  private final long lifetimeMillis;

  /**
   * Nonces for {@code realm} under {@code secret} (at least 16 bytes, from a secure random source
   * or the configuration), valid for {@code lifetimeMillis}.
   */
  public DigestNonces(String realm, byte[] secret, long lifetimeMillis) {
    if (realm == null || realm.isEmpty()) {
      throw new IllegalArgumentException("realm is empty");
    }
    if (secret.length < 16) {
      throw new IllegalArgumentException("the secret must be at least 16 bytes");
    }
    if (lifetimeMillis <= 0) {
      throw new IllegalArgumentException("the nonce lifetime must be positive");
    }
    this.realm = realm;
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.lifetimeMillis = lifetimeMillis;
  }

  /** The realm the nonces are for. */
  public String realm() {
    return realm;
  }

  /** A new nonce made at {@code nowMillis}. */
  public String nonce(long nowMillis) {
    byte[] out = new byte[TIME_BYTES + MAC_BYTES];
    ByteBuffer.wrap(out).putLong(nowMillis);
    System.arraycopy(mac(out), 0, out, TIME_BYTES, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /** A Digest challenge with a new nonce. */
  public AuthChallenge challenge(
      long nowMillis, DigestAlgorithm algorithm, boolean withQop, boolean stale) {
    return AuthChallenge.digest(realm, nonce(nowMillis), algorithm, withQop, stale);
  }

  /**
   * Whether {@code nonce} was made here: {@link Verdict#VALID}, {@code STALE} or {@code INVALID}.
   */
  public Verdict check(String nonce, long nowMillis) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Verdict.INVALID;
    }
    if (raw.length != TIME_BYTES + MAC_BYTES) {
      return Verdict.INVALID;
    }
    byte[] expected = Arrays.copyOf(mac(raw), MAC_BYTES);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, TIME_BYTES, raw.length))) {
      return Verdict.INVALID;
    }
    long made = ByteBuffer.wrap(raw).getLong();
    if (made > nowMillis + FUTURE_SKEW_MILLIS) {
      return Verdict.INVALID;
    }
    return nowMillis - made > lifetimeMillis ? Verdict.STALE : Verdict.VALID;
  }

  /**
   * Verifies Digest credentials for a request: the realm is this one, the uri the request's ({@code
   * requestUri}, or the same URL with user and password removed), the nonce made here and the
   * response right for {@code password} (compared in constant time). A right answer with an expired
   * nonce is {@link Verdict#STALE}.
   *
   * @param credentials the request's parsed {@code Authorization}
   * @param method the request's method
   * @param requestUri the request URI of the request line
   * @param password the password of {@code credentials.username()}; null when the user is unknown
   *     (the answer is computed anyway, so the time does not tell)
   */
  public Verdict verify(
      Authorization.Digest credentials,
      String method,
      String requestUri,
      String password,
      long nowMillis) {
    boolean right = credentials.matches(method, password == null ? "\u0000unknown user" : password);
    boolean realmOk = credentials.realm().equals(realm);
    boolean uriOk = sameUri(credentials.uri(), requestUri);
    Verdict nonce = check(credentials.nonce(), nowMillis);
    if (!right || !realmOk || !uriOk || password == null || nonce == Verdict.INVALID) {
      return Verdict.INVALID;
    }
    return nonce;
  }

  private static boolean sameUri(String digestUri, String requestUri) {
    if (digestUri.equals(requestUri)) {
      return true;
    }
    try {
      return RtspUrl.parse(digestUri)
          .toStringWithoutCredentials()
          .equals(RtspUrl.parse(requestUri).toStringWithoutCredentials());
    } catch (RtspException e) {
      return false;
    }
  }

  private byte[] mac(byte[] nonce) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(nonce, 0, TIME_BYTES);
      m.update(realm.getBytes(StandardCharsets.UTF_8));
      return m.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the runtime", e);
    }
  }
}
