package io.arcly.stream.kernel.spi;

/**
 * The answer of a {@link StreamAuthenticator}.
 *
 * @param allowed whether the action may go ahead
 * @param reason a short lowercase reason when refused (sent to the client and logged)
 */
public record AuthDecision(boolean allowed, String reason) {
  /** Allowed. */
  public static final AuthDecision ALLOW = new AuthDecision(true, "");

  /** Refused with a reason such as {@code "bad token"}. */
  public static AuthDecision deny(String reason) {
    return new AuthDecision(false, reason == null || reason.isBlank() ? "unauthorized" : reason);
  }
}
