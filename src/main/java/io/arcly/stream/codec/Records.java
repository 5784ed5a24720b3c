package io.arcly.stream.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Helpers for records holding parameter sets: defensive copies and content equality. */
final class Records {
  private Records() {}

  /** An unmodifiable list of private copies of {@code list}'s arrays. */
  static List<byte[]> copy(List<byte[]> list, String name) {
    Objects.requireNonNull(list, name);
    List<byte[]> out = new ArrayList<>(list.size());
    for (byte[] b : list) {
      out.add(Objects.requireNonNull(b, name).clone());
    }
    return Collections.unmodifiableList(out);
  }

  /** Whether two lists hold arrays of equal content in the same order. */
  static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** A content hash of a list of arrays. */
  static int hash(List<byte[]> list) {
    int h = 1;
    for (byte[] b : list) {
      h = 31 * h + Arrays.hashCode(b);
    }
    return h;
  }

  /** The sizes of a list of arrays, for {@code toString}. */
  static String sizes(List<byte[]> list) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(list.get(i).length).append(" bytes");
    }
    return sb.append(']').toString();
  }

  /**
   * Throws the truncation exception for a record reader when fewer than {@code n} bytes are left.
   */
  static void need(int pos, int n, int end, String message) {
    if (n > end - pos) {
      throw new CodecException(message);
    }
  }
}
