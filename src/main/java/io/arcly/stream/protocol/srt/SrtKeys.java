package io.arcly.stream.protocol.srt;

import io.arcly.stream.protocol.srt.session.Listener;
import io.arcly.stream.protocol.srt.session.Rejected;
import io.arcly.stream.protocol.srt.wire.RejectReason;

/** The SRT worker's encryption: key agreement from a caller's key material and a passphrase. */
final class SrtKeys {
  private SrtKeys() {}

  static Listener.KeyAgreement agreement(SrtSettings settings) {
    return (km, passphrase) -> {
      throw new Rejected(RejectReason.UNSECURE, "encryption not available");
    };
  }
}
