package io.arcly.stream.glue;

/**
 * An HTTP error the API answers as its JSON error shape: status, stable lowercase code and a
 * message naming the problem.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
