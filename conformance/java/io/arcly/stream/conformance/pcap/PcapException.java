package io.arcly.stream.conformance.pcap;

/**
 * A capture file whose structure is broken or unsupported (bad magic, truncated record, unsupported
 * link type); malformed packets inside a sound file never raise it, they are skipped and counted.
 */
public class PcapException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a stable lowercase message such as {@code pcap truncated at byte
   * 1234}.
   */
  public PcapException(String message) {
    super(message);
  }
}
