package io.arcly.stream.protocol.srt.session;

import java.nio.ByteBuffer;

/**
 * A connection's encryption, as its sessions use it: which key a new packet is sent with, and the
 * AES-CTR transform of payloads. Implementations keep one cipher per calling thread.
 */
public interface PacketCrypto {
  /** The key flags (1 even, 2 odd) for the next new packet; may advance the key schedule. */
  int keyFlagsForNext();

  /** The key flags of the key in use now, for a packet sent again. */
  int keyFlagsForRetransmit();

  /** Encrypts {@code length} bytes of {@code buf} from its position, in place. */
  void encrypt(int seq, int keyFlags, ByteBuffer buf);

  /**
   * Decrypts {@code length} bytes of {@code data} at {@code offset} in place.
   *
   * @return false when there is no key for {@code keyFlags}
   */
  boolean decrypt(int seq, int keyFlags, byte[] data, int offset, int length);

  /** A key material message the peer must get now (a refresh), or null. */
  default byte[] pendingAnnouncement() {
    return null;
  }

  /** A key refresh the peer announced (KMREQ); returns the KMRSP content. */
  byte[] refresh(byte[] km);
}
