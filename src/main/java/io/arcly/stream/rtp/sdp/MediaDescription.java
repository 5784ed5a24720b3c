package io.arcly.stream.rtp.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A media section (RFC 8866 section 5.14): the {@code m=} line and the lines after it up to the
 * next one.
 *
 * @param media the media type: {@code video}, {@code audio}, {@code application} or another token
 * @param port the transport port, 0 to 65535 (0 in RTSP descriptions, 9 in WebRTC ones)
 * @param portCount the number of ports, 1 unless written {@code port/count}
 * @param proto the transport protocol, such as {@code RTP/AVP} or {@code UDP/TLS/RTP/SAVPF}
 * @param formats the formats, RTP payload types for RTP protocols
 * @param information the {@code i=} title, or null
 * @param connection the media-level {@code c=}, or null to use the session's
 * @param bandwidths the {@code b=} lines
 * @param attributes the {@code a=} lines, at most {@value SessionDescription#MAX_ATTRIBUTES}
 */
public record MediaDescription(
    String media,
    int port,
    int portCount,
    String proto,
    List<String> formats,
    String information,
    Connection connection,
    List<Bandwidth> bandwidths,
    List<Attribute> attributes)
    implements HasAttributes {
  /** Checks the fields and copies the lists. */
  public MediaDescription {
    if (!Lines.isToken(media)) {
      throw new SdpException("media type " + Lines.quote(media) + " is not a token");
    }
    if (port < 0 || port > 65535) {
      throw new SdpException("media port " + port + " outside 0 to 65535");
    }
    if (portCount < 1 || portCount > 65535) {
      throw new SdpException("media port count " + portCount + " outside 1 to 65535");
    }
    Lines.word("media protocol", proto);
    formats = List.copyOf(formats);
    for (String f : formats) {
      Lines.word("media format", f);
    }
    if (information != null) {
      Lines.text("media information", information);
    }
    bandwidths = List.copyOf(bandwidths);
    attributes = List.copyOf(attributes);
    if (attributes.size() > SessionDescription.MAX_ATTRIBUTES) {
      throw new SdpException(
          "media section has more than " + SessionDescription.MAX_ATTRIBUTES + " attributes");
    }
  }

  /** A media section with the given attributes and nothing else: port 0, one port, no c= or b=. */
  public static MediaDescription of(
      String media, String proto, List<String> formats, List<Attribute> attributes) {
    return new MediaDescription(media, 0, 1, proto, formats, null, null, List.of(), attributes);
  }

  /** The {@code rtpmap} attributes, in order. */
  public List<RtpMap> rtpMaps() {
    List<RtpMap> out = new ArrayList<>();
    for (String v : attributeValues("rtpmap")) {
      out.add(RtpMap.parse(v));
    }
    return List.copyOf(out);
  }

  /**
   * What payload type {@code payloadType} carries: its {@code rtpmap}, else the static assignment
   * of RFC 3551 for the types that have one.
   */
  public Optional<RtpMap> rtpMap(int payloadType) {
    for (Attribute a : attributes) {
      // Only the matching line is parsed: looking up every type of an offer stays linear.
      if (Lines.sameName(a.name(), "rtpmap")
          && a.value() != null
          && leadingNumber(a.value()) == payloadType) {
        return Optional.of(RtpMap.parse(a.value()));
      }
    }
    return Optional.ofNullable(RtpMap.ofStatic(payloadType));
  }

  /** The {@code rtpmap} of the first format, or of its static assignment. */
  public Optional<RtpMap> firstRtpMap() {
    for (String f : formats) {
      Integer pt = payloadTypeOf(f);
      if (pt != null) {
        return rtpMap(pt);
      }
    }
    return Optional.empty();
  }

  /** The {@code fmtp} parameters of {@code payloadType}, empty when it has none. */
  public Map<String, String> fmtp(int payloadType) {
    return fmtp(Integer.toString(payloadType));
  }

  /** The {@code fmtp} parameters of format {@code format}, empty when it has none. */
  public Map<String, String> fmtp(String format) {
    for (Attribute a : attributes) {
      if (Lines.sameName(a.name(), "fmtp")
          && a.value() != null
          && Lines.firstField(a.value()).equals(format)) {
        return Fmtp.parse(a.value()).parameters();
      }
    }
    return Map.of();
  }

  /** The formats that are RTP payload types (0 to 127), in order. */
  public List<Integer> payloadTypes() {
    List<Integer> out = new ArrayList<>();
    for (String f : formats) {
      Integer pt = payloadTypeOf(f);
      if (pt != null) {
        out.add(pt);
      }
    }
    return List.copyOf(out);
  }

  /** The number a value starts with (after spaces), or -1 when it starts otherwise. */
  private static int leadingNumber(String v) {
    int i = 0;
    while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
      i++;
    }
    int n = -1;
    for (int digits = 0; i < v.length() && digits < 9; i++, digits++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      n = (n < 0 ? 0 : n * 10) + (c - '0');
    }
    return i < v.length() && v.charAt(i) != ' ' && v.charAt(i) != '\t' ? -1 : n;
  }

  private static Integer payloadTypeOf(String format) {
    if (format.isEmpty() || format.length() > 3) {
      return null;
    }
    for (int i = 0; i < format.length(); i++) {
      if (format.charAt(i) < '0' || format.charAt(i) > '9') {
        return null;
      }
    }
    int pt = Integer.parseInt(format);
    return pt <= 127 ? pt : null;
  }

  /** This section with {@code attribute} added after the others. */
  public MediaDescription withAttribute(Attribute attribute) {
    List<Attribute> more = new ArrayList<>(attributes);
    more.add(attribute);
    return new MediaDescription(
        media, port, portCount, proto, formats, information, connection, bandwidths, more);
  }

  /** This section with a different port, as an answer or a server's description sets it. */
  public MediaDescription withPort(int newPort) {
    return new MediaDescription(
        media, newPort, portCount, proto, formats, information, connection, bandwidths, attributes);
  }
}
