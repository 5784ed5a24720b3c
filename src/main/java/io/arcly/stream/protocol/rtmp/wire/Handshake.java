package io.arcly.stream.protocol.rtmp.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RTMP handshake (RTMP specification 1.0 section 5.2), both the plain version-3 exchange and
 * the digest ("complex") variant that Flash Player and many encoders send.
 *
 * <p>Layout of C1/S1 (1536 bytes):
 *
 * <pre>
 *   plain:  time(4) zero(4) random(1528)
 *   digest: time(4) version(4) then two 764-byte blocks, key and digest, in either order:
 *           scheme 0: digest block first (at 8), key block second (at 772)
 *           scheme 1: key block first (at 8), digest block second (at 772)
 *           digest block: offset-bytes(4) ... digest(32) at 12 + (sum of offset-bytes % 728)
 * </pre>
 *
 * <p>The digest is HMAC-SHA256 over the 1504 bytes around it, keyed with the first 30 bytes of the
 * player key (client) or the first 36 bytes of the server key (server). S2 answers a digest C1:
 * random(1504) then HMAC-SHA256 keyed with HMAC-SHA256(full server key, client digest). A C1 with a
 * zero version field, or whose digest verifies under neither scheme, gets the plain answer: S2
 * echoes C1.
 *
 * <p>Pure functions over byte arrays: no sockets, no clock (the caller passes the time).
 */
public final class Handshake {
  /** The protocol version byte (C0/S0). */
  public static final int VERSION = 3;

  /** Size of C1, S1, C2 and S2. */
  public static final int SIZE = 1536;

  /** The server version this server announces in a digest S1 (Flash Media Server 3.5.1.1). */
  static final int SERVER_VERSION = 0x03050101;

  /** The version a digest C1 announces when this server acts as client (Flash Player 9.0.124.2). */
  static final int CLIENT_VERSION = 0x0900_7c02;

  private static final int DIGEST = 32;
  private static final byte[] KEY_TAIL = {
    (byte) 0xF0,
    (byte) 0xEE,
    (byte) 0xC2,
    0x4A,
    (byte) 0x80,
    0x68,
    (byte) 0xBE,
    (byte) 0xE8,
    0x2E,
    0x00,
    (byte) 0xD0,
    (byte) 0xD1,
    0x02,
    (byte) 0x9E,
    0x7E,
    0x57,
    0x6E,
    (byte) 0xEC,
    0x5D,
    0x2D,
    0x29,
    (byte) 0x80,
    0x6F,
    (byte) 0xAB,
    (byte) 0x93,
    (byte) 0xB8,
    (byte) 0xE6,
    0x36,
    (byte) 0xCF,
    (byte) 0xEB,
    0x31,
    (byte) 0xAE
  };
  private static final byte[] PLAYER_KEY = key("Genuine Adobe Flash Player 001");
  private static final byte[] SERVER_KEY = key("Genuine Adobe Flash Media Server 001");
  private static final int PLAYER_KEY_TEXT = 30;
  private static final int SERVER_KEY_TEXT = 36;

  private Handshake() {}

  /** Which C1 layout the client used. */
  public enum Kind {
    /** Version field zero or no valid digest: S2 echoes C1. */
    PLAIN,
    /** Digest block first. */
    DIGEST_SCHEME_0,
    /** Key block first. */
    DIGEST_SCHEME_1
  }

  /** The server's answer to C0+C1 and the layout it recognised. */
  public record ServerReply(Kind kind, byte[] s0s1s2) {}

  /**
   * Answers a client's C0 and C1 with S0, S1 and S2.
   *
   * @param c0 the version byte the client sent
   * @param c1 the client's 1536-byte C1
   * @param timeMillis the server's epoch for S1's time field
   * @param random the source of S1/S2 random bytes
   * @throws RtmpException when the version is not 3 (or 6, RTMPE, which is answered as plain 3)
   */
  public static ServerReply answer(int c0, byte[] c1, int timeMillis, RandomGenerator random) {
    if (c0 != VERSION && c0 != 6) {
      throw new RtmpException("unsupported rtmp version " + c0);
    }
    if (c1.length != SIZE) {
      throw new IllegalArgumentException("c1 must be " + SIZE + " bytes");
    }
    byte[] out = new byte[1 + 2 * SIZE];
    out[0] = VERSION;
    Kind kind = Kind.PLAIN;
    int digestAt = -1;
    if (readInt(c1, 4) != 0) {
      for (Kind k : new Kind[] {Kind.DIGEST_SCHEME_0, Kind.DIGEST_SCHEME_1}) {
        int at = digestOffset(c1, k);
        if (MessageDigest.isEqual(
            digest(c1, at, PLAYER_KEY, PLAYER_KEY_TEXT), Arrays.copyOfRange(c1, at, at + DIGEST))) {
          kind = k;
          digestAt = at;
          break;
        }
      }
    }
    byte[] s1 = new byte[SIZE];
    fill(random, s1, 8, SIZE);
    writeInt(s1, 0, timeMillis);
    if (kind == Kind.PLAIN) {
      System.arraycopy(s1, 0, out, 1, SIZE);
      System.arraycopy(c1, 0, out, 1 + SIZE, SIZE);
      return new ServerReply(kind, out);
    }
    writeInt(s1, 4, SERVER_VERSION);
    int s1At = digestOffset(s1, kind);
    System.arraycopy(digest(s1, s1At, SERVER_KEY, SERVER_KEY_TEXT), 0, s1, s1At, DIGEST);
    System.arraycopy(s1, 0, out, 1, SIZE);

    byte[] clientDigest = Arrays.copyOfRange(c1, digestAt, digestAt + DIGEST);
    byte[] s2 = new byte[SIZE];
    fill(random, s2, 0, SIZE - DIGEST);
    byte[] s2Key = hmac(SERVER_KEY, SERVER_KEY.length, clientDigest, 0, DIGEST);
    byte[] s2Digest = hmac(s2Key, s2Key.length, s2, 0, SIZE - DIGEST);
    System.arraycopy(s2Digest, 0, s2, SIZE - DIGEST, DIGEST);
    System.arraycopy(s2, 0, out, 1 + SIZE, SIZE);
    return new ServerReply(kind, out);
  }

  /**
   * Builds a client's C0 and C1. A digest C1 (scheme 1, as Flash Player sends) when {@code digest}
   * is set, else a plain one.
   */
  public static byte[] clientHello(boolean digest, int timeMillis, RandomGenerator random) {
    byte[] out = new byte[1 + SIZE];
    out[0] = VERSION;
    byte[] c1 = new byte[SIZE];
    fill(random, c1, 8, SIZE);
    writeInt(c1, 0, timeMillis);
    if (digest) {
      writeInt(c1, 4, CLIENT_VERSION);
      int at = digestOffset(c1, Kind.DIGEST_SCHEME_1);
      System.arraycopy(digest(c1, at, PLAYER_KEY, PLAYER_KEY_TEXT), 0, c1, at, DIGEST);
    }
    System.arraycopy(c1, 0, out, 1, SIZE);
    return out;
  }

  /**
   * Builds C2 in answer to the server's S1: an echo of S1 (which every server accepts, including
   * digest servers, which do not check C2).
   */
  public static byte[] clientAck(byte[] s1) {
    if (s1.length != SIZE) {
      throw new IllegalArgumentException("s1 must be " + SIZE + " bytes");
    }
    return s1.clone();
  }

  /**
   * Whether a server's S1 carries a valid server digest in {@code kind}'s layout (used by tests and
   * by a client that wants to check a digest server).
   */
  public static boolean verifyServerDigest(byte[] s1, Kind kind) {
    if (kind == Kind.PLAIN) {
      return false;
    }
    int at = digestOffset(s1, kind);
    return MessageDigest.isEqual(
        digest(s1, at, SERVER_KEY, SERVER_KEY_TEXT), Arrays.copyOfRange(s1, at, at + DIGEST));
  }

  /**
   * Whether S2 is the digest answer to a client digest {@code clientDigest}: its last 32 bytes are
   * HMAC-SHA256 of the rest, keyed by HMAC-SHA256(full server key, client digest).
   */
  public static boolean verifyServerAck(byte[] s2, byte[] clientDigest) {
    byte[] key = hmac(SERVER_KEY, SERVER_KEY.length, clientDigest, 0, clientDigest.length);
    byte[] want = hmac(key, key.length, s2, 0, SIZE - DIGEST);
    return MessageDigest.isEqual(want, Arrays.copyOfRange(s2, SIZE - DIGEST, SIZE));
  }

  /** Where the 32-byte digest sits in a C1/S1 of layout {@code kind}. */
  public static int digestOffset(byte[] block, Kind kind) {
    int base =
        switch (kind) {
          case DIGEST_SCHEME_0 -> 8;
          case DIGEST_SCHEME_1 -> 772;
          case PLAIN -> throw new IllegalArgumentException("a plain handshake has no digest");
        };
    int sum =
        (block[base] & 0xFF)
            + (block[base + 1] & 0xFF)
            + (block[base + 2] & 0xFF)
            + (block[base + 3] & 0xFF);
    return base + 4 + sum % 728;
  }

  /** HMAC over the block without its digest bytes at {@code at}. */
  private static byte[] digest(byte[] block, int at, byte[] key, int keyLength) {
    try {
      Mac mac = mac(key, keyLength);
      mac.update(block, 0, at);
      mac.update(block, at + DIGEST, SIZE - at - DIGEST);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, int keyLength, byte[] data, int off, int len) {
    try {
      Mac mac = mac(key, keyLength);
      mac.update(data, off, len);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Mac mac(byte[] key, int keyLength) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
    return mac;
  }

  private static byte[] key(String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    byte[] k = Arrays.copyOf(t, t.length + KEY_TAIL.length);
    System.arraycopy(KEY_TAIL, 0, k, t.length, KEY_TAIL.length);
    return k;
  }

  private static void fill(RandomGenerator random, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      b[i] = (byte) random.nextInt(256);
    }
  }

  static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
