package io.arcly.stream.protocol.rtsp.wire;

/** The status codes of RTSP 1.0 and their reason phrases (RFC 2326 section 7.1.1). */
public final class RtspStatus {
  /** 200 OK. */
  public static final int OK = 200;

  /** 401 Unauthorized. */
  public static final int UNAUTHORIZED = 401;

  /** 404 Not Found. */
  public static final int NOT_FOUND = 404;

  /** 454 Session Not Found. */
  public static final int SESSION_NOT_FOUND = 454;

  /** 455 Method Not Valid in This State. */
  public static final int METHOD_NOT_VALID_IN_THIS_STATE = 455;

  /** 461 Unsupported Transport. */
  public static final int UNSUPPORTED_TRANSPORT = 461;

  /** 501 Not Implemented. */
  public static final int NOT_IMPLEMENTED = 501;

  private RtspStatus() {}

  /** The reason phrase of {@code status}, or a generic one for its class when it has none. */
  public static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 250 -> "Low on Storage Space";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Moved Temporarily";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 305 -> "Use Proxy";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Time-out";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Request Entity Too Large";
      case 414 -> "Request-URI Too Large";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 451 -> "Parameter Not Understood";
      case 452 -> "Conference Not Found";
      case 453 -> "Not Enough Bandwidth";
      case 454 -> "Session Not Found";
      case 455 -> "Method Not Valid in This State";
      case 456 -> "Header Field Not Valid for Resource";
      case 457 -> "Invalid Range";
      case 458 -> "Parameter Is Read-Only";
      case 459 -> "Aggregate operation not allowed";
      case 460 -> "Only aggregate operation allowed";
      case 461 -> "Unsupported transport";
      case 462 -> "Destination unreachable";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Time-out";
      case 505 -> "RTSP Version not supported";
      case 551 -> "Option not supported";
      default ->
          switch (status / 100) {
            case 1 -> "Informational";
            case 2 -> "Success";
            case 3 -> "Redirection";
            case 4 -> "Client Error";
            default -> "Server Error";
          };
    };
  }
}
