package io.arcly.stream.kernel.spi;

import java.util.Map;

/** One named readiness check, such as a protocol listener. */
public interface HealthCheck {
  /** The stable name shown in health reports, such as {@code rtmp}. */
  String name();

  /** The current state; must not block. */
  Report check();

  /**
   * The state of one check.
   *
   * @param up whether the component works
   * @param detail values that explain the state (port, error), shown in health output
   */
  record Report(boolean up, Map<String, String> detail) {
    /** Copies the detail map. */
    public Report {
      detail = Map.copyOf(detail);
    }

    /** Up, with details. */
    public static Report up(Map<String, String> detail) {
      return new Report(true, detail);
    }

    /** Down, with details. */
    public static Report down(Map<String, String> detail) {
      return new Report(false, detail);
    }
  }
}
