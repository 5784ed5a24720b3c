package io.arcly.stream.rtp.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SDP session description (RFC 8866): the session-level lines and the media sections.
 *
 * <p>{@link #parse} reads what real encoders and cameras write: LF or CRLF line ends, trailing
 * spaces, blank lines, a missing {@code o=}, {@code s=} or {@code t=}, attributes at session level,
 * unknown line types (skipped, as are {@code u= e= p= r= z= k=}). It is strict where a mistake
 * would be misread: the first line must be {@code v=0}, every line must be {@code x=...} with a
 * letter, the known lines must hold what they should ({@code rtpmap} with a clock rate, a numeric
 * port), and the limits hold:
 *
 * <ul>
 *   <li>at most {@value #MAX_BYTES} bytes in all;
 *   <li>lines of at most {@value #MAX_LINE} bytes;
 *   <li>at most {@value #MAX_MEDIA} media sections;
 *   <li>at most {@value #MAX_ATTRIBUTES} attributes at session level and in each media section.
 * </ul>
 *
 * Each breach is an {@link SdpException} naming the line. {@link #toString} writes the description
 * with CRLF line ends, in the order of RFC 8866 section 5, and parses back to an equal value.
 *
 * @param version the protocol version, 0
 * @param origin the {@code o=} line, or null when it was missing
 * @param sessionName the {@code s=} text, empty when missing or blank
 * @param information the session {@code i=} text, or null
 * @param connection the session {@code c=}, or null
 * @param bandwidths the session {@code b=} lines
 * @param timings the {@code t=} lines; none stands for {@code t=0 0}, which RFC 8866 requires and
 *     cameras leave out
 * @param attributes the session-level {@code a=} lines
 * @param media the media sections
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866</a>
 */
public record SessionDescription(
    int version,
    Origin origin,
    String sessionName,
    String information,
    Connection connection,
    List<Bandwidth> bandwidths,
    List<Timing> timings,
    List<Attribute> attributes,
    List<MediaDescription> media)
    implements HasAttributes {
  /** The most bytes a description may have. */
  public static final int MAX_BYTES = 64 * 1024;

  /** The longest line, in bytes. */
  public static final int MAX_LINE = 4096;

  /** The most media sections. */
  public static final int MAX_MEDIA = 64;

  /** The most attributes at session level, and in each media section. */
  public static final int MAX_ATTRIBUTES = 256;

  /** Checks the fields and copies the lists. */
  public SessionDescription {
    if (version != 0) {
      throw new SdpException("version " + version + " is not 0");
    }
    sessionName = sessionName == null ? "" : sessionName.strip();
    Lines.text("session name", sessionName);
    if (information != null) {
      Lines.text("session information", information);
    }
    bandwidths = List.copyOf(bandwidths);
    timings = timings.isEmpty() ? List.of(Timing.UNBOUNDED) : List.copyOf(timings);
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new SdpException("session has more than " + MAX_ATTRIBUTES + " attributes");
    }
    if (media.size() > MAX_MEDIA) {
      throw new SdpException("more than " + MAX_MEDIA + " media sections");
    }
  }

  /**
   * A description with an origin, a name, session attributes and media sections, unbounded in time:
   * what a server answers to DESCRIBE.
   */
  public static SessionDescription of(
      Origin origin,
      String sessionName,
      Connection connection,
      List<Attribute> attributes,
      List<MediaDescription> media) {
    return new SessionDescription(
        0,
        origin,
        sessionName,
        null,
        connection,
        List.of(),
        List.of(Timing.UNBOUNDED),
        attributes,
        media);
  }

  /** Parses a description from its bytes (UTF-8, RFC 8866 section 5). */
  public static SessionDescription parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SdpException(
          "description of " + bytes.length + " bytes is longer than " + MAX_BYTES);
    }
    return SdpParser.parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses a description from its text. */
  public static SessionDescription parse(String text) {
    if (text.length() > MAX_BYTES) {
      throw new SdpException(
          "description of " + text.length() + " characters is longer than " + MAX_BYTES);
    }
    return SdpParser.parse(text);
  }

  /**
   * The direction of media section {@code m}: its own direction attribute, else the session's, else
   * {@link Direction#SENDRECV}.
   */
  public Direction direction(MediaDescription m) {
    return m.ownDirection().or(this::ownDirection).orElse(Direction.SENDRECV);
  }

  /** The connection that applies to media section {@code m}: its own, else the session's. */
  public Connection connection(MediaDescription m) {
    return m.connection() != null ? m.connection() : connection;
  }

  /** This description with other media sections. */
  public SessionDescription withMedia(List<MediaDescription> newMedia) {
    return new SessionDescription(
        version,
        origin,
        sessionName,
        information,
        connection,
        bandwidths,
        timings,
        attributes,
        newMedia);
  }

  /** The description as UTF-8 bytes. */
  public byte[] toBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The description as SDP text with CRLF line ends. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(256 + 256 * media.size());
    line(b, 'v', Integer.toString(version));
    if (origin != null) {
      line(b, 'o', origin.toString());
    }
    line(b, 's', sessionName.isEmpty() ? " " : sessionName);
    if (information != null) {
      line(b, 'i', information);
    }
    if (connection != null) {
      line(b, 'c', connection.toString());
    }
    for (Bandwidth bw : bandwidths) {
      line(b, 'b', bw.toString());
    }
    for (Timing t : timings) {
      line(b, 't', t.toString());
    }
    for (Attribute a : attributes) {
      line(b, 'a', a.toString());
    }
    for (MediaDescription m : media) {
      List<String> mline = new ArrayList<>();
      mline.add(m.media());
      mline.add(m.portCount() > 1 ? m.port() + "/" + m.portCount() : Integer.toString(m.port()));
      mline.add(m.proto());
      mline.addAll(m.formats());
      line(b, 'm', String.join(" ", mline));
      if (m.information() != null) {
        line(b, 'i', m.information());
      }
      if (m.connection() != null) {
        line(b, 'c', m.connection().toString());
      }
      for (Bandwidth bw : m.bandwidths()) {
        line(b, 'b', bw.toString());
      }
      for (Attribute a : m.attributes()) {
        line(b, 'a', a.toString());
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, char type, String value) {
    b.append(type).append('=').append(value).append("\r\n");
  }
}
