package io.arcly.stream.rtp.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads SDP text line by line into a {@link SessionDescription}; see there for the rules. */
final class SdpParser {
  private Origin origin;
  private String sessionName;
  private String information;
  private Connection connection;
  private final List<Bandwidth> bandwidths = new ArrayList<>();
  private final List<Timing> timings = new ArrayList<>();
  private final List<Attribute> attributes = new ArrayList<>();
  private final List<MediaDescription> media = new ArrayList<>();
  private Section section;

  /** The lines of the media section being read. */
  private static final class Section {
    final int line;
    final String media;
    final int port;
    final int portCount;
    final String proto;
    final List<String> formats;
    String information;
    Connection connection;
    final List<Bandwidth> bandwidths = new ArrayList<>();
    final List<Attribute> attributes = new ArrayList<>();

    Section(int line, String media, int port, int portCount, String proto, List<String> formats) {
      this.line = line;
      this.media = media;
      this.port = port;
      this.portCount = portCount;
      this.proto = proto;
      this.formats = formats;
    }

    MediaDescription build() {
      return new MediaDescription(
          media, port, portCount, proto, formats, information, connection, bandwidths, attributes);
    }
  }

  private SdpParser() {}

  static SessionDescription parse(String text) {
    return new SdpParser().read(text);
  }

  private SessionDescription read(String text) {
    int lineNo = 0;
    int start = 0;
    boolean sawVersion = false;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      String raw = text.substring(start, end);
      start = next;
      // A character takes at most 3 UTF-8 bytes (a surrogate pair 4 for 2), so only long lines
      // need counting.
      if (raw.length() > SessionDescription.MAX_LINE
          || (raw.length() > SessionDescription.MAX_LINE / 3
              && raw.getBytes(StandardCharsets.UTF_8).length > SessionDescription.MAX_LINE)) {
        throw new SdpException(
            lineNo, "line is longer than " + SessionDescription.MAX_LINE + " bytes");
      }
      String line = raw.stripTrailing(); // CR of CRLF, and the spaces cameras leave
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=' || !isLetter(line.charAt(0))) {
        throw new SdpException(lineNo, "not a type=value line");
      }
      char type = line.charAt(0);
      String value = line.substring(2);
      if (!sawVersion) {
        if (type != 'v') {
          throw new SdpException(lineNo, "the description does not start with v=");
        }
        if (!value.strip().equals("0")) {
          throw new SdpException(lineNo, "version " + Lines.quote(value) + " is not 0");
        }
        sawVersion = true;
        continue;
      }
      checkControls(lineNo, value);
      onLine(lineNo, type, value);
    }
    if (!sawVersion) {
      throw new SdpException("the description is empty");
    }
    closeSection();
    try {
      return new SessionDescription(
          0, origin, sessionName, information, connection, bandwidths, timings, attributes, media);
    } catch (SdpException e) {
      throw new SdpException(lineNo, e.getMessage());
    }
  }

  private void onLine(int lineNo, char type, String value) {
    switch (type) {
      case 'v' -> throw new SdpException(lineNo, "a second v= line");
      case 'o' -> {
        if (section == null) {
          origin = wrap(lineNo, () -> Origin.parse(lineNo, value));
        }
      }
      case 's' -> {
        if (section == null) {
          sessionName = value.strip();
        }
      }
      case 'i' -> {
        if (section == null) {
          information = value.strip();
        } else {
          section.information = value.strip();
        }
      }
      case 'c' -> {
        Connection c = wrap(lineNo, () -> Connection.parse(lineNo, value));
        if (section == null) {
          connection = c;
        } else {
          section.connection = c;
        }
      }
      case 'b' -> {
        Bandwidth bw = wrap(lineNo, () -> Bandwidth.parse(lineNo, value));
        if (section == null) {
          bandwidths.add(bw);
        } else {
          section.bandwidths.add(bw);
        }
      }
      case 't' -> {
        if (section == null) {
          timings.add(wrap(lineNo, () -> Timing.parse(lineNo, value)));
        }
      }
      case 'a' -> attribute(lineNo, value);
      case 'm' -> media(lineNo, value);
      default -> {
        // u= e= p= r= z= k= and types this parser does not know: skipped
      }
    }
  }

  private void attribute(int lineNo, String value) {
    Attribute a = wrap(lineNo, () -> Attribute.parse(lineNo, value));
    List<Attribute> into = section == null ? attributes : section.attributes;
    if (into.size() >= SessionDescription.MAX_ATTRIBUTES) {
      throw new SdpException(
          lineNo,
          (section == null ? "session" : "media section")
              + " has more than "
              + SessionDescription.MAX_ATTRIBUTES
              + " attributes");
    }
    // Values the accessors read again later are checked here, where the line is known.
    if (a.name().equalsIgnoreCase("rtpmap")) {
      RtpMap.parse(lineNo, a.value() == null ? "" : a.value());
    } else if (a.name().equalsIgnoreCase("fmtp")) {
      wrap(lineNo, () -> Fmtp.parse(lineNo, a.value() == null ? "" : a.value()));
    }
    into.add(a);
  }

  private void media(int lineNo, String value) {
    closeSection();
    if (media.size() >= SessionDescription.MAX_MEDIA) {
      throw new SdpException(
          lineNo, "more than " + SessionDescription.MAX_MEDIA + " media sections");
    }
    String[] f = Lines.fields(value);
    if (f.length < 3) {
      throw new SdpException(lineNo, "media line needs a type, a port and a protocol");
    }
    if (!Lines.isToken(f[0])) {
      throw new SdpException(lineNo, "media type " + Lines.quote(f[0]) + " is not a token");
    }
    String portText = f[1];
    int count = 1;
    int slash = portText.indexOf('/');
    if (slash >= 0) {
      count = (int) Lines.number(lineNo, "media port count", portText.substring(slash + 1), 65535);
      if (count == 0) {
        throw new SdpException(lineNo, "media port count is 0");
      }
      portText = portText.substring(0, slash);
    }
    int port = (int) Lines.number(lineNo, "media port", portText, 65535);
    List<String> formats = List.of(f).subList(3, f.length);
    section = new Section(lineNo, f[0], port, count, f[2], formats);
  }

  private void closeSection() {
    if (section != null) {
      Section s = section;
      media.add(wrap(s.line, s::build));
      section = null;
    }
  }

  /** Names the line in an error a value type raised without knowing it. */
  private static <T> T wrap(int lineNo, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (SdpException e) {
      if (e.line() > 0) {
        throw e;
      }
      throw new SdpException(lineNo, e.getMessage());
    }
  }

  private static void checkControls(int lineNo, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0 || c == '\r') {
        throw new SdpException(lineNo, "line holds a nul or a lone carriage return");
      }
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
