package io.arcly.stream.rtp.sdp;

/**
 * An attribute line ({@code a=}, RFC 8866 section 5.13): a property ({@code a=recvonly}, value
 * null) or a name and a value ({@code a=control:trackID=0}).
 *
 * @param name the attribute name, a token
 * @param value the value after the first colon (possibly empty), or null for a property
 */
public record Attribute(String name, String value) {
  /** Checks the name is a token and the value holds no line break. */
  public Attribute {
    if (!Lines.isToken(name)) {
      throw new SdpException("attribute name " + Lines.quote(name) + " is not a token");
    }
    if (value != null) {
      Lines.text("attribute " + name, value);
    }
  }

  /** A property attribute, such as {@code recvonly}. */
  public static Attribute property(String name) {
    return new Attribute(name, null);
  }

  /** A value attribute, such as {@code control:trackID=0}. */
  public static Attribute of(String name, String value) {
    return new Attribute(name, java.util.Objects.requireNonNull(value, "value"));
  }

  static Attribute parse(int line, String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (!Lines.isToken(name)) {
      throw new SdpException(line, "attribute name " + Lines.quote(name) + " is not a token");
    }
    return new Attribute(name, colon < 0 ? null : text.substring(colon + 1).strip());
  }

  @Override
  public String toString() {
    return value == null ? name : name + ":" + value;
  }
}
