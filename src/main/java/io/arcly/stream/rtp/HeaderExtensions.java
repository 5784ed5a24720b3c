package io.arcly.stream.rtp;

import io.arcly.stream.media.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RTP header extension elements, RFC 8285: the one-byte form (profile {@code 0xBEDE}, ids 1 to 14,
 * 1 to 16 bytes each) and the two-byte form (profile {@code 0x100X}, ids 1 to 255, 0 to 255 bytes),
 * as WebRTC uses them for mid, rid, abs-send-time, transport-wide sequence numbers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4">RFC 8285 4</a>
 */
public final class HeaderExtensions {
  /** The profile of the one-byte header form, RFC 8285 4.2. */
  public static final int ONE_BYTE_PROFILE = 0xBEDE;

  /** The profile of the two-byte header form with appbits 0, RFC 8285 4.3. */
  public static final int TWO_BYTE_PROFILE = 0x1000;

  private HeaderExtensions() {}

  /**
   * One extension element.
   *
   * @param id the local identifier, 1 to 14 (one-byte form) or 1 to 255 (two-byte form)
   * @param data the element's bytes
   */
  public record Element(int id, Payload data) {
    /** Validates the id. */
    public Element {
      Objects.requireNonNull(data, "data");
      if (id < 1 || id > 255) {
        throw new IllegalArgumentException("extension element id must be 1 to 255: " + id);
      }
    }
  }

  /** Whether {@code profile} is the one-byte or a two-byte form (RFC 8285 4.2 and 4.3). */
  public static boolean isRfc8285(int profile) {
    return profile == ONE_BYTE_PROFILE || (profile >>> 4) == 0x100;
  }

  /**
   * The elements of a header extension of {@code profile}, empty for another profile; padding is
   * skipped and, in the one-byte form, id 15 ends the list (RFC 8285 4.2).
   *
   * @throws RtpException when an element overruns the extension
   */
  public static List<Element> parse(int profile, Payload ext) {
    List<Element> out = new ArrayList<>();
    int n = ext.length();
    int pos = 0;
    if (profile == ONE_BYTE_PROFILE) {
      while (pos < n) {
        int b = ext.get(pos);
        int id = b >>> 4;
        if (id == 0) {
          pos++; // padding
          continue;
        }
        if (id == 15) {
          break;
        }
        int len = (b & 0x0F) + 1;
        if (pos + 1 + len > n) {
          throw new RtpException("rtp extension element overruns extension");
        }
        out.add(new Element(id, ext.slice(pos + 1, pos + 1 + len)));
        pos += 1 + len;
      }
    } else if ((profile >>> 4) == 0x100) {
      while (pos < n) {
        int id = ext.get(pos);
        if (id == 0) {
          pos++;
          continue;
        }
        if (pos + 2 > n) {
          throw new RtpException("rtp extension element overruns extension");
        }
        int len = ext.get(pos + 1);
        if (pos + 2 + len > n) {
          throw new RtpException("rtp extension element overruns extension");
        }
        out.add(new Element(id, ext.slice(pos + 2, pos + 2 + len)));
        pos += 2 + len;
      }
    }
    return out;
  }

  /** The data of the element with {@code id}, or null. */
  public static Payload find(List<Element> elements, int id) {
    for (Element e : elements) {
      if (e.id() == id) {
        return e.data();
      }
    }
    return null;
  }

  /**
   * Encodes elements in the one-byte form when every id is 1 to 14 and every element 1 to 16 bytes,
   * else in the two-byte form, padded to a multiple of 4 bytes; returns the profile to put in the
   * packet and the bytes.
   *
   * @throws IllegalArgumentException when an element cannot be encoded (over 255 bytes)
   */
  public static Encoded encode(List<Element> elements) {
    boolean oneByte = true;
    int size = 0;
    for (Element e : elements) {
      int len = e.data().length();
      if (len > 255) {
        throw new IllegalArgumentException("extension element longer than 255 bytes");
      }
      oneByte &= e.id() <= 14 && len >= 1 && len <= 16;
      size += 2 + len;
    }
    byte[] out = new byte[(size + 3) & ~3];
    int pos = 0;
    for (Element e : elements) {
      int len = e.data().length();
      if (oneByte) {
        out[pos++] = (byte) ((e.id() << 4) | (len - 1));
      } else {
        out[pos++] = (byte) e.id();
        out[pos++] = (byte) len;
      }
      e.data().copyTo(out, pos);
      pos += len;
    }
    int padded = (pos + 3) & ~3;
    return new Encoded(oneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE, Payload.wrap(out, 0, padded));
  }

  /**
   * An encoded header extension.
   *
   * @param profile the profile for {@link RtpPacket#withExtension}
   * @param bytes the extension's bytes, a multiple of 4
   */
  public record Encoded(int profile, Payload bytes) {}
}
