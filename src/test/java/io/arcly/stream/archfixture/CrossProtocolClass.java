package io.arcly.stream.archfixture;

/**
 * A deliberate violation, used to prove the architecture rules can fail: reaching into the glue.
 */
public class CrossProtocolClass {
  io.arcly.stream.glue.ArclyRuntime runtime;
}
