package io.arcly.stream.rtp.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lookup of attributes by name, shared by the session and media levels. Names are compared ignoring
 * ASCII case, since cameras write {@code a=Control:} as readily as {@code a=control:}.
 */
public interface HasAttributes {
  /** The attributes in the order they were written. */
  List<Attribute> attributes();

  /**
   * The value of the first attribute named {@code name}: empty when there is none, an empty string
   * for a property attribute such as {@code a=rtcp-mux}.
   */
  default Optional<String> attribute(String name) {
    for (Attribute a : attributes()) {
      if (Lines.sameName(a.name(), name)) {
        return Optional.of(a.value() == null ? "" : a.value());
      }
    }
    return Optional.empty();
  }

  /**
   * The values of every attribute named {@code name}, in order (repeated ones such as {@code ssrc},
   * {@code extmap}, {@code rtcp-fb} and {@code candidate}); a property gives an empty string.
   */
  default List<String> attributeValues(String name) {
    List<String> out = new ArrayList<>();
    for (Attribute a : attributes()) {
      if (Lines.sameName(a.name(), name)) {
        out.add(a.value() == null ? "" : a.value());
      }
    }
    return List.copyOf(out);
  }

  /** Whether an attribute named {@code name} is present. */
  default boolean hasAttribute(String name) {
    return attribute(name).isPresent();
  }

  /**
   * The {@code control} attribute (RFC 2326 C.1.1), a URL or a relative path such as {@code
   * trackID=0}.
   */
  default Optional<String> control() {
    return attribute("control");
  }

  /** The {@code range} attribute (RFC 2326 C.1.5) as written, such as {@code npt=0-}. */
  default Optional<String> range() {
    return attribute("range");
  }

  /** The direction attribute at this level, if one is written (the last one wins). */
  default Optional<Direction> ownDirection() {
    Direction found = null;
    for (Attribute a : attributes()) {
      Direction d = a.value() == null ? Direction.fromName(a.name()) : null;
      if (d != null) {
        found = d;
      }
    }
    return Optional.ofNullable(found);
  }
}
