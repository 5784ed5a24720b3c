package io.arcly.stream.protocol.srt.session;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SYN cookies for the listener (draft-sharabayko-srt 4.3.1.1): a keyed hash of the caller's
 * address, port and the current minute, so a conclusion can be checked without any state kept since
 * the induction. A cookie stays valid for one to two minutes.
 */
final class Cookies {
  private static final long MINUTE = 60_000_000_000L;

  private final SecretKeySpec key;

  Cookies() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** The cookie for {@code peer} now. */
  int make(InetSocketAddress peer, long nanos) {
    return hash(peer, Math.floorDiv(nanos, MINUTE));
  }

  /** Whether {@code cookie} was made for {@code peer} this minute or the one before. */
  boolean check(InetSocketAddress peer, int cookie, long nanos) {
    long minute = Math.floorDiv(nanos, MINUTE);
    return cookie == hash(peer, minute) || cookie == hash(peer, minute - 1);
  }

  private int hash(InetSocketAddress peer, long minute) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(peer.getAddress().getAddress());
      mac.update((byte) (peer.getPort() >>> 8));
      mac.update((byte) peer.getPort());
      for (int i = 56; i >= 0; i -= 8) {
        mac.update((byte) (minute >>> i));
      }
      byte[] h = mac.doFinal();
      return (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | h[3] & 0xFF;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
