package io.arcly.stream.kernel.spi;

import io.arcly.stream.media.Text;
import java.util.Map;
import java.util.Optional;

/**
 * What a client presented to prove it may publish or play: the parameters of the URL's query string
 * (such as {@code ?token=...}) and, where the protocol has them, a user and password.
 *
 * <p>Some protocols never send the password itself (RTSP Digest authentication sends a hash of it
 * with a server nonce): authenticators that know a user's password ask {@link #proves} rather than
 * reading {@link #password()}, which is empty then.
 *
 * @param query query parameters, first value wins
 * @param user the user name, or empty
 * @param password the password, or empty when none was sent in the clear
 * @param proof checks a password against what the client sent
 */
public record Credentials(
    Map<String, String> query, String user, String password, PasswordProof proof) {
  /** No credentials at all. */
  public static final Credentials NONE = new Credentials(Map.of(), "", "");

  /** Checks whether the client knew a password, without the password in the clear. */
  @FunctionalInterface
  public interface PasswordProof {
    /** Whether the client's answer proves it knows {@code expected}. */
    boolean proves(String expected);
  }

  /** Copies the map and normalizes absent values; a plain password proves itself. */
  public Credentials {
    query = query == null ? Map.of() : Map.copyOf(query);
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (proof == null) {
      String sent = password;
      proof =
          expected ->
              !sent.isEmpty()
                  && expected != null
                  && java.security.MessageDigest.isEqual(
                      sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                      expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Credentials with a password sent in the clear (or none). */
  public Credentials(Map<String, String> query, String user, String password) {
    this(query, user, password, null);
  }

  /** Credentials whose password only {@code proof} can check (such as a Digest answer). */
  public static Credentials proven(Map<String, String> query, String user, PasswordProof proof) {
    return new Credentials(query, user, "", proof);
  }

  /** Equal when query, user and password are: the proof is how, not what. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c
        && c.query.equals(query)
        && c.user.equals(user)
        && c.password.equals(password);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(query, user, password);
  }

  /** Whether the client proved it knows {@code expectedPassword} (compared in constant time). */
  public boolean proves(String expectedPassword) {
    return proof.proves(expectedPassword);
  }

  /** Credentials made of query parameters only. */
  public static Credentials ofQuery(Map<String, String> query) {
    return new Credentials(query, "", "");
  }

  /** One query parameter, such as {@code token}. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** Parses an URL query string {@code a=1&b=2} (percent-decoded, first value wins). */
  public static Credentials parseQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return NONE;
    }
    var map = new java.util.LinkedHashMap<String, String>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      map.putIfAbsent(decode(k), decode(v));
    }
    return ofQuery(map);
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Never prints secrets; the parameter names and user, made printable, are bounded. */
  @Override
  public String toString() {
    StringBuilder names = new StringBuilder();
    for (String k : query.keySet()) {
      names.append(names.isEmpty() ? "" : ", ").append(Text.printable(k, 32));
      if (names.length() > 256) {
        names.append(", ...");
        break;
      }
    }
    return "Credentials[params=["
        + names
        + "], user="
        + (user.isEmpty() ? "-" : Text.printable(user, 64))
        + "]";
  }
}
