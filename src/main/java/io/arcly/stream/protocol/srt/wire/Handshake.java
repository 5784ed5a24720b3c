package io.arcly.stream.protocol.srt.wire;

import io.arcly.stream.media.Payload;
import java.nio.charset.StandardCharsets;

/**
 * The handshake control packet (draft-sharabayko-srt 3.2.1) with the HSv5 extensions this server
 * speaks: HSREQ/HSRSP, KMREQ/KMRSP, stream id and congestion control.
 *
 * <pre>
 * version(32) | encryption(16) extension field(16) | initial sequence number(32) | MTU(32) |
 * flow window(32) | handshake type(32) | socket id(32) | SYN cookie(32) | peer IP(128)
 * then, in a HSv5 conclusion, extensions: type(16) length in 32-bit words(16) content
 * </pre>
 *
 * <p>Limits: at most {@value #MAX_EXTENSIONS} extensions; a stream id of at most {@value
 * #MAX_STREAM_ID} bytes; key material of at most {@value #MAX_KM} bytes; unknown extensions are
 * skipped.
 *
 * @param version 4 or 5
 * @param encryption the cipher advertised: 0 none, 2/3/4 AES-128/192/256
 * @param extensionField the SRT magic 0x4A17 in an induction answer, the extension flags in a
 *     conclusion
 * @param initialSeq the first packet sequence number
 * @param mtu the maximum transmission unit
 * @param flowWindow the flow window, packets
 * @param type the handshake type: {@link #INDUCTION}, {@link #CONCLUSION}, ... or a rejection
 * @param socketId the sender's socket id
 * @param cookie the SYN cookie
 * @param peerIp the peer's address as the sender sees it (16 bytes)
 * @param srt the HSREQ or HSRSP extension, or null
 * @param km the KMREQ or KMRSP extension's content as sent, or null
 * @param streamId the stream id, or null
 * @param congestion the congestion controller name, or null
 */
public record Handshake(
    int version,
    int encryption,
    int extensionField,
    int initialSeq,
    int mtu,
    int flowWindow,
    int type,
    int socketId,
    int cookie,
    Payload peerIp,
    SrtExtension srt,
    Payload km,
    String streamId,
    String congestion)
    implements Control {

  /** Handshake type of the first exchange. */
  public static final int INDUCTION = 1;

  /** Handshake type of the second exchange. */
  public static final int CONCLUSION = -1;

  /** Handshake types from this value on are rejections, 1000 + a {@link RejectReason} code. */
  public static final int REJECTION_BASE = 1000;

  /** The SRT magic a listener puts in the extension field of its induction answer. */
  public static final int SRT_MAGIC = 0x4A17;

  /** Extension flag: an HSREQ extension follows. */
  public static final int EXT_HSREQ = 1;

  /** Extension flag: a KMREQ extension follows. */
  public static final int EXT_KMREQ = 2;

  /** Extension flag: configuration extensions (stream id, congestion) follow. */
  public static final int EXT_CONFIG = 4;

  static final int CIF = 48;
  static final int MAX_EXTENSIONS = 16;
  static final int MAX_STREAM_ID = 512;
  static final int MAX_KM = 256;

  private static final int HSREQ = 1;
  private static final int HSRSP = 2;
  private static final int KMREQ = 3;
  private static final int KMRSP = 4;
  private static final int SID = 5;
  private static final int CONGESTION = 6;

  /**
   * The HSREQ / HSRSP extension (3.2.1.1).
   *
   * @param response whether this is HSRSP
   * @param srtVersion the SRT version, 0x010501 for 1.5.1
   * @param flags the SRT flags (TSBPD, crypto, packet drop, periodic NAK, retransmit flag, ...)
   * @param receiverDelay the receiver's TSBPD latency, milliseconds
   * @param senderDelay the sender's TSBPD latency, milliseconds
   */
  public record SrtExtension(
      boolean response, int srtVersion, int flags, int receiverDelay, int senderDelay) {
    /** Flag: the sender side of TSBPD. */
    public static final int TSBPD_SND = 1;

    /** Flag: the receiver side of TSBPD. */
    public static final int TSBPD_RCV = 2;

    /** Flag: encryption capable. */
    public static final int CRYPT = 4;

    /** Flag: too-late packets are dropped. */
    public static final int TLPKTDROP = 8;

    /** Flag: periodic NAK reports. */
    public static final int NAKREPORT = 0x10;

    /** Flag: the retransmitted flag is used in the message number word. */
    public static final int REXMITFLG = 0x20;

    /** Flag: stream (not message) mode. */
    public static final int STREAM = 0x40;

    /** Flag: a packet filter is configured. */
    public static final int PACKET_FILTER = 0x80;
  }

  /** Whether this handshake rejects the connection. */
  public boolean isRejection() {
    return type >= REJECTION_BASE;
  }

  /** The rejection's reason (for a rejection). */
  public RejectReason rejectReason() {
    return RejectReason.fromCode(type - REJECTION_BASE);
  }

  /**
   * This handshake with another type, socket id and cookie (answers reuse the request's fields).
   */
  public Handshake answer(int type, int socketId, int cookie) {
    return new Handshake(
        version,
        encryption,
        extensionField,
        initialSeq,
        mtu,
        flowWindow,
        type,
        socketId,
        cookie,
        peerIp,
        srt,
        km,
        streamId,
        congestion);
  }

  /** This handshake with other extensions and extension field. */
  public Handshake withExtensions(
      int version, int encryption, int extensionField, SrtExtension srt, Payload km, String sid) {
    return new Handshake(
        version,
        encryption,
        extensionField,
        initialSeq,
        mtu,
        flowWindow,
        type,
        socketId,
        cookie,
        peerIp,
        srt,
        km,
        sid,
        null);
  }

  /** Whether {@link #km} is a KMRSP (in an answer) rather than a KMREQ. */
  boolean kmIsResponse() {
    return srt != null && srt.response();
  }

  static Handshake decode(byte[] d, int off, int len) {
    if (len < CIF) {
      throw new SrtWireException("handshake shorter than 48 bytes");
    }
    int version = Bytes.getInt(d, off);
    int encryption = Bytes.getShort(d, off + 4);
    int extField = Bytes.getShort(d, off + 6);
    int isn = Bytes.getInt(d, off + 8) & SeqNo.MAX;
    int mtu = Bytes.getInt(d, off + 12);
    int window = Bytes.getInt(d, off + 16);
    int type = Bytes.getInt(d, off + 20);
    int socket = Bytes.getInt(d, off + 24);
    int cookie = Bytes.getInt(d, off + 28);
    Payload ip = Payload.copyOf(java.util.Arrays.copyOfRange(d, off + 32, off + 48));
    SrtExtension srt = null;
    Payload km = null;
    String sid = null;
    String cc = null;
    int at = off + CIF;
    int end = off + len;
    int count = 0;
    while (version == 5 && end - at >= 4) {
      if (++count > MAX_EXTENSIONS) {
        throw new SrtWireException("handshake with more than " + MAX_EXTENSIONS + " extensions");
      }
      int extType = Bytes.getShort(d, at);
      int bytes = Bytes.getShort(d, at + 2) * 4;
      at += 4;
      if (bytes > end - at) {
        throw new SrtWireException("handshake extension overruns the packet");
      }
      switch (extType) {
        case HSREQ, HSRSP -> {
          if (bytes < 12) {
            throw new SrtWireException("handshake srt extension shorter than 12 bytes");
          }
          int delays = Bytes.getInt(d, at + 8);
          srt =
              new SrtExtension(
                  extType == HSRSP,
                  Bytes.getInt(d, at),
                  Bytes.getInt(d, at + 4),
                  delays >>> 16,
                  delays & 0xFFFF);
        }
        case KMREQ, KMRSP -> {
          if (bytes > MAX_KM) {
            throw new SrtWireException("handshake key material longer than " + MAX_KM + " bytes");
          }
          km = Payload.copyOf(java.util.Arrays.copyOfRange(d, at, at + bytes));
        }
        case SID -> {
          if (bytes > MAX_STREAM_ID) {
            throw new SrtWireException("stream id longer than " + MAX_STREAM_ID + " bytes");
          }
          sid = swappedString(d, at, bytes);
        }
        case CONGESTION -> {
          if (bytes > 64) {
            throw new SrtWireException("congestion name longer than 64 bytes");
          }
          cc = swappedString(d, at, bytes);
        }
        default -> {
          // packet filter, group and later extensions: not negotiated by this server
        }
      }
      at += bytes;
    }
    return new Handshake(
        version,
        encryption,
        extField,
        isn,
        mtu,
        window,
        type,
        socket,
        cookie,
        ip,
        srt,
        km,
        sid,
        cc);
  }

  /**
   * libsrt sends string extensions as 32-bit words in host (little-endian) order: the bytes of each
   * group of four come reversed; trailing NULs pad the last group.
   */
  private static String swappedString(byte[] d, int at, int bytes) {
    byte[] s = new byte[bytes];
    for (int i = 0; i < bytes; i += 4) {
      for (int j = 0; j < 4; j++) {
        s[i + j] = d[at + i + 3 - j];
      }
    }
    int n = bytes;
    while (n > 0 && s[n - 1] == 0) {
      n--;
    }
    return new String(s, 0, n, StandardCharsets.UTF_8);
  }

  private static int putSwappedString(byte[] out, int at, int type, String value) {
    byte[] s = value.getBytes(StandardCharsets.UTF_8);
    int words = (s.length + 3) / 4;
    Bytes.putShort(out, at, type);
    Bytes.putShort(out, at + 2, words);
    at += 4;
    for (int i = 0; i < words * 4; i += 4) {
      for (int j = 0; j < 4; j++) {
        int k = i + 3 - j;
        out[at + i + j] = k < s.length ? s[k] : 0;
      }
    }
    return at + words * 4;
  }

  int encodedLength() {
    int n = CIF;
    if (srt != null) {
      n += 16;
    }
    if (km != null) {
      n += 4 + (km.length() + 3) / 4 * 4;
    }
    if (streamId != null) {
      n += 4 + (streamId.getBytes(StandardCharsets.UTF_8).length + 3) / 4 * 4;
    }
    if (congestion != null) {
      n += 4 + (congestion.getBytes(StandardCharsets.UTF_8).length + 3) / 4 * 4;
    }
    return n;
  }

  void encode(byte[] out, int at) {
    Bytes.putInt(out, at, version);
    Bytes.putShort(out, at + 4, encryption);
    Bytes.putShort(out, at + 6, extensionField);
    Bytes.putInt(out, at + 8, initialSeq);
    Bytes.putInt(out, at + 12, mtu);
    Bytes.putInt(out, at + 16, flowWindow);
    Bytes.putInt(out, at + 20, type);
    Bytes.putInt(out, at + 24, socketId);
    Bytes.putInt(out, at + 28, cookie);
    if (peerIp != null) {
      peerIp.copyTo(out, at + 32);
    }
    at += CIF;
    if (srt != null) {
      Bytes.putShort(out, at, srt.response() ? HSRSP : HSREQ);
      Bytes.putShort(out, at + 2, 3);
      Bytes.putInt(out, at + 4, srt.srtVersion());
      Bytes.putInt(out, at + 8, srt.flags());
      Bytes.putInt(out, at + 12, srt.receiverDelay() << 16 | srt.senderDelay() & 0xFFFF);
      at += 16;
    }
    if (km != null) {
      int words = (km.length() + 3) / 4;
      Bytes.putShort(out, at, kmIsResponse() ? KMRSP : KMREQ);
      Bytes.putShort(out, at + 2, words);
      km.copyTo(out, at + 4);
      at += 4 + words * 4;
    }
    if (streamId != null) {
      at = putSwappedString(out, at, SID, streamId);
    }
    if (congestion != null) {
      putSwappedString(out, at, CONGESTION, congestion);
    }
  }
}
