package io.arcly.stream.fuzz;

import java.lang.management.ManagementFactory;

/**
 * What a decoder promises for any input, checked by the fuzz targets: it returns or throws its
 * documented exception, and allocates no more than a budget of a fixed part plus a part per input
 * byte. Any other exception, or an allocation past the budget, escapes as a finding.
 */
public final class DecoderContract {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Class<? extends RuntimeException> typed;
  private final long fixedBytes;
  private final long bytesPerInputByte;

  private DecoderContract(
      Class<? extends RuntimeException> typed, long fixedBytes, long bytesPerInputByte) {
    this.typed = typed;
    this.fixedBytes = fixedBytes;
    this.bytesPerInputByte = bytesPerInputByte;
  }

  /** A decoder whose only documented failure is {@code typed} (and its subclasses). */
  public static DecoderContract throwing(Class<? extends RuntimeException> typed) {
    return new DecoderContract(typed, 1 << 20, 64);
  }

  /**
   * The same contract with an allocation budget of {@code fixedBytes} plus {@code
   * bytesPerInputByte} for each input byte (1 MiB plus 64 per byte unless set).
   */
  public DecoderContract allocatingAtMost(long fixedBytes, long bytesPerInputByte) {
    return new DecoderContract(typed, fixedBytes, bytesPerInputByte);
  }

  /** A step of decoding, which may throw anything. */
  @FunctionalInterface
  public interface Decoding {
    /** Decodes. */
    void run() throws Exception;
  }

  /**
   * Runs {@code decoding} over an input of {@code inputLength} bytes: its documented exception is
   * swallowed, any other one escapes, and so does an {@link AssertionError} when it allocated past
   * the budget. {@code decoding} must start from scratch each time: a run over the budget is
   * measured again, since the first run of a code path also loads classes.
   */
  public void check(int inputLength, Decoding decoding) throws Exception {
    long budget = fixedBytes + bytesPerInputByte * inputLength;
    long allocated = run(decoding);
    if (allocated > budget) {
      allocated = run(decoding);
    }
    if (allocated > budget) {
      throw new AssertionError(
          "allocated "
              + allocated
              + " bytes for an input of "
              + inputLength
              + " bytes, more than the budget of "
              + budget);
    }
  }

  private long run(Decoding decoding) throws Exception {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    try {
      decoding.run();
    } catch (RuntimeException e) {
      if (!typed.isInstance(e)) {
        throw e;
      }
    }
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Fails when a value written by its encoder and decoded again differs from the value first
   * decoded.
   */
  public static void roundTrip(Object decoded, Object decodedAgain) {
    if (!decoded.equals(decodedAgain)) {
      throw new AssertionError(decoded + " written and decoded again is " + decodedAgain);
    }
  }
}
