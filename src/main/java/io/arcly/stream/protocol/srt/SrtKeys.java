package io.arcly.stream.protocol.srt;

import io.arcly.stream.protocol.srt.session.Listener;
import io.arcly.stream.protocol.srt.session.Rejected;
import io.arcly.stream.protocol.srt.wire.RejectReason;

/** The SRT worker's encryption: key agreement from a caller's key material and a passphrase. */
final class SrtKeys {
  private SrtKeys() {}

  /** The key material a caller offers for {@code passphrase} (null: none, plain). */
  static io.arcly.stream.protocol.srt.session.Caller.KeyOffer offer(
      String passphrase, int keyLength, SrtSettings settings) throws Rejected {
    if (passphrase == null) {
      return null;
    }
    throw new Rejected(RejectReason.UNSECURE, "encryption not available");
  }

  static Listener.KeyAgreement agreement(SrtSettings settings) {
    return (km, passphrase) -> {
      throw new Rejected(RejectReason.UNSECURE, "encryption not available");
    };
  }
}
