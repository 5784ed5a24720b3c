package io.arcly.stream.rtp;

import io.arcly.stream.media.Payload;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP packet, RFC 3550 5.1: the fixed header, the contributing sources, the header extension
 * and the payload, the latter two as slices of the received bytes (nothing is copied).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC)        |
 * |  defined by profile (X=1)     |           length              |
 * |                        header extension                       |
 * |                           payload ...   | padding | pad count |
 * </pre>
 *
 * <p>Limits: a packet is 12 to {@link #MAX_SIZE} bytes; padding, CSRC list and header extension
 * must fit within it. Anything else is an {@link RtpException}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 5.1</a>
 */
public final class RtpPacket {
  /** The size of the fixed header. */
  public static final int HEADER_SIZE = 12;

  /** The largest packet accepted: what an RTSP interleaved frame (RFC 2326 10.12) can carry. */
  public static final int MAX_SIZE = 65_535;

  private static final int[] NO_CSRC = new int[0];

  private final boolean marker;
  private final int payloadType;
  private final int sequence;
  private final long timestamp;
  private final long ssrc;
  private final int[] csrc;
  private final int extensionProfile;
  private final Payload extension;
  private final Payload payload;

  private RtpPacket(
      boolean marker,
      int payloadType,
      int sequence,
      long timestamp,
      long ssrc,
      int[] csrc,
      int extensionProfile,
      Payload extension,
      Payload payload) {
    this.marker = marker;
    this.payloadType = payloadType;
    this.sequence = sequence;
    this.timestamp = timestamp;
    this.ssrc = ssrc;
    this.csrc = csrc;
    this.extensionProfile = extensionProfile;
    this.extension = extension;
    this.payload = payload;
  }

  /**
   * A packet without CSRCs or header extension, for packetizers and tests.
   *
   * @throws IllegalArgumentException when a field is out of its range
   */
  public static RtpPacket of(
      boolean marker, int payloadType, int sequence, long timestamp, long ssrc, Payload payload) {
    checkFields(payloadType, sequence, timestamp, ssrc);
    return new RtpPacket(
        marker,
        payloadType,
        sequence,
        timestamp,
        ssrc,
        NO_CSRC,
        -1,
        Payload.EMPTY,
        Objects.requireNonNull(payload, "payload"));
  }

  /**
   * Parses a packet from {@code b[off, off + len)}, which the caller hands over: the payload and
   * extension share the array, which must not be modified afterwards.
   *
   * @throws RtpException when the bytes are not a valid RTP packet
   */
  public static RtpPacket parse(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    return parse(Payload.wrap(b, off, len));
  }

  /**
   * Parses a packet held in {@code p}; payload and extension are slices of it.
   *
   * @throws RtpException when the bytes are not a valid RTP packet
   */
  public static RtpPacket parse(Payload p) {
    int len = p.length();
    if (len < HEADER_SIZE) {
      throw new RtpException("rtp packet shorter than its header");
    }
    if (len > MAX_SIZE) {
      throw new RtpException("rtp packet too large");
    }
    int b0 = p.get(0);
    if (b0 >>> 6 != 2) {
      throw new RtpException("rtp version is not 2");
    }
    int end = len;
    if ((b0 & 0x20) != 0) {
      int pad = p.get(len - 1);
      if (pad == 0) {
        throw new RtpException("rtp padding count is 0");
      }
      if (pad > len - HEADER_SIZE) {
        throw new RtpException("rtp padding overruns packet");
      }
      end -= pad;
    }
    int cc = b0 & 0x0F;
    int pos = HEADER_SIZE + 4 * cc;
    if (pos > end) {
      throw new RtpException("rtp csrc list overruns packet");
    }
    int[] csrc = NO_CSRC;
    if (cc > 0) {
      csrc = new int[cc];
      for (int i = 0; i < cc; i++) {
        csrc[i] = (int) u32(p, HEADER_SIZE + 4 * i);
      }
    }
    int profile = -1;
    Payload ext = Payload.EMPTY;
    if ((b0 & 0x10) != 0) {
      if (pos + 4 > end) {
        throw new RtpException("rtp header extension overruns packet");
      }
      profile = (p.get(pos) << 8) | p.get(pos + 1);
      int words = (p.get(pos + 2) << 8) | p.get(pos + 3);
      int extEnd = pos + 4 + 4 * words;
      if (extEnd > end) {
        throw new RtpException("rtp header extension overruns packet");
      }
      ext = p.slice(pos + 4, extEnd);
      pos = extEnd;
    }
    if (pos > end) {
      throw new RtpException("rtp padding overruns packet");
    }
    int b1 = p.get(1);
    return new RtpPacket(
        (b1 & 0x80) != 0,
        b1 & 0x7F,
        (p.get(2) << 8) | p.get(3),
        u32(p, 4),
        u32(p, 8),
        csrc,
        profile,
        ext,
        p.slice(pos, end));
  }

  private static long u32(Payload p, int at) {
    return ((long) p.get(at) << 24) | (p.get(at + 1) << 16) | (p.get(at + 2) << 8) | p.get(at + 3);
  }

  private static void checkFields(int payloadType, int sequence, long timestamp, long ssrc) {
    if (payloadType >>> 7 != 0 || sequence >>> 16 != 0) {
      throw new IllegalArgumentException("payload type must be 0 to 127, sequence 0 to 65535");
    }
    if (timestamp >>> 32 != 0 || ssrc >>> 32 != 0) {
      throw new IllegalArgumentException("timestamp and ssrc must be 32-bit unsigned values");
    }
  }

  /**
   * Writes a fixed header without CSRCs or extension into {@code dst} at {@code off}, so a packet's
   * bytes can be built once and shared, and returns {@link #HEADER_SIZE}.
   *
   * @throws IllegalArgumentException when a field is out of its range
   */
  public static int writeHeader(
      byte[] dst,
      int off,
      boolean marker,
      int payloadType,
      int sequence,
      long timestamp,
      long ssrc) {
    checkFields(payloadType, sequence, timestamp, ssrc);
    Objects.checkFromIndexSize(off, HEADER_SIZE, dst.length);
    dst[off] = (byte) 0x80;
    dst[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    dst[off + 2] = (byte) (sequence >>> 8);
    dst[off + 3] = (byte) sequence;
    putU32(dst, off + 4, timestamp);
    putU32(dst, off + 8, ssrc);
    return HEADER_SIZE;
  }

  private static void putU32(byte[] dst, int off, long v) {
    dst[off] = (byte) (v >>> 24);
    dst[off + 1] = (byte) (v >>> 16);
    dst[off + 2] = (byte) (v >>> 8);
    dst[off + 3] = (byte) v;
  }

  /** The size of {@link #toBytes()}: header, CSRCs, extension and payload, without padding. */
  public int encodedLength() {
    int n = HEADER_SIZE + 4 * csrc.length + payload.length();
    return extensionProfile < 0 ? n : n + 4 + extension.length();
  }

  /**
   * The packet's bytes (without the padding it may have arrived with).
   *
   * @throws IllegalStateException when the extension's length is not a multiple of 4 bytes
   */
  public byte[] toBytes() {
    if (extension.length() % 4 != 0) {
      throw new IllegalStateException("rtp header extension not a multiple of 4 bytes");
    }
    byte[] out = new byte[encodedLength()];
    writeHeader(out, 0, marker, payloadType, sequence, timestamp, ssrc);
    out[0] = (byte) (0x80 | (extensionProfile >= 0 ? 0x10 : 0) | csrc.length);
    int pos = HEADER_SIZE;
    for (int c : csrc) {
      putU32(out, pos, c & 0xFFFF_FFFFL);
      pos += 4;
    }
    if (extensionProfile >= 0) {
      out[pos] = (byte) (extensionProfile >>> 8);
      out[pos + 1] = (byte) extensionProfile;
      int words = extension.length() / 4;
      out[pos + 2] = (byte) (words >>> 8);
      out[pos + 3] = (byte) words;
      extension.copyTo(out, pos + 4);
      pos += 4 + extension.length();
    }
    payload.copyTo(out, pos);
    return out;
  }

  /** The marker bit; its meaning is the payload format's (the last packet of a frame for video). */
  public boolean marker() {
    return marker;
  }

  /** The payload type, 0 to 127. */
  public int payloadType() {
    return payloadType;
  }

  /** The sequence number, 0 to 65535. */
  public int sequence() {
    return sequence;
  }

  /** The timestamp, an unsigned 32-bit value in the payload format's clock. */
  public long timestamp() {
    return timestamp;
  }

  /** The synchronization source, an unsigned 32-bit value. */
  public long ssrc() {
    return ssrc;
  }

  /** The number of contributing sources, 0 to 15. */
  public int csrcCount() {
    return csrc.length;
  }

  /** The contributing source at {@code index}, an unsigned 32-bit value. */
  public long csrc(int index) {
    return csrc[index] & 0xFFFF_FFFFL;
  }

  /** Whether the packet has a header extension. */
  public boolean hasExtension() {
    return extensionProfile >= 0;
  }

  /** The header extension's 16-bit profile ("defined by profile"), -1 without an extension. */
  public int extensionProfile() {
    return extensionProfile;
  }

  /** The header extension's bytes after its 4-byte header, empty without an extension. */
  public Payload extension() {
    return extension;
  }

  /**
   * The RFC 8285 elements of the header extension (one-byte or two-byte form, by its profile), or
   * none for another profile or no extension.
   *
   * @throws RtpException when an element overruns the extension
   */
  public java.util.List<HeaderExtensions.Element> extensionElements() {
    return HeaderExtensions.parse(extensionProfile, extension);
  }

  /** The payload, a slice of the received bytes without padding. */
  public Payload payload() {
    return payload;
  }

  /** A copy of this packet with another payload, header fields kept. */
  public RtpPacket withPayload(Payload newPayload) {
    return new RtpPacket(
        marker,
        payloadType,
        sequence,
        timestamp,
        ssrc,
        csrc,
        extensionProfile,
        extension,
        Objects.requireNonNull(newPayload, "payload"));
  }

  /** A copy of this packet with another header extension (profile -1 removes it). */
  public RtpPacket withExtension(int profile, Payload bytes) {
    if (profile < -1 || profile > 0xFFFF) {
      throw new IllegalArgumentException("extension profile must be -1 to 65535");
    }
    return new RtpPacket(
        marker,
        payloadType,
        sequence,
        timestamp,
        ssrc,
        csrc,
        profile,
        profile < 0 ? Payload.EMPTY : Objects.requireNonNull(bytes, "bytes"),
        payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket r
        && marker == r.marker
        && payloadType == r.payloadType
        && sequence == r.sequence
        && timestamp == r.timestamp
        && ssrc == r.ssrc
        && Arrays.equals(csrc, r.csrc)
        && extensionProfile == r.extensionProfile
        && extension.equals(r.extension)
        && payload.equals(r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, timestamp, ssrc, payloadType, payload);
  }

  @Override
  public String toString() {
    return "RtpPacket[pt="
        + payloadType
        + ", seq="
        + sequence
        + ", ts="
        + timestamp
        + ", ssrc="
        + ssrc
        + (marker ? ", marker" : "")
        + ", payload="
        + payload.length()
        + " bytes]";
  }
}
