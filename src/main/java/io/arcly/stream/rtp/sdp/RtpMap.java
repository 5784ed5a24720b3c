package io.arcly.stream.rtp.sdp;

/**
 * An {@code rtpmap} attribute (RFC 8866 section 6.6): what an RTP payload type carries, such as
 * {@code 96 H264/90000} or {@code 97 MPEG4-GENERIC/44100/2}.
 *
 * @param payloadType the RTP payload type, 0 to 127
 * @param encoding the encoding name as written, such as {@code H264} or {@code opus} (compare
 *     ignoring case)
 * @param clockRate the RTP clock rate in Hz, positive
 * @param channels the audio channels, or 0 when not written (one channel, for audio)
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
  /** Checks the ranges and that the encoding is a token without {@code /}. */
  public RtpMap {
    if (payloadType < 0 || payloadType > 127) {
      throw new SdpException("rtpmap payload type " + payloadType + " outside 0 to 127");
    }
    if (!Lines.isToken(encoding)) {
      throw new SdpException("rtpmap encoding " + Lines.quote(encoding) + " is not a token");
    }
    if (clockRate <= 0) {
      throw new SdpException("rtpmap clock rate " + clockRate + " is not positive");
    }
    if (channels < 0) {
      throw new SdpException("rtpmap channels " + channels + " is negative");
    }
  }

  /** Parses the value of an {@code rtpmap} attribute. */
  public static RtpMap parse(String value) {
    return parse(0, value);
  }

  static RtpMap parse(int line, String value) {
    String[] f = Lines.fields(value);
    if (f.length == 0) {
      throw error(line, "rtpmap without a payload type");
    }
    if (f.length == 1) {
      throw error(line, "rtpmap without an encoding");
    }
    if (f.length > 2) {
      throw error(line, "rtpmap has text after the encoding");
    }
    int pt = (int) number(line, "rtpmap payload type", f[0], 127);
    String[] enc = Lines.split(f[1], '/').toArray(new String[0]);
    if (enc[0].isEmpty() || !Lines.isToken(enc[0])) {
      throw error(line, "rtpmap encoding " + Lines.quote(enc[0]) + " is not a token");
    }
    if (enc.length < 2 || enc[1].isEmpty()) {
      throw error(line, "rtpmap without a clock rate");
    }
    if (enc.length > 3) {
      throw error(line, "rtpmap has more than encoding, clock rate and channels");
    }
    int rate = (int) number(line, "rtpmap clock rate", enc[1], Integer.MAX_VALUE);
    if (rate == 0) {
      throw error(line, "rtpmap clock rate is 0");
    }
    int channels = 0;
    if (enc.length == 3 && !enc[2].isEmpty()) { // "H264/90000/" from some cameras
      channels = (int) number(line, "rtpmap channels", enc[2], 255);
      if (channels == 0) {
        throw error(line, "rtpmap channels is 0");
      }
    }
    return new RtpMap(pt, enc[0], rate, channels);
  }

  /**
   * The static payload types of RFC 3551 section 6 that need no {@code rtpmap}, or null for a
   * dynamic or unassigned one.
   */
  public static RtpMap ofStatic(int payloadType) {
    return switch (payloadType) {
      case 0 -> new RtpMap(0, "PCMU", 8000, 1);
      case 3 -> new RtpMap(3, "GSM", 8000, 1);
      case 4 -> new RtpMap(4, "G723", 8000, 1);
      case 8 -> new RtpMap(8, "PCMA", 8000, 1);
      case 9 -> new RtpMap(9, "G722", 8000, 1);
      case 10 -> new RtpMap(10, "L16", 44100, 2);
      case 11 -> new RtpMap(11, "L16", 44100, 1);
      case 14 -> new RtpMap(14, "MPA", 90000, 0);
      case 18 -> new RtpMap(18, "G729", 8000, 1);
      case 26 -> new RtpMap(26, "JPEG", 90000, 0);
      case 32 -> new RtpMap(32, "MPV", 90000, 0);
      case 33 -> new RtpMap(33, "MP2T", 90000, 0);
      case 34 -> new RtpMap(34, "H263", 90000, 0);
      default -> null;
    };
  }

  private static long number(int line, String what, String s, long max) {
    return Lines.number(line, what, s, max);
  }

  private static SdpException error(int line, String problem) {
    return Lines.error(line, problem);
  }

  /** Whether the encoding is {@code name}, ignoring case. */
  public boolean is(String name) {
    return encoding.equalsIgnoreCase(name);
  }

  @Override
  public String toString() {
    return payloadType + " " + encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
  }
}
