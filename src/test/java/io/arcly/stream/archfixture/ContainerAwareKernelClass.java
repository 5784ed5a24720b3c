package io.arcly.stream.archfixture;

/** A deliberate violation, used to prove the architecture rules can fail: a container import. */
public class ContainerAwareKernelClass {
  @jakarta.inject.Inject Object injected;
}
