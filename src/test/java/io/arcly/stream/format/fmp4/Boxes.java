package io.arcly.stream.format.fmp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A small ISO base media file format box reader for the tests. */
final class Boxes {
  private static final Set<String> CONTAINERS =
      Set.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex", "moof", "traf");

  private Boxes() {}

  /** One box: its type, offset in the parsed array, total size, content and children. */
  record Box(String type, int offset, int size, byte[] file, List<Box> children) {
    /** Offset of the box content (after the 8-byte header). */
    int contentOffset() {
      return offset + 8;
    }

    /** The content bytes after the header. */
    ByteBuffer content() {
      return ByteBuffer.wrap(file, contentOffset(), size - 8).slice();
    }

    /** The descendant at the slash-separated {@code path} of types, or an error. */
    Box get(String path) {
      Box b = this;
      for (String type : path.split("/")) {
        b =
            b.children.stream()
                .filter(c -> c.type.equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no box " + type + " in " + path));
      }
      return b;
    }

    /** All direct children of this type. */
    List<Box> all(String type) {
      return children.stream().filter(c -> c.type.equals(type)).toList();
    }

    /** The box types of the children. */
    List<String> types() {
      return children.stream().map(Box::type).toList();
    }
  }

  /** Parses {@code bytes} as a sequence of boxes, the file itself being the root. */
  static Box parse(byte[] bytes) {
    return new Box("file", -8, bytes.length + 8, bytes, parseRange(bytes, 0, bytes.length));
  }

  private static List<Box> parseRange(byte[] b, int from, int to) {
    List<Box> list = new ArrayList<>();
    int at = from;
    while (at < to) {
      if (to - at < 8) {
        throw new AssertionError("truncated box header at " + at);
      }
      int size = ByteBuffer.wrap(b, at, 4).getInt();
      String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (size < 8 || at + size > to) {
        throw new AssertionError("bad size " + size + " of " + type + " at " + at);
      }
      List<Box> children = CONTAINERS.contains(type) ? parseRange(b, at + 8, at + size) : List.of();
      list.add(new Box(type, at, size, b, children));
      at += size;
    }
    return list;
  }

  /** The bytes of a four-character code. */
  static String fourcc(ByteBuffer buf) {
    byte[] b = new byte[4];
    buf.get(b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
